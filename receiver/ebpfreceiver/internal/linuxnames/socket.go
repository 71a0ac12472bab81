package linuxnames

import (
	"math/bits"
	"strconv"

	"golang.org/x/sys/unix"
)

// sockTypeMask is SOCK_TYPE_MASK (include/linux/net.h): the rest of
// socket's type argument is SOCK_NONBLOCK and SOCK_CLOEXEC.
const sockTypeMask = 0xf

var socketTypeNames = map[uint32]string{
	unix.SOCK_STREAM:    "SOCK_STREAM",
	unix.SOCK_DGRAM:     "SOCK_DGRAM",
	unix.SOCK_RAW:       "SOCK_RAW",
	unix.SOCK_RDM:       "SOCK_RDM",
	unix.SOCK_SEQPACKET: "SOCK_SEQPACKET",
	unix.SOCK_DCCP:      "SOCK_DCCP",
	unix.SOCK_PACKET:    "SOCK_PACKET",
}

// SocketType names the type argument of socket(2) without its flags
// (SOCK_NONBLOCK, SOCK_CLOEXEC): "SOCK_RAW", "SOCK_PACKET"…; "type 9" for
// a number without a name. The kernel takes an int: bits above 31 are
// dropped.
func SocketType(t uint64) string {
	base := uint32(t) & sockTypeMask
	if name, ok := socketTypeNames[base]; ok {
		return name
	}
	return numbered("type ", int64(base))
}

// ipProtocolNames are the IP protocols of include/uapi/linux/in.h and
// in6.h a raw or packet socket is likely to ask for.
var ipProtocolNames = map[uint32]string{
	unix.IPPROTO_IP:      "IPPROTO_IP",
	unix.IPPROTO_ICMP:    "IPPROTO_ICMP",
	unix.IPPROTO_IGMP:    "IPPROTO_IGMP",
	unix.IPPROTO_IPIP:    "IPPROTO_IPIP",
	unix.IPPROTO_TCP:     "IPPROTO_TCP",
	unix.IPPROTO_UDP:     "IPPROTO_UDP",
	unix.IPPROTO_IPV6:    "IPPROTO_IPV6",
	unix.IPPROTO_GRE:     "IPPROTO_GRE",
	unix.IPPROTO_ESP:     "IPPROTO_ESP",
	unix.IPPROTO_AH:      "IPPROTO_AH",
	unix.IPPROTO_ICMPV6:  "IPPROTO_ICMPV6",
	unix.IPPROTO_SCTP:    "IPPROTO_SCTP",
	unix.IPPROTO_UDPLITE: "IPPROTO_UDPLITE",
	unix.IPPROTO_RAW:     "IPPROTO_RAW",
}

// etherTypeNames are Ethernet protocol ids of include/uapi/linux/if_ether.h
// (ETH_P_ALL is Linux's own: every frame).
var etherTypeNames = map[uint16]string{
	unix.ETH_P_ALL:     "ETH_P_ALL",
	unix.ETH_P_IP:      "ETH_P_IP",
	unix.ETH_P_ARP:     "ETH_P_ARP",
	unix.ETH_P_RARP:    "ETH_P_RARP",
	unix.ETH_P_8021Q:   "ETH_P_8021Q",
	unix.ETH_P_IPV6:    "ETH_P_IPV6",
	unix.ETH_P_PAE:     "ETH_P_PAE",
	unix.ETH_P_8021AD:  "ETH_P_8021AD",
	unix.ETH_P_LLDP:    "ETH_P_LLDP",
	unix.ETH_P_802_3:   "ETH_P_802_3",
	unix.ETH_P_802_2:   "ETH_P_802_2",
	unix.ETH_P_PPP_SES: "ETH_P_PPP_SES",
}

// SocketProtocol names the protocol argument of socket(2) by the family's
// numbering. AF_INET and AF_INET6 take an IP protocol ("IPPROTO_ICMP",
// "IPPROTO_RAW"; "IPPROTO_IP" for 0). AF_PACKET takes an Ethernet protocol
// id in network byte order, which is swapped before it is named
// ("ETH_P_ALL", "ETH_P_IP"; "ethertype 0x88b5" for others; "0" is none:
// the socket receives nothing until it is bound). Other families: "protocol
// 1". The kernel takes an int: bits above 31 are dropped.
func SocketProtocol(family uint64, protocol uint64) string {
	p := uint32(protocol)
	switch uint32(family) {
	case unix.AF_INET, unix.AF_INET6:
		if name, ok := ipProtocolNames[p]; ok {
			return name
		}
		return numbered("IP protocol ", int64(p))
	case unix.AF_PACKET:
		if p == 0 {
			return "0"
		}
		ethertype := bits.ReverseBytes16(uint16(p))
		if name, ok := etherTypeNames[ethertype]; ok {
			return name
		}
		var buf [len("ethertype 0x") + 4]byte
		return string(strconv.AppendUint(append(buf[:0], "ethertype 0x"...), uint64(ethertype), 16))
	}
	return numbered("protocol ", int64(p))
}

// SocketFamily names the family argument of socket(2) like AddressFamily;
// the kernel takes an int, and a value past 16 bits is no family.
func SocketFamily(family uint64) string {
	f := uint32(family)
	if f > 0xffff {
		return numbered("family ", int64(f))
	}
	return AddressFamily(uint16(f))
}
