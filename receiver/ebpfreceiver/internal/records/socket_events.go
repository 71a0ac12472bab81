package records

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// networkSocket writes the record of a packet or raw socket asked for
// (the kernel keeps no other): the kind of socket, since it has no address
// yet.
func (e *Encoder) networkSocket(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	family := arg(ev, argFamily)
	switch uint32(family) {
	case unix.AF_INET:
		attrs.PutStr(schema.NetworkType, "ipv4")
	case unix.AF_INET6:
		attrs.PutStr(schema.NetworkType, "ipv6")
	}
	familyName := linuxnames.SocketFamily(family)
	typ := linuxnames.SocketType(arg(ev, argSocketType))
	protocol := linuxnames.SocketProtocol(family, arg(ev, argProtocol))
	attrs.PutStr(schema.VigilSocketFamily, familyName)
	attrs.PutStr(schema.VigilSocketType, typ)
	attrs.PutStr(schema.VigilSocketProtocol, protocol)
	e.setBody(lr, fmt.Sprintf("socket %s %s %s by %s%s", familyName, typ, protocol, a.name(), outcome(ev.Ret)))
}
