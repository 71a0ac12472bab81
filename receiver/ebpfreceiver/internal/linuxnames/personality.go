package linuxnames

// The persona of personality(2), from include/uapi/linux/personality.h
// (unix has none of these): an execution domain in the low byte, flags in
// the three bytes above.
const personaDomainMask = 0xff

var personalityFlagTable = []flagName{
	bit(0x0020000, "UNAME26"),
	bit(0x0040000, "ADDR_NO_RANDOMIZE"),
	bit(0x0080000, "FDPIC_FUNCPTRS"),
	bit(0x0100000, "MMAP_PAGE_ZERO"),
	bit(0x0200000, "ADDR_COMPAT_LAYOUT"),
	bit(0x0400000, "READ_IMPLIES_EXEC"),
	bit(0x0800000, "ADDR_LIMIT_32BIT"),
	bit(0x1000000, "SHORT_INODE"),
	bit(0x2000000, "WHOLE_SECONDS"),
	bit(0x4000000, "STICKY_TIMEOUTS"),
	bit(0x8000000, "ADDR_LIMIT_3GB"),
}

// personalityDomainNames name the low byte. PER_SCOSVR3 and PER_OSR5 share
// 3, PER_BSD and PER_SUNOS 6 (they differ in flags): the first is used.
var personalityDomainNames = [...]string{
	0x00: "PER_LINUX",
	0x01: "PER_SVR4",
	0x02: "PER_SVR3",
	0x03: "PER_SCOSVR3",
	0x04: "PER_WYSEV386",
	0x05: "PER_ISCR4",
	0x06: "PER_BSD",
	0x07: "PER_XENIX",
	0x08: "PER_LINUX32",
	0x09: "PER_IRIX32",
	0x0a: "PER_IRIXN32",
	0x0b: "PER_IRIX64",
	0x0c: "PER_RISCOS",
	0x0d: "PER_SOLARIS",
	0x0e: "PER_UW7",
	0x0f: "PER_OSF4",
	0x10: "PER_HPUX",
}

// PersonalityDomain names the execution domain of a persona, its low byte:
// "PER_LINUX", "PER_LINUX32"…; "domain 42" for a number without a name.
func PersonalityDomain(persona uint64) string {
	d := persona & personaDomainMask
	if d < uint64(len(personalityDomainNames)) {
		return personalityDomainNames[d]
	}
	return numbered("domain ", int64(d))
}

// PersonalityFlags names the flags of a persona, above its domain byte:
// UNAME26, ADDR_NO_RANDOMIZE, FDPIC_FUNCPTRS, MMAP_PAGE_ZERO,
// ADDR_COMPAT_LAYOUT, READ_IMPLIES_EXEC, ADDR_LIMIT_32BIT, SHORT_INODE,
// WHOLE_SECONDS, STICKY_TIMEOUTS, ADDR_LIMIT_3GB, then unknown bits in hex.
// The persona is an unsigned int: bits above 31 are dropped.
func PersonalityFlags(persona uint64) []string {
	return flagNames(uint64(uint32(persona))&^personaDomainMask, personalityFlagTable)
}
