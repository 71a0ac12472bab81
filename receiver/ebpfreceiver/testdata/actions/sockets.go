package main

import (
	"math/bits"
	"strconv"

	"golang.org/x/sys/unix"
)

// socketRequest is one socket(2) call: family, type, protocol.
type socketRequest struct{ family, typ, protocol int }

// htons is how AF_PACKET takes its protocol: in network byte order.
func htons(v uint16) int { return int(bits.ReverseBytes16(v)) }

// packetAndRawSockets opens the sockets a sniffer or a raw-packet tool
// opens, then ordinary ones (TCP, UDP, netlink) that must not be reported.
// With args[0], it first becomes that user, and its one packet socket is
// refused.
func packetAndRawSockets(args []string) (map[string]any, error) {
	if len(args) > 0 {
		uid, _ := strconv.Atoi(args[0])
		if err := unix.Setresuid(uid, uid, uid); err != nil {
			return nil, err
		}
		_, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, htons(unix.ETH_P_ALL))
		return map[string]any{"errno": errnoOf(err)}, nil
	}
	for _, s := range []socketRequest{
		{unix.AF_PACKET, unix.SOCK_RAW, htons(unix.ETH_P_ALL)},
		{unix.AF_PACKET, unix.SOCK_DGRAM, htons(unix.ETH_P_ARP)},
		{unix.AF_INET, unix.SOCK_RAW, unix.IPPROTO_ICMP},
		{unix.AF_INET6, unix.SOCK_RAW | unix.SOCK_NONBLOCK, unix.IPPROTO_ICMPV6},
		// Not reported:
		{unix.AF_INET, unix.SOCK_STREAM, 0},
		{unix.AF_INET6, unix.SOCK_DGRAM, unix.IPPROTO_UDP},
		{unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE},
		{unix.AF_UNIX, unix.SOCK_STREAM, 0},
	} {
		fd, err := unix.Socket(s.family, s.typ|unix.SOCK_CLOEXEC, s.protocol)
		if err != nil {
			return nil, err
		}
		unix.Close(fd)
	}
	return nil, nil
}
