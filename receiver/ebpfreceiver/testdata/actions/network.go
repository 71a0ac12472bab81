package main

import (
	"fmt"
	"net"
	"net/netip"
	"time"

	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/sys/unix"
)

// tcpConnectAccept listens on addr (127.0.0.1 or ::1), connects to itself
// with a blocking connect and accepts: listen, connect and accept records,
// all from this process.
func tcpConnectAccept(args []string) (map[string]any, error) {
	ip := netip.MustParseAddr(args[0])
	var family int
	var sa unix.Sockaddr
	if ip.Is4() {
		family, sa = unix.AF_INET, &unix.SockaddrInet4{Addr: ip.As4()}
	} else {
		family, sa = unix.AF_INET6, &unix.SockaddrInet6{Addr: ip.As16()}
	}
	ln, err := unix.Socket(family, unix.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(ln)
	if err := unix.Bind(ln, sa); err != nil {
		return nil, err
	}
	if err := unix.Listen(ln, 1); err != nil {
		return nil, err
	}
	bound, _ := unix.Getsockname(ln)
	port := sockPort(bound)

	c, err := unix.Socket(family, unix.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(c)
	dst := setPort(sa, port)
	if err := unix.Connect(c, dst); err != nil { // blocking: returns 0 once connected
		return nil, err
	}
	local, _ := unix.Getsockname(c)
	a, _, err := unix.Accept(ln)
	if err != nil {
		return nil, err
	}
	unix.Close(a)
	return map[string]any{"server_port": port, "client_port": sockPort(local)}, nil
}

func sockPort(sa unix.Sockaddr) int {
	switch s := sa.(type) {
	case *unix.SockaddrInet4:
		return s.Port
	case *unix.SockaddrInet6:
		return s.Port
	}
	return 0
}

func setPort(sa unix.Sockaddr, port int) unix.Sockaddr {
	switch s := sa.(type) {
	case *unix.SockaddrInet4:
		return &unix.SockaddrInet4{Addr: s.Addr, Port: port}
	case *unix.SockaddrInet6:
		return &unix.SockaddrInet6{Addr: s.Addr, Port: port}
	}
	return sa
}

func query(name string, t dnsmessage.Type, id uint16) []byte {
	msg := dnsmessage.Message{
		Header:    dnsmessage.Header{ID: id, RecursionDesired: true},
		Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName(name + "."), Type: t, Class: dnsmessage.ClassINET}},
	}
	b, err := msg.Pack()
	if err != nil {
		panic(err)
	}
	return b
}

// dnsQueries asks the resolver at args[0] (host:53) about args[1] three
// ways: sendto as glibc's res_send does, sendmmsg with the A and AAAA
// questions together, and write() on a connected socket as Go's resolver does.
func dnsQueries(args []string) (map[string]any, error) {
	server := netip.MustParseAddrPort(args[0])
	name := args[1]
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	dst := &unix.SockaddrInet4{Addr: server.Addr().As4(), Port: int(server.Port())}
	if err := unix.Sendto(fd, query("sendto."+name, dnsmessage.TypeA, 1), 0, dst); err != nil {
		return nil, fmt.Errorf("sendto: %w", err)
	}
	if err := unix.Connect(fd, dst); err != nil {
		return nil, err
	}
	a, aaaa := query("mmsg."+name, dnsmessage.TypeA, 2), query("mmsg."+name, dnsmessage.TypeAAAA, 3)
	if _, err := sendmmsg(fd, a, aaaa); err != nil {
		return nil, fmt.Errorf("sendmmsg: %w", err)
	}
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(server))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.Write(query("write."+name, dnsmessage.TypeTXT, 4)); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 512)
	_, err = conn.Read(buf) // the responder answers: the exchange completed
	return map[string]any{"answered": err == nil}, nil
}

// connectStorm connects to a listener of its own on 127.0.0.1 and closes,
// as fast as it can for args[0] (a duration). Every connect is blocking and
// accepted, so each one is a connect and an accept record.
func connectStorm(args []string) (map[string]any, error) {
	d, err := time.ParseDuration(args[0])
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	dst := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}
	n := 0
	for end := time.Now().Add(d); time.Now().Before(end); n++ {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return nil, err
		}
		err = unix.Connect(fd, dst)
		unix.Close(fd)
		if err != nil {
			return nil, err
		}
	}
	return map[string]any{"connects": n, "port": port}, nil
}
