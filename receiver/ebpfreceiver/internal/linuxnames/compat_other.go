//go:build !amd64

package linuxnames

// CompatSyscallName names 32-bit syscalls on x86-64 only, the one
// architecture whose 32-bit calls the sensor reports: "" here.
func CompatSyscallName(nr uint64) string { return "" }
