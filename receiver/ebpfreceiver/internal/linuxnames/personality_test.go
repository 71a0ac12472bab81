package linuxnames

import "testing"

// Values from include/uapi/linux/personality.h, written out.
func TestPersonality(t *testing.T) {
	for _, tt := range []struct {
		in     uint64
		domain string
		flags  []string
	}{
		{0, "PER_LINUX", nil},
		{0x0040000, "PER_LINUX", []string{"ADDR_NO_RANDOMIZE"}}, // setarch -R
		{0x0400000, "PER_LINUX", []string{"READ_IMPLIES_EXEC"}},
		{0x0008, "PER_LINUX32", nil},
		{0x0008 | 0x8000000, "PER_LINUX32", []string{"ADDR_LIMIT_3GB"}}, // PER_LINUX32_3GB
		{0x0200000 | 0x0040000, "PER_LINUX", []string{"ADDR_NO_RANDOMIZE", "ADDR_COMPAT_LAYOUT"}},
		{0x0001 | 0x4000000 | 0x0100000, "PER_SVR4", []string{"MMAP_PAGE_ZERO", "STICKY_TIMEOUTS"}},
		{0x0020000, "PER_LINUX", []string{"UNAME26"}},
		{0x10, "PER_HPUX", nil},
		{0x42, "domain 66", nil},
		{0x10000000, "PER_LINUX", []string{"0x10000000"}},
		{1<<32 | 0x0040000, "PER_LINUX", []string{"ADDR_NO_RANDOMIZE"}}, // an unsigned int
	} {
		if got := PersonalityDomain(tt.in); got != tt.domain {
			t.Errorf("PersonalityDomain(%#x) = %q, want %q", tt.in, got, tt.domain)
		}
		checkList(t, "PersonalityFlags("+hex(tt.in)+")", PersonalityFlags(tt.in), tt.flags)
	}
}
