package proctable

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStatHandlesHostileCommandNames(t *testing.T) {
	// The comm field may hold spaces and ')' — fields count from the last ')'.
	stat := "1234 (evil) name) S 1200 1234 1234 34817 1234 4194304 100 0 0 0 1 2 0 0 20 0 1 0 4567 1000 200 18446744073709551615\n"
	var p Process
	tty, err := parseStat([]byte(stat), &p)
	require.NoError(t, err)
	assert.Equal(t, uint32(1200), p.PPID)
	assert.Equal(t, uint64(34817), tty)
	assert.Equal(t, uint64(4567*tickNS), p.StartNS)
}

func TestParseStatRejectsTruncated(t *testing.T) {
	var p Process
	_, err := parseStat([]byte("1 (init) S 0 1"), &p)
	assert.Error(t, err)
	_, err = parseStat([]byte("no parens"), &p)
	assert.Error(t, err)
}

func TestParseStatus(t *testing.T) {
	status := "Name:\tsleep\nUid:\t1000\t0\t1001\t0\nGid:\t100\t101\t102\t100\nCapPrm:\t0000000000003000\nCapEff:\t0000000000001000\nNSpid:\t4242\t7\n"
	var p Process
	parseStatus([]byte(status), &p)
	assert.Equal(t, Creds{UID: 1000, EUID: 0, SUID: 1001, GID: 100, EGID: 101, SGID: 102, CapEffective: 0x1000, CapPermitted: 0x3000}, p.Creds)
	assert.Equal(t, uint32(7), p.VPID, "the innermost namespace's pid")
}

func TestTTYName(t *testing.T) {
	for nr, want := range map[uint64]string{
		0:              "",
		136<<8 | 3:     "pts/3",
		137<<8 | 4:     "pts/260",
		4<<8 | 1:       "tty1",
		4<<8 | 65:      "ttyS1",
		136<<8 | 1<<20: "pts/256", // minor 256: its bits above the low 8 live from bit 20
	} {
		assert.Equal(t, want, ttyName(nr), "tty_nr %#x", nr)
	}
	assert.Equal(t, "pts/3", KernelTTYName("pts3"))
	assert.Equal(t, "tty1", KernelTTYName("tty1"))
}

func TestSplitArgs(t *testing.T) {
	assert.Equal(t, []string{"ls", "-l", ""}, SplitArgs([]byte("ls\x00-l\x00\x00")))
	assert.Equal(t, []string{"a b"}, SplitArgs([]byte("a b")))
	assert.Nil(t, SplitArgs(nil))
}

func TestReadOwnProcess(t *testing.T) {
	r := &ProcReader{Root: "/proc", Redact: func(a []string) []string { return append([]string{"redacted"}, a[1:]...) }}
	p, err := r.Read(uint32(os.Getpid()))
	require.NoError(t, err)
	wd, _ := os.Getwd()
	assert.Equal(t, wd, p.Cwd)
	assert.Equal(t, "redacted", p.Args[0])
	assert.Equal(t, uint32(os.Geteuid()), p.Creds.EUID)
	assert.NotZero(t, p.Namespaces.PID)
	assert.NotZero(t, p.Namespaces.Net)
	stat, _ := os.ReadFile("/proc/self/stat")
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	start, _ := strconv.ParseUint(fields[19], 10, 64)
	assert.Equal(t, start*tickNS, p.StartNS)
}

func FuzzParseStat(f *testing.F) {
	f.Add([]byte("1 (init) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0 0\n"))
	f.Add([]byte("2 (a)b) R"))
	f.Fuzz(func(t *testing.T, stat []byte) {
		var p Process
		_, _ = parseStat(stat, &p)
		parseStatus(stat, &p)
	})
}
