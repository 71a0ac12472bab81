package proctable

import (
	"strconv"
	"strings"
)

// Device majors of terminals (Documentation/admin-guide/devices.txt).
const (
	ttyMajor      = 4   // tty0-63 virtual consoles, ttyS0- serial ports from minor 64
	ptsMajorFirst = 136 // Unix98 pty slaves: 136-143
	ptsMajorLast  = 143
)

// ttyName names a controlling terminal from /proc/<pid>/stat's tty_nr the way
// users see it under /dev ("pts/3", "tty1"). "" when there is none.
func ttyName(ttyNr uint64) string {
	if ttyNr == 0 {
		return ""
	}
	// tty_nr packs major in bits 8-15 and minor in 0-7 and 20-31.
	major := (ttyNr >> 8) & 0xfff
	minor := (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00)
	switch {
	case major >= ptsMajorFirst && major <= ptsMajorLast:
		return "pts/" + strconv.FormatUint((major-ptsMajorFirst)*256+minor, 10)
	case major == ttyMajor && minor < 64:
		return "tty" + strconv.FormatUint(minor, 10)
	case major == ttyMajor:
		return "ttyS" + strconv.FormatUint(minor-64, 10)
	}
	return "tty(" + strconv.FormatUint(major, 10) + ":" + strconv.FormatUint(minor, 10) + ")"
}

// KernelTTYName turns the kernel's tty->name ("pts3", "tty1") into the /dev
// form ttyName produces, so both sources of an entry agree.
func KernelTTYName(name string) string {
	if n, ok := strings.CutPrefix(name, "pts"); ok && n != "" {
		return "pts/" + n
	}
	return name
}
