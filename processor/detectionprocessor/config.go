package detectionprocessor

import (
	"errors"
	"fmt"
	"time"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/risk"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Output modes: what leaves the processor.
const (
	// OutputAll passes every record on, findings annotated.
	OutputAll = "all"
	// OutputFindings passes only findings on.
	OutputFindings = "findings"
)

// Config is the detection processor's configuration; docs in README.md.
type Config struct {
	// DefaultRules runs the built-in rule pack (default true).
	DefaultRules bool `mapstructure:"default_rules"`
	// Rules are rule files or directories of them, run with the pack.
	Rules []string `mapstructure:"rules"`
	// Lists replaces the items of lists the rule files define (the cloud
	// metadata addresses of a private cloud, say).
	Lists map[string][]string `mapstructure:"lists"`
	// Output is "all" (default) or "findings".
	Output string `mapstructure:"output"`
	// Fold folds repeated findings of one rule for one process.
	Fold FoldConfig `mapstructure:"fold"`
	// Correlation bounds the state of sequence and threshold rules.
	Correlation CorrelationConfig `mapstructure:"correlation"`
	// Risk changes the risk score's weights.
	Risk RiskConfig `mapstructure:"risk"`
}

// FoldConfig: the first finding of a rule for one process (in one
// container or on the host) goes at once; its repeats within Window are
// folded into one record sent at the window's end with their count.
type FoldConfig struct {
	// Window is how long repeats are folded; 0 sends every finding.
	Window time.Duration `mapstructure:"window"`
	// MaxKeys bounds the (rule, process) pairs folded at once; beyond,
	// findings are sent unfolded.
	MaxKeys int `mapstructure:"max_keys"`
}

// CorrelationConfig bounds each correlation rule's state.
type CorrelationConfig struct {
	MaxKeys   int `mapstructure:"max_keys"`
	MaxValues int `mapstructure:"max_values"`
}

// RiskConfig overrides risk weights: points by severity name, points by
// posture attribute, points for a cloud identity.
type RiskConfig struct {
	Base    map[string]int `mapstructure:"base"`
	Context map[string]int `mapstructure:"context"`
	Cloud   *int           `mapstructure:"cloud"`
}

func createDefaultConfig() *Config {
	return &Config{
		DefaultRules: true,
		Output:       OutputAll,
		Fold:         FoldConfig{Window: time.Minute, MaxKeys: 10000},
		Correlation:  CorrelationConfig{MaxKeys: 10000, MaxValues: 1000},
	}
}

// Validate checks the configuration without reading the rules: those are
// compiled when the processor is created, and any error stops the collector.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if !c.DefaultRules && len(c.Rules) == 0 {
		bad("rules", "name at least one rule file or directory when default_rules is false")
	}
	if c.Output != OutputAll && c.Output != OutputFindings {
		bad("output", "%q must be %q or %q", c.Output, OutputAll, OutputFindings)
	}
	if c.Fold.Window < 0 || c.Fold.Window > time.Hour {
		bad("fold::window", "%s must be between 0 and 1h", c.Fold.Window)
	}
	if c.Fold.Window > 0 && c.Fold.MaxKeys < 1 {
		bad("fold::max_keys", "%d must be at least 1", c.Fold.MaxKeys)
	}
	if c.Correlation.MaxKeys < 1 {
		bad("correlation::max_keys", "%d must be at least 1", c.Correlation.MaxKeys)
	}
	if c.Correlation.MaxValues < 1 {
		bad("correlation::max_values", "%d must be at least 1", c.Correlation.MaxValues)
	}
	for name, points := range c.Risk.Base {
		if _, err := rules.ParseSeverity(name); err != nil {
			bad("risk::base::"+name, "%v", err)
		} else if points < 0 || points > 100 {
			bad("risk::base::"+name, "%d must be between 0 and 100", points)
		}
	}
	for name, points := range c.Risk.Context {
		if points < 0 || points > 100 {
			bad("risk::context::"+name, "%d must be between 0 and 100", points)
		}
	}
	if c.Risk.Cloud != nil && (*c.Risk.Cloud < 0 || *c.Risk.Cloud > 100) {
		bad("risk::cloud", "%d must be between 0 and 100", *c.Risk.Cloud)
	}
	return errors.Join(errs...)
}

// weights are the default risk weights with the configured ones applied.
func (c *Config) weights() risk.Weights {
	w := risk.DefaultWeights()
	for name, points := range c.Risk.Base {
		if s, err := rules.ParseSeverity(name); err == nil {
			w.Base[s] = points
		}
	}
	for attr, points := range c.Risk.Context {
		w.Context[attr] = points
	}
	if c.Risk.Cloud != nil {
		w.Cloud = *c.Risk.Cloud
	}
	return w
}
