package redact

import "testing"

func BenchmarkArgsClean(b *testing.B) {
	r, err := New(true, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r.Args(typicalArgv)
	}
}

func BenchmarkArgsSecret(b *testing.B) {
	r, err := New(true, nil)
	if err != nil {
		b.Fatal(err)
	}
	argv := []string{
		"curl", "-u", "alice:wonderland",
		"-H", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
		"https://api.example.com/v1?access_token=abc&page=2",
	}
	b.ReportAllocs()
	for b.Loop() {
		r.Args(argv)
	}
}
