package kernel

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aligned copies b into an 8-byte aligned buffer, as ring buffer records are.
func aligned(b []byte) []byte {
	words := make([]uint64, len(b)/8+1)
	out := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(b))
	copy(out, b)
	return out
}

func bytesOf[T any](v *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))
}

// encodeExec lays out an exec record as bpf/process.h writes it.
func encodeExec(ev ExecEvent, args, exe, cwd, filename, cgroup, tty string) []byte {
	ev.ArgsLen, ev.ExeLen, ev.CwdLen = uint16(len(args)), uint16(len(exe)), uint16(len(cwd))
	ev.FilenameLen, ev.CgroupLen, ev.TtyLen = uint16(len(filename)), uint16(len(cgroup)), uint16(len(tty))
	raw := append([]byte{}, bytesOf(&ev)...)
	raw = append(raw, args+exe+cwd+filename+cgroup+tty...)
	return aligned(raw)
}

func TestDecodeExecRoundTrip(t *testing.T) {
	in := ExecEvent{Ppid: 41, Uid: 1000, Euid: 0, Flags: ExecHasTTY | ExecArgsTruncated}
	in.Hdr = Header{KtimeNs: 123456789, CgroupId: 77, Pid: 42, Tid: 42, Type: uint16(TypeExec)}
	raw := encodeExec(in, "curl\x00-s\x00http://x\x00", "/usr/bin/curl", "/tmp", "/bin/curl", "/docker/abc", "pts3")

	var out Exec
	require.NoError(t, DecodeExec(raw, &out))
	assert.Equal(t, uint32(42), out.Hdr.Pid)
	assert.Equal(t, uint32(41), out.Ppid)
	assert.Equal(t, uint32(1000), out.Uid)
	assert.Equal(t, uint64(123456789), out.Hdr.KtimeNs)
	assert.Equal(t, ExecHasTTY|ExecArgsTruncated, out.Flags)
	assert.Equal(t, "curl\x00-s\x00http://x\x00", string(out.Args))
	assert.Equal(t, "/usr/bin/curl", string(out.Exe))
	assert.Equal(t, "/tmp", string(out.Cwd))
	assert.Equal(t, "/bin/curl", string(out.Filename))
	assert.Equal(t, "/docker/abc", string(out.Cgroup))
	assert.Equal(t, "pts3", string(out.TTY))

	h, err := DecodeHeader(raw)
	require.NoError(t, err)
	assert.Equal(t, TypeExec, EventType(h.Type))
}

func TestDecodeExecRejectsLengthsPastTheRecord(t *testing.T) {
	raw := encodeExec(ExecEvent{}, "abc", "", "", "", "", "")
	raw = raw[:len(raw)-1] // the args claim 3 bytes, 2 are there
	var out Exec
	assert.ErrorIs(t, DecodeExec(raw, &out), ErrShort)
}

func TestDecodeRejectsShortAndMisaligned(t *testing.T) {
	var out Exec
	assert.ErrorIs(t, DecodeExec(aligned(make([]byte, 10)), &out), ErrShort)
	_, err := DecodeExit(aligned(make([]byte, int(unsafe.Sizeof(ExitEvent{}))-1)))
	assert.ErrorIs(t, err, ErrShort)
	buf := aligned(make([]byte, 256))
	_, err = DecodeHeader(buf[1:])
	assert.ErrorIs(t, err, ErrMisaligned)
}

func TestDecodeFixedRoundTrip(t *testing.T) {
	exit := ExitEvent{StartBoottime: 5, ExitCode: 7 << 8, Ppid: 3}
	exit.Hdr = Header{Pid: 9, Type: uint16(TypeExit)}
	got, err := DecodeExit(aligned(bytesOf(&exit)))
	require.NoError(t, err)
	assert.Equal(t, exit, *got)

	fork := ForkEvent{StartBoottime: 11, ParentStartBoottime: 10, Ppid: 8}
	fork.Hdr = Header{Pid: 12, Type: uint16(TypeFork)}
	gotFork, err := DecodeFork(aligned(bytesOf(&fork)))
	require.NoError(t, err)
	assert.Equal(t, fork, *gotFork)
}

// The decode of a fixed-size record, the per-event hot path, must not allocate.
func TestDecodeDoesNotAllocate(t *testing.T) {
	exit := ExitEvent{Hdr: Header{Type: uint16(TypeExit)}}
	rawExit := aligned(bytesOf(&exit))
	rawExec := encodeExec(ExecEvent{}, "a\x00b\x00", "/bin/a", "/", "/bin/a", "/", "")
	var out Exec
	allocs := testing.AllocsPerRun(1000, func() {
		_, _ = DecodeHeader(rawExit)
		_, _ = DecodeExit(rawExit)
		_ = DecodeExec(rawExec, &out)
	})
	assert.Zero(t, allocs)
}

func FuzzDecodeExec(f *testing.F) {
	f.Add(encodeExec(ExecEvent{}, "sh\x00-c\x00true\x00", "/bin/sh", "/", "/bin/sh", "/", ""))
	f.Add(encodeExec(ExecEvent{}, "", "", "", "", "", ""))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		raw := aligned(data)
		var out Exec
		if err := DecodeExec(raw, &out); err != nil {
			return
		}
		total := int(out.ArgsLen) + int(out.ExeLen) + int(out.CwdLen) + int(out.FilenameLen) + int(out.CgroupLen) + int(out.TtyLen)
		if int(unsafe.Sizeof(ExecEvent{}))+total > len(raw) {
			t.Fatalf("decoded %d string bytes from a %d-byte record", total, len(raw))
		}
		if len(out.Args) != int(out.ArgsLen) || len(out.TTY) != int(out.TtyLen) {
			t.Fatal("string lengths differ from the record's")
		}
	})
}

func FuzzDecodeFixed(f *testing.F) {
	exit := ExitEvent{Hdr: Header{Type: uint16(TypeExit)}}
	f.Add(bytesOf(&exit))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		raw := aligned(data)
		if _, err := DecodeHeader(raw); err == nil && len(raw) < int(unsafe.Sizeof(Header{})) {
			t.Fatal("decoded a header from a short record")
		}
		if _, err := DecodeExit(raw); err == nil && len(raw) < int(unsafe.Sizeof(ExitEvent{})) {
			t.Fatal("decoded an exit from a short record")
		}
		if _, err := DecodeFork(raw); err == nil && len(raw) < int(unsafe.Sizeof(ForkEvent{})) {
			t.Fatal("decoded a fork from a short record")
		}
	})
}

func BenchmarkDecodeExit(b *testing.B) {
	exit := ExitEvent{Hdr: Header{Type: uint16(TypeExit)}}
	raw := aligned(bytesOf(&exit))
	b.ReportAllocs()
	for b.Loop() {
		h, _ := DecodeHeader(raw)
		if EventType(h.Type) == TypeExit {
			_, _ = DecodeExit(raw)
		}
	}
}

func BenchmarkDecodeExec(b *testing.B) {
	raw := encodeExec(ExecEvent{}, "curl\x00-s\x00https://example.com/path\x00", "/usr/bin/curl", "/home/user", "/usr/bin/curl",
		"/kubepods/besteffort/pod1/0123456789abcdef", "")
	var out Exec
	b.ReportAllocs()
	for b.Loop() {
		_ = DecodeExec(raw, &out)
	}
}

func FuzzDecodeSyscall(f *testing.F) {
	ev := SyscallEvent{StrLen: [3]uint16{3, 0, 2}}
	f.Add(append(append([]byte{}, bytesOf(&ev)...), "abcde"...))
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, data []byte) {
		raw := aligned(data)
		var out Syscall
		if err := DecodeSyscall(raw, &out); err != nil {
			return
		}
		total := int(unsafe.Sizeof(SyscallEvent{}))
		for i, s := range out.Str {
			if len(s) != int(out.StrLen[i]) {
				t.Fatal("string length differs from the record's")
			}
			total += len(s)
		}
		if total > len(raw) {
			t.Fatalf("decoded %d bytes from a %d-byte record", total, len(raw))
		}
		_ = out.ProgName()
	})
}

func FuzzDecodeNet(f *testing.F) {
	ev := NetEvent{PayloadLen: 4}
	f.Add(append(append([]byte{}, bytesOf(&ev)...), 1, 2, 3, 4))
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, data []byte) {
		raw := aligned(data)
		var out Net
		if err := DecodeNet(raw, &out); err != nil {
			return
		}
		if len(out.Payload) != int(out.PayloadLen) || int(unsafe.Sizeof(NetEvent{}))+len(out.Payload) > len(raw) {
			t.Fatal("payload outside the record")
		}
	})
}

func TestDecodeSyscallAndNetRoundTrip(t *testing.T) {
	ev := SyscallEvent{Ret: -13, Kind: uint16(SyscallOpenat), StrLen: [3]uint16{11, 0, 4}}
	ev.Hdr.Type = uint16(TypeFileOpen)
	raw := aligned(append(append([]byte{}, bytesOf(&ev)...), "/etc/shadowext4"...))
	var s Syscall
	require.NoError(t, DecodeSyscall(raw, &s))
	assert.Equal(t, int64(-13), s.Ret)
	assert.Equal(t, "/etc/shadow", string(s.Str[0]))
	assert.Empty(t, s.Str[1])
	assert.Equal(t, "ext4", string(s.Str[2]))
	n := NetEvent{PayloadLen: 2, LocalPort: 53}
	var out Net
	require.NoError(t, DecodeNet(aligned(append(append([]byte{}, bytesOf(&n)...), 7, 8)), &out))
	assert.Equal(t, []byte{7, 8}, out.Payload)
	assert.Equal(t, uint16(53), out.LocalPort)
}
