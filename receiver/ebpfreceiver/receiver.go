package ebpfreceiver

import (
	"context"
	"fmt"
	"os"
	"strings"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"
	"go.uber.org/zap"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/redact"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/sensor"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/watch"
)

// ebpfReceiver adapts the sensor to the collector's component lifecycle.
type ebpfReceiver struct {
	set    receiver.Settings
	cfg    *Config
	next   consumer.Logs
	tel    *metadata.TelemetryBuilder
	sensor *sensor.Sensor
}

func newReceiver(set receiver.Settings, cfg *Config, next consumer.Logs) (*ebpfReceiver, error) {
	tel, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return &ebpfReceiver{set: set, cfg: cfg, next: next, tel: tel}, nil
}

// Start loads the BPF programs; any error (privileges, BTF, kernel) stops
// the collector with a message that says what to do.
func (r *ebpfReceiver) Start(_ context.Context, _ component.Host) error {
	scfg, err := r.sensorConfig()
	if err != nil {
		return err
	}
	s := sensor.New(scfg, r.next, r.set.Logger, r.tel)
	if err := s.Start(); err != nil {
		return fmt.Errorf("ebpf receiver: %w", err)
	}
	r.sensor = s
	return nil
}

// Shutdown sends what is batched and detaches every program and map.
func (r *ebpfReceiver) Shutdown(context.Context) error {
	var err error
	if r.sensor != nil {
		err = r.sensor.Shutdown()
		r.sensor = nil
	}
	r.tel.Shutdown()
	return err
}

// sensorConfig resolves the receiver's config and the host's facts.
func (r *ebpfReceiver) sensorConfig() (sensor.Config, error) {
	redactor, err := redact.New(r.cfg.Redaction.Defaults, r.cfg.Redaction.Patterns)
	if err != nil {
		return sensor.Config{}, err
	}
	redactArgs := func(args []string) []string {
		out, _ := redactor.Args(args)
		return out
	}
	rules, err := watch.Build(r.cfg.Files.DefaultWatch, r.cfg.Files.Watch)
	if err != nil {
		return sensor.Config{}, err
	}
	cgroupV2 := isCgroupV2("/sys/fs/cgroup")
	hostName, _ := os.Hostname()
	var exclude uint32
	if r.cfg.ExcludeSelf {
		// Not os.Getpid: the programs number processes in the host's pid
		// namespace, which the collector's own may not be (hostPID).
		if exclude, err = hostPID(r.cfg.ProcPath); err != nil {
			r.set.Logger.Warn("exclude_self is on, but the collector's pid on the host is unknown: "+
				"its own activity will be reported, rather than another process's dropped", zap.Error(err))
		}
	}
	return sensor.Config{
		Probe: kernel.Options{
			RingBufferSize:  r.cfg.RingBufferSize,
			ExcludeTGID:     exclude,
			BTFPath:         r.cfg.BTFPath,
			CgroupV1:        !cgroupV2,
			Groups:          r.cfg.groups(),
			ExcludeLoopback: r.cfg.Network.ExcludeLoopback,
			Watch:           rules.List,
			Exclude:         kernel.Exclusions{Executables: r.cfg.Exclude.Executables, Cgroups: r.cfg.Exclude.Cgroups},
		},
		Table: proctable.Config{
			Capacity:  r.cfg.Process.CacheSize,
			Retention: r.cfg.Process.ExitRetention,
			BootID:    readTrimmed(r.cfg.ProcPath + "/sys/kernel/random/boot_id"),
			Proc:      &proctable.ProcReader{Root: r.cfg.ProcPath, CgroupV2: cgroupV2, Redact: redactArgs},
		},
		AncestryDepth:      r.cfg.Process.AncestryDepth,
		Emit:               sensor.Emit{Exec: r.cfg.Process.Exec, Exit: r.cfg.Process.Exit, Fork: r.cfg.Process.Fork},
		BatchMaxSize:       r.cfg.Batch.MaxSize,
		BatchTimeout:       r.cfg.Batch.Timeout,
		LossReportInterval: r.cfg.LossReportInterval,
		Host:               records.Host{Name: hostName, ID: machineID(r.cfg.ProcPath)},
		Scope:              records.Scope{Name: metadata.ScopeName, Version: r.set.BuildInfo.Version},
		Redact:             redactArgs,
		WatchCategories:    rules.Name,
		CgroupRoot:         cgroupRoot(cgroupV2),
	}, nil
}

// isCgroupV2 tells whether the cgroup mount is the unified hierarchy alone;
// hybrid hosts (v1 controllers with a v2 mount beside them) count as v1,
// because container runtimes there use the v1 controllers.
func isCgroupV2(mount string) bool {
	var st unix.Statfs_t
	return unix.Statfs(mount, &st) == nil && st.Type == unix.CGROUP2_SUPER_MAGIC
}

// cgroupRoot is where the hierarchy the probe reads is mounted.
func cgroupRoot(v2 bool) string {
	if v2 {
		return "/sys/fs/cgroup"
	}
	return "/sys/fs/cgroup/memory"
}

// machineID is the host.id semantic conventions ask for on Linux. Through
// the host's pid 1 it is the node's, also when the collector runs in a
// container (with hostPID); its own file system's copy is the fallback.
func machineID(procPath string) string {
	for _, p := range []string{procPath + "/1/root/etc/machine-id", "/etc/machine-id", "/var/lib/dbus/machine-id"} {
		if id := readTrimmed(p); id != "" {
			return id
		}
	}
	return ""
}

func readTrimmed(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
