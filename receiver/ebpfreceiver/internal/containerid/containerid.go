// Package containerid derives container identity from a process's cgroup path.
//
// Container runtimes and the kubelet encode the container id and the pod UID
// in cgroup directory names (for example "cri-containerd-<id>.scope" or
// "kubepods-burstable-pod<uid>.slice"), so the path that the BPF side reports
// for every exec is enough: no runtime API is queried. Parsing is purely
// lexical, does not allocate except to rewrite systemd-escaped pod UIDs, and
// tolerates paths whose leading components were dropped.
package containerid

import (
	"bytes"
	"strings"
)

// Runtime names reported in Info.Runtime.
const (
	RuntimeDocker     = "docker"
	RuntimeContainerd = "containerd"
	RuntimeCRIO       = "cri-o"
	RuntimePodman     = "podman"
)

// Info is what a cgroup path says about the container a process runs in.
//
// Parse returns ContainerID and (for cgroupfs-style paths) PodUID as
// substrings of its input, so keeping an Info keeps the input string alive.
type Info struct {
	ContainerID string // 64 lowercase hex, "" for host processes
	Runtime     string // one of the Runtime* constants, "" when unknown or host
	PodUID      string // canonical dashed lowercase UUID, "" when not in a pod
}

const (
	idLen   = 64 // container ids of all supported runtimes are 32-byte hex
	uuidLen = 36 // 32 hex digits and 4 separators
)

// namedForm is one "<prefix><id>[.scope]" naming scheme of a runtime.
type namedForm struct {
	prefix  string
	runtime string // "" marks a monitor (conmon) cgroup, which holds no container
	bare    bool   // the cgroupfs driver also uses the name without ".scope"
}

// namedForms lists the prefixed container cgroup names. Monitor prefixes are
// listed before their runtime's plain prefix for readability only: the id
// validation already keeps "crio-" from matching "crio-conmon-<id>".
var namedForms = [...]namedForm{
	{prefix: "docker-", runtime: RuntimeDocker},
	{prefix: "cri-containerd-", runtime: RuntimeContainerd},
	{prefix: "nerdctl-", runtime: RuntimeContainerd},
	{prefix: "crio-conmon-", bare: true},
	{prefix: "crio-", runtime: RuntimeCRIO, bare: true},
	{prefix: "libpod-conmon-", bare: true},
	{prefix: "libpod-", runtime: RuntimePodman, bare: true},
}

// Parse extracts the container id, runtime and pod UID from a cgroup path.
//
// Components are read from the root down and the innermost container or pod
// wins, so nested setups (docker-in-docker, kind nodes) report the workload
// the process actually belongs to. Sub-cgroups below a container (for example
// "init.scope" of systemd inside the container) do not change the result.
func Parse(cgroupPath string) Info {
	var s scanner
	// Without a leading "/" the path was cut inside its first component, whose
	// remaining text must not be trusted to tell the runtime of its child.
	trusted := strings.HasPrefix(cgroupPath, "/")
	parent, parentTrusted := "", false
	for rest := cgroupPath; rest != ""; {
		var comp string
		comp, rest, _ = strings.Cut(rest, "/")
		if comp == "" {
			continue
		}
		s.visit(comp, parent, parentTrusted)
		parent, parentTrusted = comp, trusted
		trusted = true
	}
	return s.info()
}

// scanner accumulates the innermost container and pod seen so far.
type scanner struct {
	id, runtime string
	pod         string
	podSep      byte // separator used in pod; '_' needs rewriting
}

func (s *scanner) visit(comp, parent string, parentTrusted bool) {
	if uid, sep, ok := podUID(comp); ok {
		// A pod below a container is a nested kubelet's pod: the outer
		// container no longer describes this process.
		s.pod, s.podSep = uid, sep
		s.id, s.runtime = "", ""
		return
	}
	if id, runtime, ok := namedContainer(comp); ok {
		s.id, s.runtime = id, runtime
		return
	}
	if isContainerID(comp) {
		s.id = comp
		s.runtime = ""
		if parentTrusted {
			s.runtime = bareIDRuntime(parent)
		}
	}
}

func (s *scanner) info() Info {
	pod := s.pod
	if s.podSep == '_' {
		pod = strings.ReplaceAll(pod, "_", "-")
	}
	return Info{ContainerID: s.id, Runtime: s.runtime, PodUID: pod}
}

// namedContainer matches a runtime-prefixed container cgroup name. ok with an
// empty id means a monitor cgroup, which resets any outer container.
func namedContainer(comp string) (id, runtime string, ok bool) {
	name, scope := strings.CutSuffix(comp, ".scope")
	for _, f := range &namedForms {
		if !scope && !f.bare {
			continue
		}
		if rest, found := strings.CutPrefix(name, f.prefix); found && isContainerID(rest) {
			if f.runtime == "" {
				return "", "", true
			}
			return rest, f.runtime, true
		}
	}
	return "", "", false
}

// bareIDRuntime guesses the runtime of a container whose cgroup is named by
// its id alone, from the name of the parent cgroup.
func bareIDRuntime(parent string) string {
	switch {
	case parent == "docker":
		return RuntimeDocker
	case isPod(parent):
		// Kubelet cgroupfs driver; dockershim is gone, so this is CRI containerd.
		return RuntimeContainerd
	case isNamespace(parent):
		// containerd without CRI (ctr, nerdctl) uses "/<namespace>/<id>".
		return RuntimeContainerd
	}
	return ""
}

func isPod(comp string) bool {
	_, _, ok := podUID(comp)
	return ok
}

// podUID matches the pod cgroup of the kubelet: "pod<uid>" with the cgroupfs
// driver, "<qos-prefix>-pod<uid>.slice" with dashes escaped to underscores
// with the systemd driver.
func podUID(comp string) (uid string, sep byte, ok bool) {
	if rest, found := strings.CutPrefix(comp, "pod"); found && isUUID(rest, '-') {
		return rest, '-', true
	}
	name, found := strings.CutSuffix(comp, ".slice")
	if !found || len(name) < len("pod")+uuidLen {
		return "", 0, false
	}
	uid = name[len(name)-uuidLen:]
	head, found := strings.CutSuffix(name[:len(name)-uuidLen], "pod")
	// systemd joins slice levels with "-"; an empty head means the path was
	// truncated right at "pod".
	if !found || (head != "" && head[len(head)-1] != '-') || !isUUID(uid, '_') {
		return "", 0, false
	}
	return uid, '_', true
}

// isUUID reports whether s is a lowercase UUID in 8-4-4-4-12 form using sep.
func isUUID(s string, sep byte) bool {
	if len(s) != uuidLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != sep {
				return false
			}
		default:
			if !isLowerHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isContainerID requires exactly 64 lowercase hex digits: shorter or mixed
// case names are too likely to be something else.
func isContainerID(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerHex(s[i]) {
			return false
		}
	}
	return true
}

func isLowerHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
}

// isNamespace reports whether s is a valid containerd namespace name
// (alphanumeric runs joined by single '.', '_' or '-', at most 76 bytes) that
// is not a systemd unit, whose children are never bare container ids.
func isNamespace(s string) bool {
	if s == "" || len(s) > 76 || isSystemdUnit(s) {
		return false
	}
	afterSep := true // also rejects a leading separator
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			afterSep = false
		case c == '.' || c == '_' || c == '-':
			if afterSep {
				return false
			}
			afterSep = true
		default:
			return false
		}
	}
	return !afterSep
}

func isSystemdUnit(s string) bool {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return false
	}
	switch s[i+1:] {
	case "slice", "scope", "service", "socket", "mount", "swap":
		return true
	}
	return false
}

// FromProcCgroup picks the path to parse from the content of a
// /proc/<pid>/cgroup file: the cgroup v2 line ("0::/path") when v2 is true,
// else the v1 line of the memory controller ("7:memory:/docker/<id>"). It
// returns "" when that line is absent.
func FromProcCgroup(content []byte, v2 bool) string {
	for len(content) > 0 {
		var line []byte
		line, content, _ = bytes.Cut(content, []byte{'\n'})
		if path, ok := lineCgroupPath(line, v2); ok {
			return string(path)
		}
	}
	return ""
}

// lineCgroupPath parses one "hierarchy-ID:controller-list:path" line. The path
// is everything after the second colon, as it may itself contain colons.
func lineCgroupPath(line []byte, v2 bool) ([]byte, bool) {
	hierarchy, rest, ok := bytes.Cut(line, []byte{':'})
	if !ok {
		return nil, false
	}
	controllers, path, ok := bytes.Cut(rest, []byte{':'})
	if !ok {
		return nil, false
	}
	if v2 {
		if string(hierarchy) != "0" || len(controllers) != 0 {
			return nil, false
		}
		// The kernel appends this marker when the v2 cgroup has been removed.
		return bytes.TrimSuffix(path, []byte(" (deleted)")), true
	}
	for c := range bytes.SplitSeq(controllers, []byte{','}) {
		if string(c) == "memory" {
			return path, true
		}
	}
	return nil, false
}
