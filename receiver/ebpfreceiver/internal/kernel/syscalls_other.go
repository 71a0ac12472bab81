//go:build !amd64

package kernel

// legacySyscalls: architectures other than x86-64 have only the *at forms.
var legacySyscalls []syscallSpec
