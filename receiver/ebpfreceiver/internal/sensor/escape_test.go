package sensor

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// hostile makes a string a workload could pass where s is expected: a
// forged log line, an ANSI sequence and a byte that is not UTF-8.
func hostile(s string) string {
	if s == "" {
		return ""
	}
	return s + "\n2025-06-03T14:18:14Z INFO fake\x1b[2K\xff"
}

// TestEveryRecordTypeEscapesWhatTheWorkloadChose feeds every syscall
// record of the golden test, with each of its strings made hostile, and
// checks that no record says anything unsafe to print, and that exactly
// the records that carried a string are marked.
func TestEveryRecordTypeEscapesWhatTheWorkloadChose(t *testing.T) {
	s, sink, ctx := syscallSensor(t)
	var carried []bool // whether each record carried a string
	for _, r := range syscallRecords {
		switch r := r.(type) {
		case syscallRecord:
			for i := range r.str {
				r.str[i] = hostile(r.str[i])
			}
			if r.name != "" {
				r.name = "sn\x1bff\xff"
			}
			s.handle(ctx, r.raw())
			carried = append(carried, r.str != [3]string{} || r.name != "")
		case netRecord:
			parsable := r.typ == kernel.TypeDNSQuery && len(r.payload) == len(dnsMessage)
			if parsable { // the other is cut: no name
				r.payload = dnsQuery(t, "ex\\nample\n\xff.com.")
			}
			s.handle(ctx, r.raw())
			carried = append(carried, parsable)
		}
	}
	s.flush(ctx)
	require.Zero(t, s.count.decodeErrors)

	var all []plog.LogRecord
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, lr := range rl.ScopeLogs().At(0).LogRecords().All() {
				all = append(all, lr)
			}
		}
	}
	require.Len(t, all, 2+len(syscallRecords)) // the two execs first
	for i, lr := range all[2:] {
		assertPrintable(t, lr)
		_, marked := lr.Attributes().Get(schema.VigilRecordSanitized)
		assert.Equal(t, carried[i], marked, "record %d (%s: %s)", i, lr.EventName(), lr.Body().Str())
	}
}

// recordOf finds the record of an event whose body starts with prefix.
func recordOf(t *testing.T, sink *consumertest.LogsSink, event, prefix string) plog.LogRecord {
	t.Helper()
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, lr := range rl.ScopeLogs().At(0).LogRecords().All() {
				if lr.EventName() == event && strings.HasPrefix(lr.Body().Str(), prefix) {
					return lr
				}
			}
		}
	}
	t.Fatalf("no %s record starting %q", event, prefix)
	return plog.LogRecord{}
}

func TestHostileStringsAreEscapedExactly(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	s.handle(ctx, execRaw(actorPID, 1, "tool\x00--run\x00", "/usr/bin/tool", "/"))
	for _, r := range []interface{ raw() []byte }{
		syscallRecord{pid: actorPID, typ: kernel.TypeFileRename, kind: kernel.SyscallRename,
			str: [3]string{`/tmp/a\b`, "/etc/cron.d\n* * * * * root id #/x"}},
		syscallRecord{pid: actorPID, typ: kernel.TypeFileLink, kind: kernel.SyscallSymlink,
			str: [3]string{"/etc/cron.d/x", "\x1b]0;owned\a/tmp/p"}},
		syscallRecord{pid: actorPID, typ: kernel.TypeMemoryMemfdCreate, kind: kernel.SyscallMemfdCreate, ret: 3, str: [3]string{"\u202egpj.x"}},
		syscallRecord{pid: actorPID, typ: kernel.TypeBPFProgramLoad, kind: kernel.SyscallBPF, ret: 7, args: [6]uint64{5, 2, 128}, name: "a\nb"},
		netRecord{pid: actorPID, typ: kernel.TypeDNSQuery, kind: kernel.SyscallSendto, family: unix.AF_INET, protocol: unix.IPPROTO_UDP,
			local: "10.0.0.5", lport: 53000, peer: "10.0.0.2", pport: 53, payload: dnsQuery(t, "EXFIL\xff\xfe.Example.COM.")},
	} {
		s.handle(ctx, r.raw())
	}
	s.flush(ctx)

	rename := recordOf(t, sink, schema.FileRename, "rename")
	assert.Equal(t, map[string]any{
		"file.path":                         `/etc/cron.d\n* * * * * root id #/x`,
		"file.name":                         "x",
		"file.directory":                    `/etc/cron.d\n* * * * * root id #`,
		"vigil.file.old_path":               `/tmp/a\b`,
		"vigil.record.sanitized":            true,
		"vigil.record.sanitized_attributes": []any{"file.path", "file.directory"},
	}, pick(rename.Attributes(), "file.path", "file.name", "file.directory", "vigil.file.old_path",
		"vigil.record.sanitized", "vigil.record.sanitized_attributes"))
	assert.Equal(t, `rename /tmp/a\\b → /etc/cron.d\n* * * * * root id #/x by tool (pid 500)`, rename.Body().Str())

	link := recordOf(t, sink, schema.FileLink, "symlink")
	assert.Equal(t, `\x1b]0;owned\x07/tmp/p`, attr(link, "file.symbolic_link.target_path"))
	assert.Equal(t, []any{"file.symbolic_link.target_path"}, attr(link, "vigil.record.sanitized_attributes"))

	memfd := recordOf(t, sink, schema.MemoryMemfdCreate, "memfd_create")
	assert.Equal(t, `\xe2\x80\xaegpj.x`, attr(memfd, "vigil.memfd.name"))
	assert.Equal(t, `memfd_create "\xe2\x80\xaegpj.x" by tool (pid 500)`, memfd.Body().Str())

	bpf := recordOf(t, sink, schema.BPFProgramLoad, "bpf")
	assert.Equal(t, `a\nb`, attr(bpf, "vigil.bpf.program.name"))

	dns := recordOf(t, sink, schema.DNSQuery, "dns query")
	assert.Equal(t, `exfil\xff\xfe.example.com`, attr(dns, "dns.question.name"),
		"ASCII lower-cased, the other bytes kept and escaped")
	assert.Equal(t, []any{"dns.question.name"}, attr(dns, "vigil.record.sanitized_attributes"))
}

func TestExecOfHostileArgvIsEscaped(t *testing.T) {
	sink := new(consumertest.LogsSink)
	s, _ := newTestSensor(t, sink)
	ctx := context.Background()
	s.handle(ctx, execRaw(700, 1, "/bin/echo\x00line\n2025-06-03T14:18:14Z INFO forged\x00\x1b[8mhidden\x00\xc3\x28\x00", "/usr/bin/echo", "/"))
	s.flush(ctx)
	exec := recordOf(t, sink, schema.ProcessExec, "exec")
	assert.Equal(t, []any{"/bin/echo", `line\n2025-06-03T14:18:14Z INFO forged`, `\x1b[8mhidden`, `\xc3(`},
		attr(exec, "process.command_args"))
	assert.Equal(t, `/bin/echo line\n2025-06-03T14:18:14Z INFO forged \x1b[8mhidden \xc3(`, attr(exec, "process.command_line"))
	assert.Equal(t, []any{"process.command_line", "process.command_args"}, attr(exec, "vigil.record.sanitized_attributes"))
	assert.Equal(t, `exec /bin/echo line\n2025-06-03T14:18:14Z INFO forged \x1b[8mhidden \xc3( (pid 700, parent 1 unknown parent, uid 0)`,
		exec.Body().Str())
	assertPrintable(t, exec)
}

func dnsQuery(t *testing.T, name string) []byte {
	t.Helper()
	// NewName refuses nothing but length: any byte may be in a label.
	n, err := dnsmessage.NewName(name)
	require.NoError(t, err)
	msg := dnsmessage.Message{Header: dnsmessage.Header{ID: 1, RecursionDesired: true},
		Questions: []dnsmessage.Question{{Name: n, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}}}
	raw, err := msg.Pack()
	require.NoError(t, err)
	return raw
}

func attr(lr plog.LogRecord, key string) any {
	return lr.Attributes().AsRaw()[key]
}

func pick(m pcommon.Map, keys ...string) map[string]any {
	all := m.AsRaw()
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := all[k]; ok {
			out[k] = v
		}
	}
	return out
}

// assertPrintable checks that nothing the record says needs escaping, and
// that every attribute listed as escaped is in the record.
func assertPrintable(t *testing.T, lr plog.LogRecord) {
	t.Helper()
	safe := func(what, s string) {
		assert.True(t, utf8.ValidString(s) && !escape.Needed(s), "%s of %s: %q is not safe to print", what, lr.EventName(), s)
	}
	safe("body", lr.Body().Str())
	for key, v := range lr.Attributes().All() {
		switch v.Type() {
		case pcommon.ValueTypeStr:
			safe(key, v.Str())
		case pcommon.ValueTypeSlice:
			for _, el := range v.Slice().All() {
				safe(key, el.AsString())
			}
		}
	}
	if listed, ok := lr.Attributes().Get(schema.VigilRecordSanitizedAttributes); ok {
		for _, key := range listed.Slice().All() {
			_, ok := lr.Attributes().Get(key.Str())
			assert.True(t, ok, "listed %s is not in the record", key.Str())
		}
	}
}
