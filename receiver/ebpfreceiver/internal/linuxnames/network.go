package linuxnames

import "golang.org/x/sys/unix"

var addressFamilyNames = map[uint16]string{
	unix.AF_UNIX:    "AF_UNIX",
	unix.AF_INET:    "AF_INET",
	unix.AF_INET6:   "AF_INET6",
	unix.AF_NETLINK: "AF_NETLINK",
	unix.AF_PACKET:  "AF_PACKET",
	// Families with raw sockets of their own, which network.socket
	// records report, and a few a sensor should recognize on sight.
	unix.AF_AX25:       "AF_AX25",
	unix.AF_APPLETALK:  "AF_APPLETALK",
	unix.AF_KEY:        "AF_KEY",
	unix.AF_LLC:        "AF_LLC",
	unix.AF_CAN:        "AF_CAN",
	unix.AF_TIPC:       "AF_TIPC",
	unix.AF_BLUETOOTH:  "AF_BLUETOOTH",
	unix.AF_IEEE802154: "AF_IEEE802154",
	unix.AF_ALG:        "AF_ALG",
	unix.AF_VSOCK:      "AF_VSOCK",
	unix.AF_XDP:        "AF_XDP",
}

// AddressFamily names the socket address families a sensor reports on:
// AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, and the families with
// raw sockets of their own (AF_CAN, AF_BLUETOOTH, AF_KEY…); "family 42"
// for any other.
func AddressFamily(f uint16) string {
	if name, ok := addressFamilyNames[f]; ok {
		return name
	}
	return numbered("family ", int64(f))
}

// queryTypeNames are DNS RR TYPE / QTYPE values from the IANA "Resource
// Record (RR) TYPEs" registry. DNS is not a kernel interface, so unix has no
// constants; the defining RFC is given for each.
var queryTypeNames = map[uint16]string{
	1:   "A",      // RFC 1035
	2:   "NS",     // RFC 1035
	5:   "CNAME",  // RFC 1035
	6:   "SOA",    // RFC 1035
	12:  "PTR",    // RFC 1035
	15:  "MX",     // RFC 1035
	16:  "TXT",    // RFC 1035
	28:  "AAAA",   // RFC 3596
	33:  "SRV",    // RFC 2782
	35:  "NAPTR",  // RFC 3403
	43:  "DS",     // RFC 4034
	46:  "RRSIG",  // RFC 4034
	48:  "DNSKEY", // RFC 4034
	64:  "SVCB",   // RFC 9460
	65:  "HTTPS",  // RFC 9460
	252: "AXFR",   // RFC 1035 (QTYPE only)
	255: "ANY",    // RFC 1035 "*" (QTYPE only), RFC 8482
	257: "CAA",    // RFC 8659
}

// QueryType names a DNS QTYPE ("A", "AAAA", "TXT", "HTTPS", ...); other
// values are rendered "TYPE<n>", the generic form of RFC 3597 that DNS
// tools also use.
func QueryType(t uint16) string {
	if name, ok := queryTypeNames[t]; ok {
		return name
	}
	return numbered("TYPE", int64(t))
}
