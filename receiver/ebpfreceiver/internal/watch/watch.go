// Package watch turns the receiver's configured lists of sensitive paths
// into the entries the kernel matches file events against.
//
// A pattern is one of:
//
//	/etc/shadow        that exact path
//	/etc/pam.d/        that directory and everything below it
//	/etc/sudoers*      every path that starts with /etc/sudoers
//	/proc/*/environ    that file of every process: "*" stands for a pid,
//	                   only as the component after /proc/
//	!/dev/shm/         an exclusion: shorter absolute patterns (/dev/) do
//	                   not match what it covers, whichever category they
//	                   are in; longer ones and name patterns still do
//	authorized_keys    a file of that name in any directory
//	id_rsa*            a file whose name starts with id_rsa, in any directory
//	.aws/credentials   a file of that name directly in a directory of that name
//	.ssh/              any file directly in a directory of that name, and
//	                   the directory itself when the call is about a directory
//
// Paths are matched as the process sees them (inside its container).
package watch

import (
	"fmt"
	"strings"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// Access says which opens of a category's files are reported.
type Access string

const (
	// AccessAny reports every open, reads included (credentials).
	AccessAny Access = "any"
	// AccessWrite reports only opens that may modify the file (binaries,
	// persistence locations: read constantly, rarely written). Unlinks,
	// renames, chmods and links are reported for either.
	AccessWrite Access = "write"
)

// Category is a named list of patterns.
type Category struct {
	Name   string `mapstructure:"category"`
	Access Access `mapstructure:"access"`
	// RegularFilesOnly counts only opens that returned a regular file:
	// in /dev, a file created is news, a device node written is not.
	RegularFilesOnly bool     `mapstructure:"regular_files_only"`
	Patterns         []string `mapstructure:"paths"`
}

// Rules are the kernel's watch list and the names of its category ids.
type Rules struct {
	List kernel.WatchList
	// Names[i] is the name of category id i+1.
	Names []string
}

// Name is the category name of an id from a file record; "" for 0.
func (r *Rules) Name(id uint16) string {
	if id == 0 || int(id) > len(r.Names) {
		return ""
	}
	return r.Names[id-1]
}

// Build merges the default categories (when defaults is set) with the
// configured ones: a configured category with a default's name adds its
// patterns to it (and its access, when given, wins, as does
// regular_files_only when set).
func Build(defaults bool, configured []Category) (Rules, error) {
	var cats []Category
	if defaults {
		cats = Defaults()
	}
	for i, c := range configured {
		if err := c.validate(); err != nil {
			return Rules{}, fmt.Errorf("watch[%d] (%s): %w", i, c.Name, err)
		}
		if j := indexOf(cats, c.Name); j >= 0 {
			cats[j].Patterns = append(cats[j].Patterns, c.Patterns...)
			if c.Access != "" {
				cats[j].Access = c.Access
			}
			if c.RegularFilesOnly {
				cats[j].RegularFilesOnly = true
			}
			continue
		}
		cats = append(cats, c)
	}
	if len(cats) > kernel.MaxWatchCategory {
		return Rules{}, fmt.Errorf("%d watch categories: at most %d", len(cats), kernel.MaxWatchCategory)
	}
	var r Rules
	for i, c := range cats {
		cat := kernel.WatchCategory{ID: uint16(i + 1), WritesOnly: c.Access == AccessWrite, RegularOnly: c.RegularFilesOnly}
		r.Names = append(r.Names, c.Name)
		for _, p := range c.Patterns {
			r.add(p, cat)
		}
	}
	return r, nil
}

func indexOf(cats []Category, name string) int {
	for i, c := range cats {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Validate checks configured categories without building them.
func Validate(configured []Category) error {
	_, err := Build(false, configured)
	return err
}

func (c Category) validate() error {
	if c.Name == "" {
		return fmt.Errorf("category: a name is required")
	}
	switch c.Access {
	case "", AccessAny, AccessWrite:
	default:
		return fmt.Errorf("access: %q must be %q or %q", c.Access, AccessAny, AccessWrite)
	}
	if len(c.Patterns) == 0 {
		return fmt.Errorf("paths: at least one path is required")
	}
	for i, p := range c.Patterns {
		if err := checkPattern(p); err != nil {
			return fmt.Errorf("paths[%d] %q: %w", i, p, err)
		}
	}
	return nil
}

// procPID is how an absolute pattern names the directory of every process.
const procPID = "/proc/*/"

func checkPattern(p string) error {
	if p == "" || p == "/" {
		return fmt.Errorf("empty")
	}
	if rest, ok := strings.CutPrefix(p, "!"); ok {
		if !strings.HasPrefix(rest, "/") {
			return fmt.Errorf("an exclusion is '!' followed by an absolute pattern")
		}
		return checkPattern(rest)
	}
	if strings.HasPrefix(p, "/") {
		body := strings.TrimPrefix(p, procPID)
		if star := strings.IndexByte(body, '*'); star >= 0 && star != len(body)-1 {
			return fmt.Errorf("'*' is only allowed at the end of a path, or for the process id in %s", procPID)
		}
		if len(strings.TrimSuffix(p, "*")) > kernel.WatchPrefixMax {
			return fmt.Errorf("longer than %d bytes", kernel.WatchPrefixMax)
		}
		return nil
	}
	if star := strings.IndexByte(p, '*'); star >= 0 && (star != len(p)-1 || star == 0 || strings.Contains(p, "/")) {
		return fmt.Errorf(`'*' is only allowed at the end of an absolute path or of a name ("id_rsa*")`)
	}
	if strings.Count(p, "/") > 1 || strings.HasPrefix(p, "/") {
		return fmt.Errorf(`a name pattern is "name", "dir/name" or "dir/"`)
	}
	if len(strings.TrimSuffix(p, "*")) > kernel.WatchNameMax {
		return fmt.Errorf("longer than %d bytes", kernel.WatchNameMax)
	}
	return nil
}

// add turns a valid pattern into kernel entries.
func (r *Rules) add(p string, cat kernel.WatchCategory) {
	if rest, ok := strings.CutPrefix(p, "!"); ok {
		for _, e := range prefixEntries(rest, kernel.WatchCategory{}) {
			e.Exclude = true
			r.List.Prefixes = append(r.List.Prefixes, e)
		}
		return
	}
	switch {
	case !strings.HasPrefix(p, "/") && strings.HasSuffix(p, "*"):
		r.List.NamePrefixes = append(r.List.NamePrefixes, kernel.WatchName{Name: strings.TrimSuffix(p, "*"), Category: cat})
	case !strings.HasPrefix(p, "/"):
		r.List.Names = append(r.List.Names, kernel.WatchName{Name: p, Category: cat})
	default:
		r.List.Prefixes = append(r.List.Prefixes, prefixEntries(p, cat)...)
	}
}

// prefixEntries are the trie entries of an absolute pattern.
func prefixEntries(p string, cat kernel.WatchCategory) []kernel.WatchPrefix {
	switch {
	case strings.HasSuffix(p, "*"):
		return []kernel.WatchPrefix{{Path: strings.TrimSuffix(p, "*"), Category: cat}}
	case strings.HasSuffix(p, "/"):
		// The directory itself (a chmod of it) and everything below.
		return []kernel.WatchPrefix{
			{Path: strings.TrimSuffix(p, "/"), Exact: true, Category: cat},
			{Path: p, Category: cat},
		}
	default:
		return []kernel.WatchPrefix{{Path: p, Exact: true, Category: cat}}
	}
}
