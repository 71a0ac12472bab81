package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Load parses rule files: each path is a file, or a directory whose *.yaml
// and *.yml files are read in name order. Every problem is reported.
func Load(paths []string) ([]*File, error) {
	var files []*File
	var errs []error
	for _, p := range paths {
		names, err := ruleFiles(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			f, err := Parse(name, data)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			files = append(files, f)
		}
	}
	return files, errors.Join(errs...)
}

func ruleFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("rule path: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("rule path: %w", err)
	}
	var names []string
	for _, e := range entries {
		if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, filepath.Join(path, e.Name()))
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("rule path %s: no *.yaml or *.yml file in it", path)
	}
	return names, nil
}
