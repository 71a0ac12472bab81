package ebpfreceiver

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/watch"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)

	custom := createDefaultConfig()
	custom.RingBufferSize = 64 << 20
	custom.ExcludeSelf = false
	custom.BTFPath = "/var/lib/vigil/vmlinux.btf"
	custom.ProcPath = "/host/proc"
	custom.LossReportInterval = 30 * time.Second
	custom.Process = ProcessConfig{Exec: true, Exit: false, Fork: true, CacheSize: 8192, ExitRetention: time.Minute, AncestryDepth: 8}
	custom.Network = NetworkConfig{Enabled: true, ExcludeLoopback: true}
	custom.DNS = DNSConfig{Enabled: true, IncludeWrite: false}
	custom.Files = FilesConfig{Enabled: true, DefaultWatch: false, Watch: []watch.Category{
		{Name: "secrets", Access: watch.AccessAny, Patterns: []string{"/srv/app/secrets/", "/srv/app/tls*", "api-token", ".vault/token"}},
		{Name: "credentials", Patterns: []string{"/opt/vault/token"}},
	}}
	custom.Memory = GroupConfig{Enabled: false}
	custom.Privileges = GroupConfig{Enabled: true}
	custom.Kernel = GroupConfig{Enabled: false}
	custom.Exclude = ExcludeConfig{Executables: []string{"/usr/bin/node_exporter"}, Cgroups: []string{"/system.slice/monitoring.service"}}
	custom.Batch = BatchConfig{MaxSize: 100, Timeout: time.Second}
	custom.Redaction = RedactionConfig{Defaults: false, Patterns: []string{`internal-key-(\w+)`}}

	for _, tt := range []struct {
		id   component.ID
		want *Config
	}{
		{component.NewID(metadata.Type), createDefaultConfig()},
		{component.NewIDWithName(metadata.Type, "custom"), custom},
	} {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig()
			sub, err := cm.Sub(tt.id.String())
			require.NoError(t, err)
			require.NoError(t, sub.Unmarshal(cfg))
			require.NoError(t, confmap.Validate(cfg))
			assert.Equal(t, tt.want, cfg)
		})
	}
}

func TestValidateNamesTheField(t *testing.T) {
	for _, tt := range []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"ring not a power of two", func(c *Config) { c.RingBufferSize = 3 << 20 }, "ring_buffer_size: 3145728 must be a power of two"},
		{"ring too small", func(c *Config) { c.RingBufferSize = 4096 }, "ring_buffer_size: 4096 must be a power of two between 65536"},
		{"ring too large", func(c *Config) { c.RingBufferSize = 1 << 31 }, "ring_buffer_size: 2147483648"},
		{"no proc path", func(c *Config) { c.ProcPath = "" }, "proc_path: must not be empty"},
		{"loss interval", func(c *Config) { c.LossReportInterval = 10 * time.Millisecond }, "loss_report_interval: 10ms must be at least 1s"},
		{"cache too small", func(c *Config) { c.Process.CacheSize = 10 }, "process::cache_size: 10 must be at least 1024"},
		{"negative retention", func(c *Config) { c.Process.ExitRetention = -time.Second }, "process::exit_retention: -1s must not be negative"},
		{"ancestry too deep", func(c *Config) { c.Process.AncestryDepth = 100 }, "process::ancestry_depth: 100 must be between 0 and 32"},
		{"empty batch", func(c *Config) { c.Batch.MaxSize = 0 }, "batch::max_size: 0 must be at least 1"},
		{"zero timeout", func(c *Config) { c.Batch.Timeout = 0 }, "batch::timeout: 0s must be positive"},
		{"bad pattern", func(c *Config) { c.Redaction.Patterns = []string{"ok", "(unclosed"} }, "redaction::patterns: "},
		{"watch star in the middle", func(c *Config) {
			c.Files.Watch = []watch.Category{{Name: "x", Patterns: []string{"/etc/*/keys"}}}
		}, `files::watch: watch[0] (x): paths[0] "/etc/*/keys": '*' is only allowed at the end of a path`},
		{"watch without a name", func(c *Config) { c.Files.Watch = []watch.Category{{Patterns: []string{"/x"}}} }, "files::watch: watch[0] (): category: a name is required"},
		{"watch access", func(c *Config) {
			c.Files.Watch = []watch.Category{{Name: "x", Access: "read", Patterns: []string{"/x"}}}
		}, `files::watch: watch[0] (x): access: "read" must be "any" or "write"`},
		{"watch name with two slashes", func(c *Config) {
			c.Files.Watch = []watch.Category{{Name: "x", Patterns: []string{".config/gcloud/x"}}}
		}, `paths[0] ".config/gcloud/x": a name pattern is "name", "dir/name" or "dir/"`},
		{"relative excluded executable", func(c *Config) { c.Exclude.Executables = []string{"node_exporter"} }, `exclude::executables[0]: "node_exporter" must be an absolute path`},
		{"root cgroup excluded", func(c *Config) { c.Exclude.Cgroups = []string{"/"} }, `exclude::cgroups[0]: "/" must be a cgroup path below the root`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig()
			tt.mutate(cfg)
			err := cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.RingBufferSize = 5
	cfg.Batch.MaxSize = -1
	err := cfg.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ring_buffer_size")
	assert.Contains(t, err.Error(), "batch::max_size")
}
