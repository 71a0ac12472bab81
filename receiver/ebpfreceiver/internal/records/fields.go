package records

import "github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"

// The arguments and strings of syscall records that encoders read, by their
// names in the layout table of bpf/include/events.h. Where each sits, kind by
// kind, is that table's business: an encoder asks for "flags", not for
// args[2] of an openat and args[1] of an open.
var (
	argAddr         = kernel.ArgNamed("addr")
	argFlags        = kernel.ArgNamed("flags")
	argLen          = kernel.ArgNamed("len")
	argMode         = kernel.ArgNamed("mode")
	argNSType       = kernel.ArgNamed("nstype")
	argPID          = kernel.ArgNamed("pid")
	argProgType     = kernel.ArgNamed("prog_type")
	argProt         = kernel.ArgNamed("prot")
	argRequest      = kernel.ArgNamed("request")
	argCapEffective = kernel.ArgNamed("effective") // capset's requested sets
	argCapPermitted = kernel.ArgNamed("permitted")
	argID           = kernel.ArgNamed("uid", "gid") // setuid, setgid
	argRealID       = kernel.ArgNamed("ruid", "rgid")
	argEffectiveID  = kernel.ArgNamed("euid", "egid")
	argSavedID      = kernel.ArgNamed("suid", "sgid")
	argFamily       = kernel.ArgNamed("family") // socket's
	argSocketType   = kernel.ArgNamed("type")
	argProtocol     = kernel.ArgNamed("protocol")
	argCallerEUID   = kernel.ArgNamed("caller_euid")
	argPersona      = kernel.ArgNamed("persona")
	argAttrFlags    = kernel.ArgNamed("attr_flags") // fsmount's mount attributes
	argEntries      = kernel.ArgNamed("entries")
	argCompatNR     = kernel.ArgNamed("nr")

	strPath    = kernel.StrNamed("path")
	strOldPath = kernel.StrNamed("oldpath")
	strNewPath = kernel.StrNamed("newpath")
	strTarget  = kernel.StrNamed("target") // a link's, a mount's
	strName    = kernel.StrNamed("name")
	strParams  = kernel.StrNamed("params")
	strSource  = kernel.StrNamed("source")
	strFSType  = kernel.StrNamed("fstype")
	strNewRoot = kernel.StrNamed("new_root")
	strPutOld  = kernel.StrNamed("put_old")
)

// arg is argument a of ev, 0 when its kind has none.
func arg(ev *kernel.Syscall, a *kernel.Arg) uint64 {
	v, _ := ev.Arg(a)
	return v
}

// text is string s of ev, nil when its kind has none.
func text(ev *kernel.Syscall, s *kernel.Str) []byte {
	v, _ := ev.Text(s)
	return v
}
