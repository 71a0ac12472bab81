// Package defaultrules is the rule pack built into the detection processor:
// its rule files and, for every rule, the fixtures that prove it (records
// that must fire it and near misses that must not).
package defaultrules

import (
	"embed"
	"errors"
	"io/fs"
	"path"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Ruleset is the security_rule.ruleset.name of the pack's rules.
const Ruleset = "default"

//go:embed *.yaml
var files embed.FS

//go:embed fixtures
var fixtures embed.FS

// Files parses the pack. Its positions read default/<file>.yaml.
func Files() ([]*rules.File, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var out []*rules.File
	var errs []error
	for _, e := range entries {
		data, err := fs.ReadFile(files, e.Name())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := rules.Parse(path.Join(Ruleset, e.Name()), data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i := range f.Rules {
			f.Rules[i].Ruleset = Ruleset
		}
		out = append(out, f)
	}
	return out, errors.Join(errs...)
}

// Fixtures is the pack's fixtures directory: one directory per rule id.
func Fixtures() fs.FS {
	sub, err := fs.Sub(fixtures, "fixtures")
	if err != nil {
		panic(err) // the embedded directory exists: it is compiled in
	}
	return sub
}
