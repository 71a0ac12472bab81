// Package rulesource gathers the rule files a detection stage runs, from
// where its configuration says: the built-in pack (package defaultrules)
// unless left out, the user's files and directories, and new items for
// lists they define. The processor and the vigil-rules command both load
// through it, so what one accepts the other runs.
package rulesource

import (
	"errors"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/defaultrules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Config says where rules come from.
type Config struct {
	// Pack includes the built-in pack, first.
	Pack bool
	// Paths are the user's rule files, or directories of them.
	Paths []string
	// Lists replaces the items of lists the files define, by name.
	Lists map[string][]string
}

// Load parses every file the configuration names, the pack's first, and
// replaces the configured lists. Every problem of every file is reported
// together.
func Load(c Config) ([]*rules.File, error) {
	var all []*rules.File
	var errs []error
	if c.Pack {
		pack, err := defaultrules.Files()
		all, errs = pack, append(errs, err)
	}
	if len(c.Paths) > 0 {
		user, err := rules.Load(c.Paths)
		all, errs = append(all, user...), append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := rules.ReplaceLists(all, c.Lists); err != nil {
		return nil, err
	}
	return all, nil
}
