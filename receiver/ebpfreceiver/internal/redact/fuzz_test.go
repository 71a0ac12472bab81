package redact

import (
	"slices"
	"testing"
)

func FuzzArgs(f *testing.F) {
	for _, tc := range argsCases {
		f.Add(joinArgv(tc.in))
	}
	f.Add("sh\x00-c\x00curl -u a:b -H 'Authorization: Bearer x' https://u:p@h")
	f.Add("x\x00--password\x00--token\x00abc")

	// A user pattern with a group runs alongside the defaults so their
	// spans get merged with the built-in ones too.
	r, err := New(true, []string{`(?i)key[:=]\s*(\S+)`})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		in := splitArgv(joined)
		orig := slices.Clone(in)

		out, changed := r.Args(in)
		if !slices.Equal(in, orig) {
			t.Fatalf("input modified: %q -> %q", orig, in)
		}
		if len(out) != len(in) {
			t.Fatalf("length %d -> %d", len(in), len(out))
		}
		if !changed {
			if !sameSlice(in, out) {
				t.Fatalf("unchanged result is not the input slice: %q", out)
			}
			return
		}
		if slices.Equal(in, out) {
			t.Fatalf("changed reported for identical output %q", out)
		}
		again, changedAgain := r.Args(out)
		if changedAgain || !slices.Equal(again, out) {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
		}
	})
}
