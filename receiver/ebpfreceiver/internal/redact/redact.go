// Package redact masks secrets in process command lines captured by the
// eBPF receiver.
//
// argv read from the kernel routinely carries credentials (--password=...,
// DB_PASSWORD=..., curl -u user:pass, bearer tokens, URLs with a password).
// The semantic conventions require process.command_line and process.args to
// be sanitized, and once a record has left the receiver the secret can no
// longer be recalled, so masking happens in user space right after decoding.
//
// The receiver calls Args for every exec event, and almost every command line
// is clean. The built-in rules are therefore hand-written scanners guarded by
// cheap byte and keyword checks rather than regular expressions: a clean argv
// costs a few substring searches per argument and no allocation, and only an
// argument that passes a check is examined further.
//
// Masking replaces the secret with Mask and keeps the surrounding context
// (flag names, KEY=, URL scheme and user, the Bearer word) so an analyst can
// still see what the command did. The result is a fixed point: redacting an
// already redacted argv changes nothing, so records can be re-processed
// safely.
package redact

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Mask replaces every masked secret. It is deliberately free of letters,
// digits and separators so that it can never form a new match itself.
const Mask = "****"

// Redactor masks secrets in argv. Safe for concurrent use. Built once at
// start-up.
type Redactor struct {
	defaults bool
	user     []userPattern
}

// userPattern is one compiled user pattern. groups records whether only the
// captured text is to be masked instead of the whole match.
type userPattern struct {
	re     *regexp.Regexp
	groups bool
}

// New builds a Redactor. defaults enables the built-in patterns; patterns are
// user RE2 regular expressions: when a pattern has capture groups, only the
// captured text is masked, otherwise the whole match. User patterns are
// matched against each argv element on its own. An invalid user pattern
// returns an error naming the pattern's index and the regexp error.
func New(defaults bool, patterns []string) (*Redactor, error) {
	r := &Redactor{defaults: defaults}
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			// The regexp error already quotes the offending fragment; the
			// index says which configured entry to fix.
			return nil, fmt.Errorf("redact: pattern %d: %w", i, err)
		}
		r.user = append(r.user, userPattern{re: re, groups: re.NumSubexp() > 0})
	}
	return r, nil
}

// Args returns argv with secrets masked. It returns the input slice itself
// (no copy, no allocation) when nothing needed masking; otherwise it returns
// a new slice and leaves argv untouched. changed reports whether anything was
// masked.
func (r *Redactor) Args(argv []string) (out []string, changed bool) {
	out, changed = r.pass(argv, false)
	if !changed {
		return argv, false
	}
	// Repeat until nothing changes so that the output is a fixed point and
	// redacting twice equals redacting once, even when two rules overlap in
	// an unforeseen way. Every pass that changes something turns at least
	// one non-mask byte into Mask, so this terminates; normally the second
	// pass finds nothing and only the secret path pays for it.
	for {
		next, again := r.pass(out, true)
		if !again {
			return out, true
		}
		out = next
	}
}

// pass runs every rule once over argv. When owned is false argv belongs to
// the caller and is copied before the first change; otherwise it is updated
// in place.
func (r *Redactor) pass(argv []string, owned bool) ([]string, bool) {
	out := argv
	changed := false
	var w walker
	for i, arg := range argv {
		// Spans live on the stack for the usual handful of secrets per
		// argument; only a clean argument must not allocate.
		var buf [8]span
		spans := r.find(buf[:0], &w, arg)
		if len(spans) == 0 {
			continue
		}
		masked, ok := apply(arg, spans)
		if !ok {
			continue
		}
		if !changed && !owned {
			out = slices.Clone(argv)
		}
		changed = true
		out[i] = masked
	}
	return out, changed
}

// find appends the spans of arg to mask. w carries what earlier arguments
// imply about this one (the value of --password, the mysql binary, sh -c).
func (r *Redactor) find(dst []span, w *walker, arg string) []span {
	if r.defaults {
		var got expect
		dst, got = w.step(dst, arg, 0)
		script := got == expectScript && strings.ContainsAny(arg, " \t\n")
		if script {
			dst = scanScript(dst, arg)
		}
		dst = scanText(dst, arg, script)
	}
	return r.matchUser(dst, arg)
}

// matchUser appends the spans matched by the user patterns. MatchString runs
// first because it does not allocate, unlike the index-returning variants.
func (r *Redactor) matchUser(dst []span, arg string) []span {
	for _, u := range r.user {
		if !u.re.MatchString(arg) {
			continue
		}
		for _, m := range u.re.FindAllStringSubmatchIndex(arg, -1) {
			if !u.groups {
				dst = add(dst, m[0], m[1])
				continue
			}
			// Groups that did not take part in the match report -1.
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 {
					dst = add(dst, m[g], m[g+1])
				}
			}
		}
	}
	return dst
}
