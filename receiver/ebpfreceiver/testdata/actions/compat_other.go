//go:build !amd64

package main

// archActions: 32-bit syscalls are made (and reported) on x86-64 only.
var archActions map[string]action
