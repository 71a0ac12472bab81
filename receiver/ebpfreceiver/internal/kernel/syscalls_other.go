//go:build !amd64

package kernel

// legacySyscalls: architectures other than x86-64 have only the *at forms.
var legacySyscalls []syscallSpec

// hasCompatSyscalls: only x86-64's 32-bit syscalls are reported. An arm64
// kernel's 32-bit tasks make nothing but 32-bit calls, and the program that
// tells them apart reads x86's TS_COMPAT.
const hasCompatSyscalls = false
