package ebpfreceiver

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/internal/escape"
)

// A process runs through a link whose name forges a log line, with
// arguments holding an ANSI sequence and bytes that are not UTF-8, and
// creates a hidden file in /tmp (a watched category) named the same way:
// its exec and open records carry every such value escaped, and say so.
func TestHostileArgvAndPathsGoOutEscaped(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, func(cfg *Config) { cfg.Files.Enabled = true })
	m := marker(t)

	touch, err := exec.LookPath("touch")
	require.NoError(t, err)
	touchExe, err := filepath.EvalSymlinks(touch)
	require.NoError(t, err)
	const forged = "\n2025-06-03T14:18:14Z INFO exec true (pid 1, uid 0)\x1b[2K\xff"
	const forgedEscaped = `\n2025-06-03T14:18:14Z INFO exec true (pid 1, uid 0)\x1b[2K\xff`
	link := "/tmp/" + m + forged
	require.NoError(t, os.Symlink(touchExe, link))
	t.Cleanup(func() { os.Remove(link) })
	file := "/tmp/." + m + "\x1b]0;owned\x07\xc3\x28"
	t.Cleanup(func() { os.Remove(file) })
	reversed := "/tmp/." + m + "-\u202e\x7f"
	t.Cleanup(func() { os.Remove(reversed) })
	// Run by the shell, not by this process: the collector's own activity
	// is not reported.
	cmd := exec.Command("/bin/sh", "-c", `exec "$0" "$@"`, link, file, reversed)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	fileEscaped := "/tmp/." + m + `\x1b]0;owned\x07\xc3(`
	reversedEscaped := "/tmp/." + m + `-\xe2\x80\xae\x7f`
	r := c.waitFor(t, "exec through the hostile link", func(r record) bool {
		return r.Event == "process.exec" && r.Attrs["process.executable.path"] == touchExe &&
			argsContain(r.Attrs["process.command_args"], fileEscaped)
	})
	assert.Equal(t, "/tmp/"+m+forgedEscaped, r.Attrs["vigil.process.exec.filename"])
	assert.Equal(t, m+forgedEscaped, r.Attrs["vigil.process.name"])
	assert.Equal(t, []any{"/tmp/" + m + forgedEscaped, fileEscaped, reversedEscaped}, r.Attrs["process.command_args"])
	assert.Equal(t, "/tmp/"+m+forgedEscaped+" "+fileEscaped+" "+reversedEscaped, r.Attrs["process.command_line"])
	assert.Equal(t, true, r.Attrs["vigil.record.sanitized"])
	assert.Equal(t, []any{"vigil.process.name", "process.command_line", "process.command_args", "vigil.process.exec.filename"},
		r.Attrs["vigil.record.sanitized_attributes"])
	assert.True(t, strings.HasPrefix(r.Body, "exec /tmp/"+m+forgedEscaped+" "), "one line: %s", r.Body)
	assertSafeRecord(t, r)

	r = c.waitFor(t, "open of the hostile file", func(r record) bool {
		return r.Event == "file.open" && r.Attrs["file.path"] == fileEscaped
	})
	assert.Equal(t, "hidden_temp", r.Attrs["vigil.file.watch_category"])
	assert.Equal(t, "."+m+`\x1b]0;owned\x07\xc3(`, r.Attrs["file.name"])
	assert.Equal(t, "/tmp", r.Attrs["file.directory"])
	// The process context is the link's: escaped too.
	assert.Equal(t, "/tmp/"+m+forgedEscaped+" "+fileEscaped+" "+reversedEscaped, r.Attrs["process.command_line"])
	assert.Equal(t, true, r.Attrs["vigil.record.sanitized"])
	assert.Equal(t, []any{"vigil.process.name", "process.command_line", "file.path", "file.name"},
		r.Attrs["vigil.record.sanitized_attributes"])
	assert.Equal(t, "open "+fileEscaped+" (write,create) by "+filepath.Base(touchExe)+" (pid "+strconv.FormatInt(pidOf(r), 10)+")", r.Body)
	assertSafeRecord(t, r)
}

// assertSafeRecord checks that no value of r, nor its body, needs escaping.
func assertSafeRecord(t *testing.T, r record) {
	t.Helper()
	assert.False(t, escape.Needed(r.Body), "body %q", r.Body)
	for key, v := range r.Attrs {
		switch v := v.(type) {
		case string:
			assert.False(t, escape.Needed(v), "%s: %q", key, v)
		case []any:
			for _, el := range v {
				if s, ok := el.(string); ok {
					assert.False(t, escape.Needed(s), "%s: %q", key, s)
				}
			}
		}
	}
}
