package ebpfreceiver

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/redact"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/watch"
)

// Config is the ebpf receiver's configuration; docs in README.md.
type Config struct {
	// RingBufferSize is the kernel ring shared by all events, in bytes: a
	// power of two of at least 64 KiB. A larger ring rides out longer stalls
	// of the pipeline before records are lost.
	RingBufferSize uint32 `mapstructure:"ring_buffer_size"`
	// ExcludeSelf drops the collector's own activity in the kernel.
	ExcludeSelf bool `mapstructure:"exclude_self"`
	// BTFPath is a BTF file for the running kernel when it does not expose
	// /sys/kernel/btf/vmlinux.
	BTFPath string `mapstructure:"btf_path"`
	// ProcPath is where the host's procfs is mounted.
	ProcPath string `mapstructure:"proc_path"`
	// LossReportInterval is how often lost-record counters are checked and,
	// when they moved, reported as sensor.loss records.
	LossReportInterval time.Duration `mapstructure:"loss_report_interval"`

	Process    ProcessConfig   `mapstructure:"process"`
	Network    NetworkConfig   `mapstructure:"network"`
	DNS        DNSConfig       `mapstructure:"dns"`
	Files      FilesConfig     `mapstructure:"files"`
	Memory     GroupConfig     `mapstructure:"memory"`
	Privileges GroupConfig     `mapstructure:"privileges"`
	Kernel     GroupConfig     `mapstructure:"kernel"`
	Exclude    ExcludeConfig   `mapstructure:"exclude"`
	Batch      BatchConfig     `mapstructure:"batch"`
	Redaction  RedactionConfig `mapstructure:"redaction"`
}

// ExcludeConfig names noisy processes and cgroups whose syscall events
// (network, DNS, files, memory, privileges, kernel) are dropped in the
// kernel. Their process events are still recorded.
type ExcludeConfig struct {
	// Executables are absolute executable paths, as exec records show them.
	Executables []string `mapstructure:"executables"`
	// Cgroups are cgroup paths; everything below one is excluded too.
	Cgroups []string `mapstructure:"cgroups"`
}

// GroupConfig switches an event group. A disabled group's programs are not
// attached: it costs nothing.
type GroupConfig struct {
	Enabled bool `mapstructure:"enabled"`
}

// NetworkConfig: network.connect, network.accept, network.listen.
type NetworkConfig struct {
	Enabled bool `mapstructure:"enabled"`
	// ExcludeLoopback drops connects and accepts whose peer is 127.0.0.0/8
	// or ::1, in the kernel.
	ExcludeLoopback bool `mapstructure:"exclude_loopback"`
}

// DNSConfig: dns.query.
type DNSConfig struct {
	Enabled bool `mapstructure:"enabled"`
	// IncludeWrite also inspects write(2), which Go's built-in resolver
	// sends its queries with. Every write of every process then runs a
	// short check in the kernel.
	IncludeWrite bool `mapstructure:"include_write"`
}

// FilesConfig: file events on watched paths.
type FilesConfig struct {
	Enabled bool `mapstructure:"enabled"`
	// DefaultWatch includes the built-in categories (credentials,
	// persistence, binaries, system_config, devices…: watch.Defaults).
	DefaultWatch bool `mapstructure:"default_watch"`
	// Watch adds categories, or paths to a built-in category of the same name.
	Watch []watch.Category `mapstructure:"watch"`
}

// ProcessConfig selects process records and sizes the process cache.
type ProcessConfig struct {
	Exec bool `mapstructure:"exec"`
	Exit bool `mapstructure:"exit"`
	Fork bool `mapstructure:"fork"`
	// CacheSize bounds the process cache (entries).
	CacheSize int `mapstructure:"cache_size"`
	// ExitRetention keeps exited processes resolvable for late records.
	ExitRetention time.Duration `mapstructure:"exit_retention"`
	// AncestryDepth is how many ancestors each record lists.
	AncestryDepth int `mapstructure:"ancestry_depth"`
}

// BatchConfig bounds how many records are sent together and how long one waits.
type BatchConfig struct {
	MaxSize int           `mapstructure:"max_size"`
	Timeout time.Duration `mapstructure:"timeout"`
}

// RedactionConfig masks secrets in command lines before records leave the receiver.
type RedactionConfig struct {
	// Defaults enables the built-in patterns (password/token/secret flags,
	// KEY=value assignments, AWS keys, bearer tokens, URL credentials).
	Defaults bool `mapstructure:"defaults"`
	// Patterns are extra RE2 expressions; with capture groups only the groups are masked.
	Patterns []string `mapstructure:"patterns"`
}

const (
	minRingBufferSize = 64 << 10
	maxRingBufferSize = 1 << 30
	minCacheSize      = 1024
	maxAncestryDepth  = 32
)

func createDefaultConfig() *Config {
	return &Config{
		RingBufferSize:     16 << 20,
		ExcludeSelf:        true,
		ProcPath:           "/proc",
		LossReportInterval: 10 * time.Second,
		Process: ProcessConfig{
			Exec:          true,
			Exit:          true,
			Fork:          false,
			CacheSize:     65536,
			ExitRetention: 30 * time.Second,
			AncestryDepth: 4,
		},
		Network:    NetworkConfig{Enabled: true},
		DNS:        DNSConfig{Enabled: true, IncludeWrite: true},
		Files:      FilesConfig{Enabled: true, DefaultWatch: true},
		Memory:     GroupConfig{Enabled: true},
		Privileges: GroupConfig{Enabled: true},
		Kernel:     GroupConfig{Enabled: true},
		Batch:      BatchConfig{MaxSize: 512, Timeout: 200 * time.Millisecond},
		Redaction:  RedactionConfig{Defaults: true},
	}
}

// groups lists the enabled syscall event groups.
func (c *Config) groups() map[kernel.Group]bool {
	return map[kernel.Group]bool{
		kernel.GroupNetwork:    c.Network.Enabled,
		kernel.GroupDNS:        c.DNS.Enabled,
		kernel.GroupDNSWrite:   c.DNS.Enabled && c.DNS.IncludeWrite,
		kernel.GroupFiles:      c.Files.Enabled,
		kernel.GroupMemory:     c.Memory.Enabled,
		kernel.GroupPrivileges: c.Privileges.Enabled,
		kernel.GroupKernel:     c.Kernel.Enabled,
	}
}

// Validate reports every invalid field, each named by its configuration key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if c.RingBufferSize < minRingBufferSize || c.RingBufferSize > maxRingBufferSize || bits.OnesCount32(c.RingBufferSize) != 1 {
		bad("ring_buffer_size", "%d must be a power of two between %d (64 KiB) and %d (1 GiB)", c.RingBufferSize, minRingBufferSize, maxRingBufferSize)
	}
	if c.ProcPath == "" {
		bad("proc_path", "must not be empty (the host's procfs, normally /proc)")
	}
	if c.LossReportInterval < time.Second {
		bad("loss_report_interval", "%s must be at least 1s", c.LossReportInterval)
	}
	if c.Process.CacheSize < minCacheSize {
		bad("process::cache_size", "%d must be at least %d", c.Process.CacheSize, minCacheSize)
	}
	if c.Process.ExitRetention < 0 {
		bad("process::exit_retention", "%s must not be negative", c.Process.ExitRetention)
	}
	if c.Process.AncestryDepth < 0 || c.Process.AncestryDepth > maxAncestryDepth {
		bad("process::ancestry_depth", "%d must be between 0 and %d", c.Process.AncestryDepth, maxAncestryDepth)
	}
	if c.Batch.MaxSize < 1 {
		bad("batch::max_size", "%d must be at least 1", c.Batch.MaxSize)
	}
	if c.Batch.Timeout <= 0 {
		bad("batch::timeout", "%s must be positive", c.Batch.Timeout)
	}
	if _, err := redact.New(c.Redaction.Defaults, c.Redaction.Patterns); err != nil {
		bad("redaction::patterns", "%v", err)
	}
	if err := watch.Validate(c.Files.Watch); err != nil {
		bad("files::watch", "%v", err)
	}
	for i, e := range c.Exclude.Executables {
		if !strings.HasPrefix(e, "/") {
			bad(fmt.Sprintf("exclude::executables[%d]", i), "%q must be an absolute path", e)
		}
	}
	for i, cg := range c.Exclude.Cgroups {
		if !strings.HasPrefix(cg, "/") || cg == "/" {
			bad(fmt.Sprintf("exclude::cgroups[%d]", i), "%q must be a cgroup path below the root, such as /system.slice/agent.service", cg)
		}
	}
	return errors.Join(errs...)
}
