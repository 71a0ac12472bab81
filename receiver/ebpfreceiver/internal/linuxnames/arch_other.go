//go:build !amd64 && !arm64

package linuxnames

// The sensor ships for amd64 and arm64 only. On other architectures the
// package still builds, with the generic tables alone: architecture
// requests and flags, and O_LARGEFILE (whose value differs per
// architecture), are reported as unknown numbers rather than guessed.

// oLargefile of 0 disables the O_LARGEFILE entry (a zero mask never
// matches).
const oLargefile = 0

var archPtraceNames map[int64]string

var archProtTable []flagName

var archMmapFlagTable []flagName
