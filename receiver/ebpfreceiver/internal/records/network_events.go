package records

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// hostPort renders an address and port for a body ("10.0.0.1:443", "[::1]:53").
func hostPort(addr string, port uint16) string {
	return net.JoinHostPort(addr, strconv.Itoa(int(port)))
}

// endpointAddr renders a socket address from the kernel's 16 bytes.
func endpointAddr(family uint16, raw [16]uint8) string {
	if family == unix.AF_INET {
		return netip.AddrFrom4([4]byte(raw[:4])).String()
	}
	return netip.AddrFrom16(raw).String()
}

// transports names IP protocols as network.transport values.
var transports = map[uint16]string{
	unix.IPPROTO_ICMP: "icmp", unix.IPPROTO_TCP: "tcp", unix.IPPROTO_UDP: "udp", unix.IPPROTO_ICMPV6: "icmpv6",
	unix.IPPROTO_SCTP: "sctp", unix.IPPROTO_UDPLITE: "udplite", unix.IPPROTO_MPTCP: "mptcp",
}

func putTransport(attrs pcommon.Map, ev *kernel.Net) {
	if t, ok := transports[ev.Protocol]; ok {
		attrs.PutStr(schema.NetworkTransport, t)
	} else if ev.Protocol != 0 {
		attrs.PutStr(schema.NetworkTransport, "ipproto_"+strconv.Itoa(int(ev.Protocol)))
	}
	switch ev.Family {
	case unix.AF_INET:
		attrs.PutStr(schema.NetworkType, "ipv4")
	case unix.AF_INET6:
		attrs.PutStr(schema.NetworkType, "ipv6")
	default:
		attrs.PutStr(schema.NetworkType, linuxnames.AddressFamily(ev.Family))
	}
}

// The encoders of the network records (types.go): connects, accepts,
// listens and DNS queries.

func (e *Encoder) networkConnect(b *Batch, a Actor, ev *kernel.Net, event string) {
	e.connection(b, a, ev, event, "connect", "outbound", "→")
}

func (e *Encoder) networkAccept(b *Batch, a Actor, ev *kernel.Net, event string) {
	e.connection(b, a, ev, event, "accept", "inbound", "←")
}

// startSocket starts a record of a socket call with its transport and
// local end; it returns the local address and the transport's name.
func (e *Encoder) startSocket(b *Batch, a Actor, ev *kernel.Net, event string) (lr plog.LogRecord, attrs pcommon.Map, local, transport string) {
	lr, attrs = e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	putTransport(attrs, ev)
	local = endpointAddr(ev.Family, ev.LocalAddr)
	attrs.PutStr(schema.NetworkLocalAddress, local)
	attrs.PutInt(schema.NetworkLocalPort, int64(ev.LocalPort))
	t, _ := attrs.Get(schema.NetworkTransport)
	return lr, attrs, local, t.Str()
}

// connection writes the record of a connection made (verb) in a direction,
// with both its ends.
func (e *Encoder) connection(b *Batch, a Actor, ev *kernel.Net, event, verb, direction, arrow string) {
	lr, attrs, local, transport := e.startSocket(b, a, ev, event)
	peer := endpointAddr(ev.Family, ev.PeerAddr)
	attrs.PutStr(schema.NetworkPeerAddress, peer)
	attrs.PutInt(schema.NetworkPeerPort, int64(ev.PeerPort))
	attrs.PutStr(schema.VigilNetworkDirection, direction)
	result := outcome(ev.Ret)
	if kernel.SyscallKind(ev.Kind) == kernel.SyscallConnect && -ev.Ret == int64(unix.EINPROGRESS) {
		attrs.PutBool(schema.VigilNetworkConnectPending, true)
		result = " (in progress)"
	}
	e.setBody(lr, fmt.Sprintf("%s %s %s %s %s by %s%s", verb, transport, hostPort(local, ev.LocalPort), arrow,
		hostPort(peer, ev.PeerPort), a.name(), result))
}

func (e *Encoder) networkListen(b *Batch, a Actor, ev *kernel.Net, event string) {
	lr, _, local, transport := e.startSocket(b, a, ev, event)
	e.setBody(lr, fmt.Sprintf("listen %s %s by %s%s", transport, hostPort(local, ev.LocalPort), a.name(), outcome(ev.Ret)))
}

// dnsQuery parses the question of a query sent to port 53. A message that
// does not parse is still reported, without a question.
func (e *Encoder) dnsQuery(b *Batch, a Actor, ev *kernel.Net, event string) {
	lr := e.start(b, a.workload(), event, ev.Hdr.KtimeNs)
	attrs := lr.Attributes()
	if a.Process != nil {
		e.putProcess(attrs, a.Process)
	} else {
		attrs.PutInt(schema.ProcessPID, int64(a.PID))
		attrs.PutBool(schema.VigilContextIncomplete, true)
	}
	attrs.PutStr(schema.VigilSyscallName, kernel.SyscallName(kernel.SyscallKind(ev.Kind)))
	putTransport(attrs, ev)
	peer := endpointAddr(ev.Family, ev.PeerAddr)
	attrs.PutStr(schema.NetworkPeerAddress, peer)
	attrs.PutInt(schema.NetworkPeerPort, int64(ev.PeerPort))
	attrs.PutStr(schema.NetworkLocalAddress, endpointAddr(ev.Family, ev.LocalAddr))
	attrs.PutInt(schema.NetworkLocalPort, int64(ev.LocalPort))
	attrs.PutStr(schema.VigilNetworkDirection, "outbound")

	name, qtype, err := dnsQuestion(ev.Payload)
	if err != nil {
		attrs.PutStr(schema.ErrorType, "malformed_dns_message")
		e.setBody(lr, fmt.Sprintf("dns query to %s by %s (unparsable: %v)", hostPort(peer, ev.PeerPort), a.name(), err))
		return
	}
	e.putText(attrs, schema.DNSQuestionName, name)
	attrs.PutStr(schema.VigilDNSQuestionType, qtype)
	e.setBody(lr, fmt.Sprintf("dns query %s %s to %s by %s", qtype, name, hostPort(peer, ev.PeerPort), a.name()))
}

// dnsQuestion returns the first question of a DNS message, its name
// without the trailing dot and with ASCII letters in lower case. Only
// those: DNS compares names without regard to ASCII case alone (RFC 4343),
// and every other byte of a label, which may be anything, is kept for
// escaping rather than mapped (strings.ToLower would turn a byte that is
// not UTF-8 into U+FFFD).
func dnsQuestion(msg []byte) (name, qtype string, err error) {
	var p dnsmessage.Parser
	if _, err := p.Start(msg); err != nil {
		return "", "", err
	}
	q, err := p.Question()
	if err != nil {
		return "", "", err
	}
	return asciiLower(strings.TrimSuffix(q.Name.String(), ".")), linuxnames.QueryType(uint16(q.Type)), nil
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if isUpper(b[j]) {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
