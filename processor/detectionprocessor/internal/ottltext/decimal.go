package ottltext

import (
	"strconv"
	"strings"
)

// Decimal reads an integer literal as OTTL does, when it reads it in base
// 10: no leading zero (OTTL reads 010 as octal). Rule files are held to
// it, and the fast path reads no other.
func Decimal(lit string) (int64, bool) {
	digits := strings.TrimPrefix(lit, "-")
	if digits == "" || len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	i, err := strconv.ParseInt(lit, 10, 64)
	return i, err == nil
}
