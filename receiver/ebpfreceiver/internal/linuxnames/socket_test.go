package linuxnames

import (
	"math"
	"testing"
)

// The values are written out from include/linux/socket.h, net.h, in.h and
// if_ether.h, not taken from unix, so a wrong constant there cannot make
// the test agree with the code.

func TestSocketFamily(t *testing.T) {
	for _, tt := range []struct {
		in   uint64
		want string
	}{
		{17, "AF_PACKET"},
		{2, "AF_INET"},
		{10, "AF_INET6"},
		{29, "AF_CAN"},
		{31, "AF_BLUETOOTH"},
		{15, "AF_KEY"},
		{42, "family 42"},
		{0x10002, "family 65538"}, // no family, not AF_INET
		{math.MaxUint64, "family 4294967295"},
	} {
		if got := SocketFamily(tt.in); got != tt.want {
			t.Errorf("SocketFamily(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSocketType(t *testing.T) {
	for _, tt := range []struct {
		in   uint64
		want string
	}{
		{1, "SOCK_STREAM"},
		{2, "SOCK_DGRAM"},
		{3, "SOCK_RAW"},
		{5, "SOCK_SEQPACKET"},
		{10, "SOCK_PACKET"},
		{3 | 0x80000 | 0x800, "SOCK_RAW"}, // SOCK_CLOEXEC and SOCK_NONBLOCK are not the type
		{9, "type 9"},
		{1<<32 | 3, "SOCK_RAW"}, // an int: the upper half never reaches the kernel
	} {
		if got := SocketType(tt.in); got != tt.want {
			t.Errorf("SocketType(%#x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSocketProtocol(t *testing.T) {
	for _, tt := range []struct {
		family, protocol uint64
		want             string
	}{
		{2, 1, "IPPROTO_ICMP"},
		{2, 255, "IPPROTO_RAW"},
		{2, 0, "IPPROTO_IP"},
		{10, 58, "IPPROTO_ICMPV6"},
		{10, 6, "IPPROTO_TCP"},
		{2, 200, "IP protocol 200"},
		// AF_PACKET: the ethertype in network byte order.
		{17, 0x0300, "ETH_P_ALL"},
		{17, 0x0008, "ETH_P_IP"},
		{17, 0x0608, "ETH_P_ARP"},
		{17, 0xdd86, "ETH_P_IPV6"},
		{17, 0xcc88, "ETH_P_LLDP"},
		{17, 0xb588, "ethertype 0x88b5"},
		{17, 0, "0"},
		{29, 1, "protocol 1"}, // CAN_RAW: other families by number
	} {
		if got := SocketProtocol(tt.family, tt.protocol); got != tt.want {
			t.Errorf("SocketProtocol(%d, %#x) = %q, want %q", tt.family, tt.protocol, got, tt.want)
		}
	}
}
