package workloadprocessor

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Auth types: how the processor reaches the Kubernetes API.
const (
	// AuthServiceAccount uses the pod's service account (in-cluster). Outside
	// a cluster the processor says so once and passes records through.
	AuthServiceAccount = "serviceAccount"
	// AuthKubeConfig uses the kubeconfig file in `kubeconfig`.
	AuthKubeConfig = "kubeConfig"
	// AuthNone never contacts Kubernetes: records pass through.
	AuthNone = "none"
)

// Config is the workload processor's configuration; docs in README.md.
type Config struct {
	AuthType   string `mapstructure:"auth_type"`
	KubeConfig string `mapstructure:"kubeconfig"`
	// Node limits the pods watched to one node's (a DaemonSet). When empty,
	// NodeFromEnvVar names the environment variable holding it; when both
	// are empty, every pod is watched (a gateway).
	Node           string `mapstructure:"node"`
	NodeFromEnvVar string `mapstructure:"node_from_env_var"`
	// ClusterName is added as k8s.cluster.name, which the API does not know.
	ClusterName string `mapstructure:"cluster_name"`
	// Extract lists pod labels and annotations to add to records.
	Extract ExtractConfig `mapstructure:"extract"`
	// PodDeleteGracePeriod keeps deleted pods resolvable: records of a
	// short-lived pod often arrive after it is gone.
	PodDeleteGracePeriod time.Duration `mapstructure:"pod_delete_grace_period"`
	// WaitForPod holds records of a container the cache does not know yet.
	WaitForPod WaitConfig `mapstructure:"wait_for_pod"`
	// RBAC watches roles and bindings to say what each service account may do.
	RBAC bool `mapstructure:"rbac"`
	// SyncTimeout bounds how long start-up waits for the caches to fill.
	SyncTimeout time.Duration `mapstructure:"sync_timeout"`
}

// ExtractConfig names labels and annotations to copy.
type ExtractConfig struct {
	Labels      []FieldExtract `mapstructure:"labels"`
	Annotations []FieldExtract `mapstructure:"annotations"`
}

// FieldExtract copies one label or annotation; TagName defaults to
// k8s.pod.label.<key> (k8s.pod.annotation.<key>).
type FieldExtract struct {
	Key     string `mapstructure:"key"`
	TagName string `mapstructure:"tag_name"`
}

// WaitConfig bounds the records held for a pod the cache does not know yet.
type WaitConfig struct {
	// Timeout is how long a record waits; 0 does not hold records.
	Timeout time.Duration `mapstructure:"timeout"`
	// MaxRecords bounds the records held at once; beyond, records pass
	// without their workload (counted).
	MaxRecords int `mapstructure:"max_records"`
}

func createDefaultConfig() *Config {
	return &Config{
		AuthType:             AuthServiceAccount,
		NodeFromEnvVar:       "K8S_NODE_NAME",
		PodDeleteGracePeriod: 2 * time.Minute,
		WaitForPod:           WaitConfig{Timeout: 2 * time.Second, MaxRecords: 10000},
		RBAC:                 true,
		SyncTimeout:          30 * time.Second,
	}
}

// Validate reports every invalid field, each named by its configuration key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	switch c.AuthType {
	case AuthServiceAccount, AuthNone:
	case AuthKubeConfig:
		if c.KubeConfig == "" {
			bad("kubeconfig", "a path is required with auth_type %q", AuthKubeConfig)
		}
	default:
		bad("auth_type", "%q must be %q, %q or %q", c.AuthType, AuthServiceAccount, AuthKubeConfig, AuthNone)
	}
	if c.PodDeleteGracePeriod < 0 {
		bad("pod_delete_grace_period", "%s must not be negative", c.PodDeleteGracePeriod)
	}
	if c.WaitForPod.Timeout < 0 || c.WaitForPod.Timeout > time.Minute {
		bad("wait_for_pod::timeout", "%s must be between 0 and 1m", c.WaitForPod.Timeout)
	}
	if c.WaitForPod.Timeout > 0 && c.WaitForPod.MaxRecords < 1 {
		bad("wait_for_pod::max_records", "%d must be at least 1 when records are held", c.WaitForPod.MaxRecords)
	}
	if c.SyncTimeout <= 0 {
		bad("sync_timeout", "%s must be positive", c.SyncTimeout)
	}
	for i, f := range append(append([]FieldExtract{}, c.Extract.Labels...), c.Extract.Annotations...) {
		kind, idx := "labels", i
		if i >= len(c.Extract.Labels) {
			kind, idx = "annotations", i-len(c.Extract.Labels)
		}
		if strings.TrimSpace(f.Key) == "" {
			bad(fmt.Sprintf("extract::%s[%d]::key", kind, idx), "is required")
		}
	}
	return errors.Join(errs...)
}
