package records

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// hostileImage is what a process controls of its own image: a path with an
// ANSI sequence and a byte that is not UTF-8, an argument that forges a
// log line, a right-to-left override.
var hostileImage = proctable.Image{
	Exe:      "/tmp/\x1b[31mevil\xff",
	Filename: "/tmp/evil\n",
	Name:     "evil\n",
	Args:     []string{"sh", "-c", "echo ok\n2025-06-03T14:18:14Z INFO exec /usr/bin/true", `printf '%s\n'`},
	Cwd:      "/home/\u202eatad",
}

func onlyRecord(t *testing.T, b *Batch) plog.LogRecord {
	t.Helper()
	logs := b.Take()
	require.Equal(t, 1, logs.LogRecordCount())
	return logs.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
}

func TestExecOfAHostileImageIsEscaped(t *testing.T) {
	e, tb := newEncoder()
	tb.Exec(&proctable.Process{PID: 100, PPID: 1, StartNS: 1, Image: proctable.Image{Exe: "/usr/sbin/nginx", Args: []string{"nginx"}}}, 1, 0)
	p := tb.Exec(&proctable.Process{PID: 200, PPID: 100, StartNS: uint64(time.Second), Image: hostileImage}, uint64(2*time.Second), 1)
	b := NewBatch(Host{}, Scope{})
	e.Exec(b, p, uint64(2*time.Second))
	lr := onlyRecord(t, b)

	got := lr.Attributes().AsRaw()
	for key, want := range map[string]any{
		"process.executable.path":     `/tmp/\x1b[31mevil\xff`,
		"process.executable.name":     `\x1b[31mevil\xff`,
		"vigil.process.name":          `evil\n`,
		"vigil.process.exec.filename": `/tmp/evil\n`,
		"process.working_directory":   `/home/\xe2\x80\xaeatad`,
		// The list is escaped as a whole: the clean last argument's
		// backslash is doubled, so every element decodes the same way.
		"process.command_args": []any{"sh", "-c", `echo ok\n2025-06-03T14:18:14Z INFO exec /usr/bin/true`, `printf '%s\\n'`},
		"process.command_line": `sh -c echo ok\n2025-06-03T14:18:14Z INFO exec /usr/bin/true printf '%s\\n'`,
		// The parent's image is clean: as it is, and not listed.
		"vigil.process.parent.executable.path": "/usr/sbin/nginx",
		"vigil.record.sanitized":               true,
		"vigil.record.sanitized_attributes": []any{"process.executable.path", "process.executable.name", "vigil.process.name",
			"process.command_line", "process.command_args", "process.working_directory", "vigil.process.exec.filename"},
	} {
		assert.Equal(t, want, got[key], key)
	}
	assert.Equal(t, `exec sh -c echo ok\n2025-06-03T14:18:14Z INFO exec /usr/bin/true printf '%s\\n' (pid 200, parent 100 /usr/sbin/nginx, uid 0)`,
		lr.Body().Str(), "the body of a marked record is in escaped form as a whole")
	assertPrintable(t, lr)
}

// A hostile process's children carry its image as their parent's and
// ancestors': escaped there too, the ancestor lists as a whole.
func TestAHostileAncestorIsEscapedInItsDescendantsRecords(t *testing.T) {
	e, tb := newEncoder()
	tb.Exec(&proctable.Process{PID: 50, PPID: 1, StartNS: 1, Image: proctable.Image{Exe: `/opt/a\b`, Name: "a", Args: []string{"a"}}}, 1, 0)
	tb.Exec(&proctable.Process{PID: 100, PPID: 50, StartNS: 1, Image: hostileImage}, 1, 1)
	child := tb.Exec(&proctable.Process{PID: 200, PPID: 100, StartNS: 2, Image: proctable.Image{Exe: "/usr/bin/id", Name: "id", Args: []string{"id"}}}, 2, 1)
	b := NewBatch(Host{}, Scope{})
	e.Fork(b, child, 3)
	lr := onlyRecord(t, b)

	got := lr.Attributes().AsRaw()
	for key, want := range map[string]any{
		"process.executable.path":                 "/usr/bin/id",
		"vigil.process.parent.executable.path":    `/tmp/\x1b[31mevil\xff`,
		"vigil.process.parent.executable.name":    `\x1b[31mevil\xff`,
		"vigil.process.parent.name":               `evil\n`,
		"vigil.process.parent.command_line":       `sh -c echo ok\n2025-06-03T14:18:14Z INFO exec /usr/bin/true printf '%s\\n'`,
		"vigil.process.ancestors.executable.path": []any{`/tmp/\x1b[31mevil\xff`, `/opt/a\\b`},
		"vigil.process.ancestors.name":            []any{`evil\n`, "a"},
		"vigil.record.sanitized_attributes": []any{"vigil.process.parent.executable.path", "vigil.process.parent.executable.name",
			"vigil.process.parent.name", "vigil.process.parent.command_line",
			"vigil.process.ancestors.executable.path", "vigil.process.ancestors.name"},
	} {
		assert.Equal(t, want, got[key], key)
	}
	assertPrintable(t, lr)
}

// The parts of a path are escaped each on its own: a clean name stays as
// it is beside an escaped directory.
func TestAHostilePathIsEscapedPartByPart(t *testing.T) {
	e, _ := newEncoder()
	attrs := pcommon.NewMap()
	e.escaped = false
	e.putFile(attrs, []byte("/etc/cron.d\n* * * * * root id #/x"), false)
	assert.Equal(t, map[string]any{
		"file.path":                         `/etc/cron.d\n* * * * * root id #/x`,
		"file.name":                         "x",
		"file.directory":                    `/etc/cron.d\n* * * * * root id #`,
		"vigil.record.sanitized":            true,
		"vigil.record.sanitized_attributes": []any{"file.path", "file.directory"},
	}, attrs.AsRaw())
}

func TestACleanRecordIsNotMarked(t *testing.T) {
	e, tb := newEncoder()
	p := tb.Exec(&proctable.Process{PID: 300, PPID: 1, StartNS: 1,
		Image: proctable.Image{Exe: "/usr/bin/printf", Args: []string{"printf", `%s\n`, "naïve"}}}, 1, 0)
	b := NewBatch(Host{}, Scope{})
	e.Exec(b, p, 2)
	lr := onlyRecord(t, b)
	got := lr.Attributes().AsRaw()
	assert.NotContains(t, got, "vigil.record.sanitized")
	assert.NotContains(t, got, "vigil.record.sanitized_attributes")
	assert.Equal(t, []any{"printf", `%s\n`, "naïve"}, got["process.command_args"], "a backslash alone is kept")
	assert.True(t, strings.HasPrefix(lr.Body().Str(), `exec printf %s\n naïve (pid 300`), lr.Body().Str())
}

// The mark is the record's own: the next record starts unmarked.
func TestTheMarkDoesNotCarryOver(t *testing.T) {
	e, tb := newEncoder()
	bad := tb.Exec(&proctable.Process{PID: 1, StartNS: 1, Image: hostileImage}, 1, 0)
	good := tb.Exec(&proctable.Process{PID: 2, StartNS: 1, Image: proctable.Image{Exe: `/bin/a\b`, Args: []string{"a"}}}, 1, 0)
	b := NewBatch(Host{}, Scope{})
	e.Fork(b, bad, 2)
	e.Fork(b, good, 2)
	records := b.Take().ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	require.Equal(t, 2, records.Len())
	assert.Contains(t, records.At(0).Attributes().AsRaw(), "vigil.record.sanitized")
	assert.NotContains(t, records.At(1).Attributes().AsRaw(), "vigil.record.sanitized")
	assert.Equal(t, `fork pid 2 from 0 /bin/a\b`, records.At(1).Body().Str())
}

// Writing clean text costs nothing beyond the put itself.
func TestCleanTextAddsNoAllocation(t *testing.T) {
	e, _ := newEncoder()
	img := &proctable.Image{Exe: "/usr/bin/python3", Args: []string{"python3", "-m", "http.server"}}
	attrs := pcommon.NewMap()
	path := "/usr/lib/python3/dist-packages/some/module.py"
	put := testing.AllocsPerRun(100, func() { attrs.PutStr(schema.FilePath, path) })
	escaped := testing.AllocsPerRun(100, func() {
		e.putText(attrs, schema.FilePath, path)
		e.putImageText(attrs, img, schema.ProcessExecutablePath, img.Exe)
	})
	assert.Equal(t, 2*put, escaped)
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { img.Printable() }))
}

// assertPrintable checks that nothing the record says needs escaping, and
// that every listed attribute is in the record.
func assertPrintable(t *testing.T, lr plog.LogRecord) {
	t.Helper()
	assertTextSafe(t, "body", lr.Body().Str())
	for key, v := range lr.Attributes().All() {
		switch v.Type() {
		case pcommon.ValueTypeStr:
			assertTextSafe(t, key, v.Str())
		case pcommon.ValueTypeSlice:
			for _, el := range v.Slice().All() {
				assertTextSafe(t, key, el.AsString())
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

func assertTextSafe(t *testing.T, what, s string) {
	t.Helper()
	assert.True(t, utf8.ValidString(s) && !escape.Needed(s), "%s: %q is not safe to print", what, s)
}
