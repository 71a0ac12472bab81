package linuxnames

import (
	"slices"

	"golang.org/x/sys/unix"
)

const (
	// protSem is PROT_SEM from include/uapi/asm-generic/mman-common.h;
	// unix lacks it. The kernel accepts and ignores it.
	protSem = 0x8
	// mapUninitialized is MAP_UNINITIALIZED from
	// include/uapi/asm-generic/mman-common.h; unix lacks it. It shares
	// bit 26 with the MAP_HUGE_* size field and only means itself when
	// MAP_HUGETLB is clear.
	mapUninitialized = 0x4000000
)

var mmapProtTable = slices.Concat(
	[]flagName{
		bit(unix.PROT_READ, "PROT_READ"),
		bit(unix.PROT_WRITE, "PROT_WRITE"),
		bit(unix.PROT_EXEC, "PROT_EXEC"),
		bit(protSem, "PROT_SEM"),
	},
	archProtTable,
	[]flagName{
		bit(unix.PROT_GROWSDOWN, "PROT_GROWSDOWN"),
		bit(unix.PROT_GROWSUP, "PROT_GROWSUP"),
	},
)

// MmapProt names the protection bits of mmap and mprotect: PROT_READ,
// PROT_WRITE, PROT_EXEC, PROT_SEM, the architecture's own bits (PROT_BTI
// and PROT_MTE on arm64), PROT_GROWSDOWN, PROT_GROWSUP, then unknown bits
// in hex. 0 is ["PROT_NONE"], because an inaccessible mapping (a guard
// page, or memory being made non-executable) is a meaningful event.
func MmapProt(prot uint64) []string {
	if prot == unix.PROT_NONE {
		return []string{"PROT_NONE"}
	}
	return flagNames(prot, mmapProtTable)
}

// hugeSize names one value of the 6-bit log2(page size) field that
// MAP_HUGETLB and MFD_HUGETLB carry in bits 26-31
// (include/uapi/asm-generic/hugetlb_encode.h). The field only means a size
// when the HUGETLB flag is set, so the flag is part of the mask.
func hugeSize(hugetlb, size uint64, name string) flagName {
	return flagName{
		mask:  unix.MAP_HUGE_MASK<<unix.MAP_HUGE_SHIFT | hugetlb,
		value: size | hugetlb,
		name:  name,
	}
}

var mmapFlagTable = slices.Concat(
	[]flagName{
		// The type is a 4-bit field, not flags: MAP_SHARED_VALIDATE (3) is
		// not MAP_SHARED|MAP_PRIVATE.
		{mask: unix.MAP_TYPE, value: unix.MAP_SHARED, name: "MAP_SHARED"},
		{mask: unix.MAP_TYPE, value: unix.MAP_PRIVATE, name: "MAP_PRIVATE"},
		{mask: unix.MAP_TYPE, value: unix.MAP_SHARED_VALIDATE, name: "MAP_SHARED_VALIDATE"},
		{mask: unix.MAP_TYPE, value: unix.MAP_DROPPABLE, name: "MAP_DROPPABLE"},
		bit(unix.MAP_FIXED, "MAP_FIXED"),
		bit(unix.MAP_ANONYMOUS, "MAP_ANONYMOUS"),
	},
	archMmapFlagTable,
	[]flagName{
		bit(unix.MAP_GROWSDOWN, "MAP_GROWSDOWN"),
		bit(unix.MAP_DENYWRITE, "MAP_DENYWRITE"),
		bit(unix.MAP_EXECUTABLE, "MAP_EXECUTABLE"),
		bit(unix.MAP_LOCKED, "MAP_LOCKED"),
		bit(unix.MAP_NORESERVE, "MAP_NORESERVE"),
		bit(unix.MAP_POPULATE, "MAP_POPULATE"),
		bit(unix.MAP_NONBLOCK, "MAP_NONBLOCK"),
		bit(unix.MAP_STACK, "MAP_STACK"),
		bit(unix.MAP_HUGETLB, "MAP_HUGETLB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_16KB, "MAP_HUGE_16KB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_64KB, "MAP_HUGE_64KB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_512KB, "MAP_HUGE_512KB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_1MB, "MAP_HUGE_1MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_2MB, "MAP_HUGE_2MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_8MB, "MAP_HUGE_8MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_16MB, "MAP_HUGE_16MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_32MB, "MAP_HUGE_32MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_256MB, "MAP_HUGE_256MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_512MB, "MAP_HUGE_512MB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_1GB, "MAP_HUGE_1GB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_2GB, "MAP_HUGE_2GB"),
		hugeSize(unix.MAP_HUGETLB, unix.MAP_HUGE_16GB, "MAP_HUGE_16GB"),
		bit(unix.MAP_SYNC, "MAP_SYNC"),
		bit(unix.MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"),
		{mask: mapUninitialized | unix.MAP_HUGETLB, value: mapUninitialized, name: "MAP_UNINITIALIZED"},
	},
)

// MmapFlags names the flags of mmap: the mapping type first (MAP_SHARED,
// MAP_PRIVATE, MAP_SHARED_VALIDATE or MAP_DROPPABLE), then MAP_FIXED,
// MAP_ANONYMOUS, the architecture's own flags (MAP_32BIT and MAP_ABOVE4G
// on amd64), MAP_GROWSDOWN, MAP_DENYWRITE, MAP_EXECUTABLE, MAP_LOCKED,
// MAP_NORESERVE, MAP_POPULATE, MAP_NONBLOCK, MAP_STACK, MAP_HUGETLB with
// its page size (MAP_HUGE_2MB...), MAP_SYNC, MAP_FIXED_NOREPLACE,
// MAP_UNINITIALIZED, then unknown bits (including an unknown type or huge
// page size) in hex.
func MmapFlags(flags uint64) []string {
	return flagNames(flags, mmapFlagTable)
}

var memfdFlagTable = []flagName{
	bit(unix.MFD_CLOEXEC, "MFD_CLOEXEC"),
	bit(unix.MFD_ALLOW_SEALING, "MFD_ALLOW_SEALING"),
	bit(unix.MFD_HUGETLB, "MFD_HUGETLB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_64KB, "MFD_HUGE_64KB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_512KB, "MFD_HUGE_512KB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_1MB, "MFD_HUGE_1MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_2MB, "MFD_HUGE_2MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_8MB, "MFD_HUGE_8MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_16MB, "MFD_HUGE_16MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_32MB, "MFD_HUGE_32MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_256MB, "MFD_HUGE_256MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_512MB, "MFD_HUGE_512MB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_1GB, "MFD_HUGE_1GB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_2GB, "MFD_HUGE_2GB"),
	hugeSize(unix.MFD_HUGETLB, unix.MFD_HUGE_16GB, "MFD_HUGE_16GB"),
	bit(unix.MFD_NOEXEC_SEAL, "MFD_NOEXEC_SEAL"),
	bit(unix.MFD_EXEC, "MFD_EXEC"),
}

// MemfdFlags names the flags of memfd_create: MFD_CLOEXEC,
// MFD_ALLOW_SEALING, MFD_HUGETLB with its page size (MFD_HUGE_2MB...),
// MFD_NOEXEC_SEAL, MFD_EXEC, then unknown bits in hex. The kernel takes
// flags as unsigned int, so bits above 31 never reach it and are dropped.
func MemfdFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), memfdFlagTable)
}

// uffdUserModeOnly is UFFD_USER_MODE_ONLY from
// include/uapi/linux/userfaultfd.h; unix lacks it.
const uffdUserModeOnly = 1

var userfaultfdFlagTable = []flagName{
	bit(uffdUserModeOnly, "UFFD_USER_MODE_ONLY"),
	bit(unix.O_NONBLOCK, "O_NONBLOCK"),
	bit(unix.O_CLOEXEC, "O_CLOEXEC"),
}

// UserfaultfdFlags names the flags of userfaultfd: UFFD_USER_MODE_ONLY (the
// descriptor handles faults of user-space accesses only, which is what an
// unprivileged caller may ask for), O_NONBLOCK, O_CLOEXEC, then unknown
// bits in hex. The kernel takes an int: bits above 31 are dropped.
func UserfaultfdFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), userfaultfdFlagTable)
}
