package linuxnames

import "golang.org/x/sys/unix"

// Errno returns the symbolic name of a positive errno ("EACCES"); "" for 0;
// "errno 999" for values it does not know, including negative ones (callers
// holding a raw syscall return value negate it first).
//
// unix.ErrnoName is not used because it returns glibc's spellings for two
// values (ENOTSUP for 95, EFSCORRUPTED for 117) where the kernel headers say
// EOPNOTSUPP and EUCLEAN, and it knows nothing of the kernel-internal codes
// below.
func Errno(errno int) string {
	switch {
	case errno == 0:
		return ""
	case errno > 0 && errno < len(errnoNames) && errnoNames[errno] != "":
		return errnoNames[errno]
	}
	if name, ok := kernelErrnoNames[errno]; ok {
		return name
	}
	return numbered("errno ", int64(errno))
}

// errnoNames covers include/uapi/asm-generic/errno-base.h and errno.h, which
// amd64 and arm64 both use unchanged. Where the header defines an alias for
// a value (EWOULDBLOCK, EDEADLOCK) the primary name is used; the array
// literal's duplicate-index check keeps it to one name per value.
var errnoNames = [...]string{
	unix.EPERM:           "EPERM",
	unix.ENOENT:          "ENOENT",
	unix.ESRCH:           "ESRCH",
	unix.EINTR:           "EINTR",
	unix.EIO:             "EIO",
	unix.ENXIO:           "ENXIO",
	unix.E2BIG:           "E2BIG",
	unix.ENOEXEC:         "ENOEXEC",
	unix.EBADF:           "EBADF",
	unix.ECHILD:          "ECHILD",
	unix.EAGAIN:          "EAGAIN",
	unix.ENOMEM:          "ENOMEM",
	unix.EACCES:          "EACCES",
	unix.EFAULT:          "EFAULT",
	unix.ENOTBLK:         "ENOTBLK",
	unix.EBUSY:           "EBUSY",
	unix.EEXIST:          "EEXIST",
	unix.EXDEV:           "EXDEV",
	unix.ENODEV:          "ENODEV",
	unix.ENOTDIR:         "ENOTDIR",
	unix.EISDIR:          "EISDIR",
	unix.EINVAL:          "EINVAL",
	unix.ENFILE:          "ENFILE",
	unix.EMFILE:          "EMFILE",
	unix.ENOTTY:          "ENOTTY",
	unix.ETXTBSY:         "ETXTBSY",
	unix.EFBIG:           "EFBIG",
	unix.ENOSPC:          "ENOSPC",
	unix.ESPIPE:          "ESPIPE",
	unix.EROFS:           "EROFS",
	unix.EMLINK:          "EMLINK",
	unix.EPIPE:           "EPIPE",
	unix.EDOM:            "EDOM",
	unix.ERANGE:          "ERANGE",
	unix.EDEADLK:         "EDEADLK",
	unix.ENAMETOOLONG:    "ENAMETOOLONG",
	unix.ENOLCK:          "ENOLCK",
	unix.ENOSYS:          "ENOSYS",
	unix.ENOTEMPTY:       "ENOTEMPTY",
	unix.ELOOP:           "ELOOP",
	unix.ENOMSG:          "ENOMSG",
	unix.EIDRM:           "EIDRM",
	unix.ECHRNG:          "ECHRNG",
	unix.EL2NSYNC:        "EL2NSYNC",
	unix.EL3HLT:          "EL3HLT",
	unix.EL3RST:          "EL3RST",
	unix.ELNRNG:          "ELNRNG",
	unix.EUNATCH:         "EUNATCH",
	unix.ENOCSI:          "ENOCSI",
	unix.EL2HLT:          "EL2HLT",
	unix.EBADE:           "EBADE",
	unix.EBADR:           "EBADR",
	unix.EXFULL:          "EXFULL",
	unix.ENOANO:          "ENOANO",
	unix.EBADRQC:         "EBADRQC",
	unix.EBADSLT:         "EBADSLT",
	unix.EBFONT:          "EBFONT",
	unix.ENOSTR:          "ENOSTR",
	unix.ENODATA:         "ENODATA",
	unix.ETIME:           "ETIME",
	unix.ENOSR:           "ENOSR",
	unix.ENONET:          "ENONET",
	unix.ENOPKG:          "ENOPKG",
	unix.EREMOTE:         "EREMOTE",
	unix.ENOLINK:         "ENOLINK",
	unix.EADV:            "EADV",
	unix.ESRMNT:          "ESRMNT",
	unix.ECOMM:           "ECOMM",
	unix.EPROTO:          "EPROTO",
	unix.EMULTIHOP:       "EMULTIHOP",
	unix.EDOTDOT:         "EDOTDOT",
	unix.EBADMSG:         "EBADMSG",
	unix.EOVERFLOW:       "EOVERFLOW",
	unix.ENOTUNIQ:        "ENOTUNIQ",
	unix.EBADFD:          "EBADFD",
	unix.EREMCHG:         "EREMCHG",
	unix.ELIBACC:         "ELIBACC",
	unix.ELIBBAD:         "ELIBBAD",
	unix.ELIBSCN:         "ELIBSCN",
	unix.ELIBMAX:         "ELIBMAX",
	unix.ELIBEXEC:        "ELIBEXEC",
	unix.EILSEQ:          "EILSEQ",
	unix.ERESTART:        "ERESTART",
	unix.ESTRPIPE:        "ESTRPIPE",
	unix.EUSERS:          "EUSERS",
	unix.ENOTSOCK:        "ENOTSOCK",
	unix.EDESTADDRREQ:    "EDESTADDRREQ",
	unix.EMSGSIZE:        "EMSGSIZE",
	unix.EPROTOTYPE:      "EPROTOTYPE",
	unix.ENOPROTOOPT:     "ENOPROTOOPT",
	unix.EPROTONOSUPPORT: "EPROTONOSUPPORT",
	unix.ESOCKTNOSUPPORT: "ESOCKTNOSUPPORT",
	unix.EOPNOTSUPP:      "EOPNOTSUPP",
	unix.EPFNOSUPPORT:    "EPFNOSUPPORT",
	unix.EAFNOSUPPORT:    "EAFNOSUPPORT",
	unix.EADDRINUSE:      "EADDRINUSE",
	unix.EADDRNOTAVAIL:   "EADDRNOTAVAIL",
	unix.ENETDOWN:        "ENETDOWN",
	unix.ENETUNREACH:     "ENETUNREACH",
	unix.ENETRESET:       "ENETRESET",
	unix.ECONNABORTED:    "ECONNABORTED",
	unix.ECONNRESET:      "ECONNRESET",
	unix.ENOBUFS:         "ENOBUFS",
	unix.EISCONN:         "EISCONN",
	unix.ENOTCONN:        "ENOTCONN",
	unix.ESHUTDOWN:       "ESHUTDOWN",
	unix.ETOOMANYREFS:    "ETOOMANYREFS",
	unix.ETIMEDOUT:       "ETIMEDOUT",
	unix.ECONNREFUSED:    "ECONNREFUSED",
	unix.EHOSTDOWN:       "EHOSTDOWN",
	unix.EHOSTUNREACH:    "EHOSTUNREACH",
	unix.EALREADY:        "EALREADY",
	unix.EINPROGRESS:     "EINPROGRESS",
	unix.ESTALE:          "ESTALE",
	unix.EUCLEAN:         "EUCLEAN",
	unix.ENOTNAM:         "ENOTNAM",
	unix.ENAVAIL:         "ENAVAIL",
	unix.EISNAM:          "EISNAM",
	unix.EREMOTEIO:       "EREMOTEIO",
	unix.EDQUOT:          "EDQUOT",
	unix.ENOMEDIUM:       "ENOMEDIUM",
	unix.EMEDIUMTYPE:     "EMEDIUMTYPE",
	unix.ECANCELED:       "ECANCELED",
	unix.ENOKEY:          "ENOKEY",
	unix.EKEYEXPIRED:     "EKEYEXPIRED",
	unix.EKEYREVOKED:     "EKEYREVOKED",
	unix.EKEYREJECTED:    "EKEYREJECTED",
	unix.EOWNERDEAD:      "EOWNERDEAD",
	unix.ENOTRECOVERABLE: "ENOTRECOVERABLE",
	unix.ERFKILL:         "ERFKILL",
	unix.EHWPOISON:       "EHWPOISON",
	// Linux 6.x's newest uapi code, "wrong file type" (134).
	unix.EFTYPE: "EFTYPE",
}

// kernelErrnoNames are the codes of include/linux/errno.h, which is not
// uapi and so has no unix constants. They still reach a sensor: a
// sys_exit tracepoint fires before signal delivery rewrites ERESTARTSYS and
// friends into EINTR or a restart, and some paths (notably bpf(2) itself)
// return ENOTSUPP (524) to user space.
var kernelErrnoNames = map[int]string{
	512: "ERESTARTSYS",
	513: "ERESTARTNOINTR",
	514: "ERESTARTNOHAND",
	515: "ENOIOCTLCMD",
	516: "ERESTART_RESTARTBLOCK",
	517: "EPROBE_DEFER",
	518: "EOPENSTALE",
	519: "ENOPARAM",
	// 520 is unassigned.
	521: "EBADHANDLE",
	522: "ENOTSYNC",
	523: "EBADCOOKIE",
	524: "ENOTSUPP",
	525: "ETOOSMALL",
	526: "ESERVERFAULT",
	527: "EBADTYPE",
	528: "EJUKEBOX",
	529: "EIOCBQUEUED",
	530: "ERECALLCONFLICT",
	531: "ENOGRACE",
}
