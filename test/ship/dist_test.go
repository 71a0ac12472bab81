package ship

import (
	"debug/elf"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDistBinariesAreStaticAndStamped: both commands of every architecture
// are ELF executables of that architecture with no program interpreter (no
// dynamic loader, so no libc needed in a scratch image), and the amd64 ones
// print the version `make dist` stamped: builder-config.yaml's version and
// this checkout's commit.
func TestDistBinariesAreStaticAndStamped(t *testing.T) {
	dir := releaseDir(t)
	machines := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}
	for _, arch := range releaseArchs(t) {
		machine := machines[arch]
		for _, name := range []string{"otelcol-vigil", "vigil-rules"} {
			t.Run(arch+"/"+name, func(t *testing.T) {
				f, err := elf.Open(distBinary(dir, arch, name))
				require.NoError(t, err)
				defer f.Close()
				assert.Equal(t, machine, f.Machine)
				assert.Equal(t, elf.ET_EXEC, f.Type, "a static, non-PIE executable")
				for _, p := range f.Progs {
					assert.NotEqual(t, elf.PT_INTERP, p.Type, "%s has a program interpreter: it is dynamically linked", name)
					assert.NotEqual(t, elf.PT_DYNAMIC, p.Type, "%s has a dynamic section", name)
				}
			})
		}
	}

	raw, err := os.ReadFile(dir + "/dist/VERSION")
	require.NoError(t, err)
	version := strings.TrimSpace(string(raw))
	config, err := os.ReadFile(repoRoot(t) + "/builder-config.yaml")
	require.NoError(t, err)
	base := regexp.MustCompile(`(?m)^  version: (\S+)$`).FindSubmatch(config)
	require.NotNil(t, base, "builder-config.yaml has a dist version")
	head, err := exec.Command("git", "-C", repoRoot(t), "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	assert.Regexp(t, `^`+regexp.QuoteMeta(string(base[1]))+`\+[0-9a-f]{12}$`, version)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(string(head)), strings.TrimPrefix(version, string(base[1])+"+")),
		"version %s is stamped with the commit checked out (%s)", version, head)

	out, err := exec.Command(distBinary(dir, "amd64", "otelcol-vigil"), "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "otelcol-vigil version "+version+"\n", string(out))
	out, err = exec.Command(distBinary(dir, "amd64", "vigil-rules"), "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "vigil-rules version "+version+"\n", string(out))
}
