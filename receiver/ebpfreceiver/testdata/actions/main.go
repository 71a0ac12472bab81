// Command actions performs one real kernel action per subcommand, for the
// ebpf receiver's integration tests: the tests run it (on the host or in a
// runc container) and then look for the record the action must produce.
// Each subcommand prints what the test needs to know as one JSON object.
//
// Usage: actions <subcommand> [args...]
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"os"
)

// action performs a subcommand and returns facts for the test.
type action func(args []string) (map[string]any, error)

var actions map[string]action

func init() {
	actions = map[string]action{
		"tcp":           tcpConnectAccept,
		"dns":           dnsQueries,
		"open":          openFile,
		"open-as":       openFileAs,
		"unlink":        unlinkFile,
		"rename":        renameFile,
		"chmod":         chmodFile,
		"symlink":       symlinkFile,
		"link":          linkFile,
		"mkdir":         mkdirPath,
		"opendir":       openDirectory,
		"opendir-as":    openDirectoryAs,
		"mmap-wx":       mmapWX,
		"mprotect-wx":   mprotectWX,
		"memfd-exec":    memfdExec,
		"ptrace":        ptraceAttach,
		"vm-write":      vmWrite,
		"setuid":        setuid,
		"setresuid":     setresuid,
		"setuid-as":     setuidAs,
		"traceme":       traceme,
		"regain-root":   regainRoot,
		"capset-raise":  capsetRaise,
		"exec-noargs":   execNoArgs,
		"capset":        capset,
		"init-module":   initModule,
		"bpf-load":      bpfLoad,
		"unshare":       unshareNS,
		"setns":         setnsUTS,
		"mount":         mountTmpfs,
		"chroot":        chrootDir,
		"pivot-root":    pivotRoot,
		"open-storm":    openStorm,
		"connect-storm": connectStorm,
		"after-stdin":   afterStdin,
		"sockets":       packetAndRawSockets,
		"userfaultfd":   userfaultfdAs,
		"personality":   personalityCalls,
		"clone-ns":      cloneNamespaces,
		"setns-targets": setnsTargets,
		"setns-pidfd":   setnsPidfd,
		"mount-api":     mountWithNewAPI,
		"io-uring":      ioUringSetup,
		"on-terminal":   onTerminal,
	}
	maps.Copy(actions, archActions)
}

// afterStdin waits for a line on stdin, then performs the subcommand in
// args: a process that exists before the test starts the receiver and acts
// after.
func afterStdin(args []string) (map[string]any, error) {
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return nil, err
	}
	return actions[args[0]](args[1:])
}

func main() {
	if len(os.Args) < 2 || actions[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: actions <subcommand> [args...]")
		os.Exit(2)
	}
	facts, err := actions[os.Args[1]](os.Args[2:])
	if facts == nil {
		facts = map[string]any{}
	}
	facts["pid"] = os.Getpid()
	if err != nil {
		facts["error"] = err.Error()
	}
	if err := json.NewEncoder(os.Stdout).Encode(facts); err != nil {
		os.Exit(1)
	}
}
