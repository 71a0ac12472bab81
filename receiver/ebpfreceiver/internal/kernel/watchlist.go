package kernel

import (
	"fmt"
	"strings"
)

// fillWatchList loads the file watch list into the kernel's maps.
func (p *Probe) fillWatchList(w WatchList) error {
	for _, e := range w.Prefixes {
		if len(e.Path) == 0 || len(e.Path) > WatchPrefixMax {
			return fmt.Errorf("watched path %q: must be 1 to %d bytes", e.Path, WatchPrefixMax)
		}
		var key bpfWatchKey
		key.Prefixlen = uint32(len(e.Path)) * 8
		copyChars(key.Data[:], e.Path)
		value := bpfWatchPrefix{Len: uint32(len(e.Path))} // an exclusion's category is 0
		if !e.Exclude {
			if e.Category.ID == 0 || e.Category.ID > MaxWatchCategory {
				return fmt.Errorf("watched path %q: category id %d out of range", e.Path, e.Category.ID)
			}
			value.Category = e.Category.kernelValue()
		}
		if e.Exact {
			value.Exact = 1
		}
		if err := p.objs.WatchPrefixes.Put(&key, &value); err != nil {
			return fmt.Errorf("loading watched path %q: %w", e.Path, err)
		}
	}
	for _, e := range w.NamePrefixes {
		if len(e.Name) == 0 || len(e.Name) > WatchNameMax {
			return fmt.Errorf("watched name prefix %q: must be 1 to %d bytes", e.Name, WatchNameMax)
		}
		if e.Category.ID == 0 || e.Category.ID > MaxWatchCategory {
			return fmt.Errorf("watched name prefix %q: category id %d out of range", e.Name, e.Category.ID)
		}
		var key bpfWatchKey
		key.Prefixlen = uint32(len(e.Name)) * 8
		copyChars(key.Data[:], e.Name)
		value := bpfWatchPrefix{Len: uint32(len(e.Name)), Category: e.Category.kernelValue()}
		if err := p.objs.WatchNamePrefixes.Put(&key, &value); err != nil {
			return fmt.Errorf("loading watched name prefix %q: %w", e.Name, err)
		}
	}
	for _, e := range w.Names {
		if len(e.Name) == 0 || len(e.Name) > WatchNameMax {
			return fmt.Errorf("watched name %q: must be 1 to %d bytes", e.Name, WatchNameMax)
		}
		var key bpfWatchNameKey
		copyChars(key.Name[:], e.Name)
		if e.Category.ID == 0 || e.Category.ID > MaxWatchCategory {
			return fmt.Errorf("watched name %q: category id %d out of range", e.Name, e.Category.ID)
		}
		if err := p.objs.WatchNames.Put(&key, e.Category.kernelValue()); err != nil {
			return fmt.Errorf("loading watched name %q: %w", e.Name, err)
		}
	}
	return nil
}

// copyChars copies a string into a C char array (int8 in the generated Go).
func copyChars(dst []int8, s string) {
	for i := 0; i < len(s) && i < len(dst); i++ {
		dst[i] = int8(s[i])
	}
}

// ExcludePathMax bounds excluded executable and cgroup paths (bpf/lib/exclude.h).
const ExcludePathMax = 255

// fillExclusions loads the excluded executables and cgroup paths.
func (p *Probe) fillExclusions(x Exclusions) error {
	for _, e := range x.Executables {
		if len(e) > ExcludePathMax {
			return fmt.Errorf("excluded executable %q: longer than %d bytes", e, ExcludePathMax)
		}
		var key bpfExcludePathKey
		copyChars(key.Path[:], e)
		if err := p.objs.ExcludedExecutables.Put(&key, uint8(1)); err != nil {
			return fmt.Errorf("loading excluded executable %q: %w", e, err)
		}
	}
	for _, cg := range x.Cgroups {
		cg = strings.TrimSuffix(cg, "/")
		// The cgroup itself, and with a trailing slash everything below it.
		for _, entry := range []string{cg, cg + "/"} {
			if len(entry) > ExcludePathMax {
				return fmt.Errorf("excluded cgroup %q: longer than %d bytes", cg, ExcludePathMax-1)
			}
			var key bpfExcludePrefixKey
			key.Prefixlen = uint32(len(entry)) * 8
			copyChars(key.Path[:], entry)
			if err := p.objs.ExcludedCgroupPaths.Put(&key, uint32(len(entry))); err != nil {
				return fmt.Errorf("loading excluded cgroup %q: %w", cg, err)
			}
		}
	}
	return nil
}
