package linuxnames

import "golang.org/x/sys/unix"

// Members of enum bpf_cmd (include/uapi/linux/bpf.h) newer than the unix
// version in go.mod.
const (
	bpfTokenCreate        = 36 // BPF_TOKEN_CREATE, Linux 6.9
	bpfProgStreamReadByFD = 37 // BPF_PROG_STREAM_READ_BY_FD, Linux 6.17
)

// bpfCommandNames is indexed by enum bpf_cmd. BPF_PROG_RUN is an alias of
// BPF_PROG_TEST_RUN; the enum's own member name is used.
var bpfCommandNames = [...]string{
	unix.BPF_MAP_CREATE:                  "BPF_MAP_CREATE",
	unix.BPF_MAP_LOOKUP_ELEM:             "BPF_MAP_LOOKUP_ELEM",
	unix.BPF_MAP_UPDATE_ELEM:             "BPF_MAP_UPDATE_ELEM",
	unix.BPF_MAP_DELETE_ELEM:             "BPF_MAP_DELETE_ELEM",
	unix.BPF_MAP_GET_NEXT_KEY:            "BPF_MAP_GET_NEXT_KEY",
	unix.BPF_PROG_LOAD:                   "BPF_PROG_LOAD",
	unix.BPF_OBJ_PIN:                     "BPF_OBJ_PIN",
	unix.BPF_OBJ_GET:                     "BPF_OBJ_GET",
	unix.BPF_PROG_ATTACH:                 "BPF_PROG_ATTACH",
	unix.BPF_PROG_DETACH:                 "BPF_PROG_DETACH",
	unix.BPF_PROG_TEST_RUN:               "BPF_PROG_TEST_RUN",
	unix.BPF_PROG_GET_NEXT_ID:            "BPF_PROG_GET_NEXT_ID",
	unix.BPF_MAP_GET_NEXT_ID:             "BPF_MAP_GET_NEXT_ID",
	unix.BPF_PROG_GET_FD_BY_ID:           "BPF_PROG_GET_FD_BY_ID",
	unix.BPF_MAP_GET_FD_BY_ID:            "BPF_MAP_GET_FD_BY_ID",
	unix.BPF_OBJ_GET_INFO_BY_FD:          "BPF_OBJ_GET_INFO_BY_FD",
	unix.BPF_PROG_QUERY:                  "BPF_PROG_QUERY",
	unix.BPF_RAW_TRACEPOINT_OPEN:         "BPF_RAW_TRACEPOINT_OPEN",
	unix.BPF_BTF_LOAD:                    "BPF_BTF_LOAD",
	unix.BPF_BTF_GET_FD_BY_ID:            "BPF_BTF_GET_FD_BY_ID",
	unix.BPF_TASK_FD_QUERY:               "BPF_TASK_FD_QUERY",
	unix.BPF_MAP_LOOKUP_AND_DELETE_ELEM:  "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
	unix.BPF_MAP_FREEZE:                  "BPF_MAP_FREEZE",
	unix.BPF_BTF_GET_NEXT_ID:             "BPF_BTF_GET_NEXT_ID",
	unix.BPF_MAP_LOOKUP_BATCH:            "BPF_MAP_LOOKUP_BATCH",
	unix.BPF_MAP_LOOKUP_AND_DELETE_BATCH: "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
	unix.BPF_MAP_UPDATE_BATCH:            "BPF_MAP_UPDATE_BATCH",
	unix.BPF_MAP_DELETE_BATCH:            "BPF_MAP_DELETE_BATCH",
	unix.BPF_LINK_CREATE:                 "BPF_LINK_CREATE",
	unix.BPF_LINK_UPDATE:                 "BPF_LINK_UPDATE",
	unix.BPF_LINK_GET_FD_BY_ID:           "BPF_LINK_GET_FD_BY_ID",
	unix.BPF_LINK_GET_NEXT_ID:            "BPF_LINK_GET_NEXT_ID",
	unix.BPF_ENABLE_STATS:                "BPF_ENABLE_STATS",
	unix.BPF_ITER_CREATE:                 "BPF_ITER_CREATE",
	unix.BPF_LINK_DETACH:                 "BPF_LINK_DETACH",
	unix.BPF_PROG_BIND_MAP:               "BPF_PROG_BIND_MAP",
	bpfTokenCreate:                       "BPF_TOKEN_CREATE",
	bpfProgStreamReadByFD:                "BPF_PROG_STREAM_READ_BY_FD",
}

// BPFCommand names the cmd argument of bpf(2) with its full enum spelling
// ("BPF_PROG_LOAD"); "cmd 99" when unknown. The kernel declares cmd as int,
// so only the low 32 bits are looked at, exactly as the kernel does: a
// caller cannot disguise BPF_PROG_LOAD by setting upper register bits.
func BPFCommand(cmd uint64) string {
	c := int32(uint32(cmd))
	if c >= 0 && int(c) < len(bpfCommandNames) {
		return bpfCommandNames[c]
	}
	return numbered("cmd ", int64(c))
}

// bpfProgTypeNames is indexed by enum bpf_prog_type, spelled without the
// BPF_PROG_TYPE_ prefix and in lower case, as bpftool and libbpf show it.
var bpfProgTypeNames = [...]string{
	unix.BPF_PROG_TYPE_UNSPEC:                  "unspec",
	unix.BPF_PROG_TYPE_SOCKET_FILTER:           "socket_filter",
	unix.BPF_PROG_TYPE_KPROBE:                  "kprobe",
	unix.BPF_PROG_TYPE_SCHED_CLS:               "sched_cls",
	unix.BPF_PROG_TYPE_SCHED_ACT:               "sched_act",
	unix.BPF_PROG_TYPE_TRACEPOINT:              "tracepoint",
	unix.BPF_PROG_TYPE_XDP:                     "xdp",
	unix.BPF_PROG_TYPE_PERF_EVENT:              "perf_event",
	unix.BPF_PROG_TYPE_CGROUP_SKB:              "cgroup_skb",
	unix.BPF_PROG_TYPE_CGROUP_SOCK:             "cgroup_sock",
	unix.BPF_PROG_TYPE_LWT_IN:                  "lwt_in",
	unix.BPF_PROG_TYPE_LWT_OUT:                 "lwt_out",
	unix.BPF_PROG_TYPE_LWT_XMIT:                "lwt_xmit",
	unix.BPF_PROG_TYPE_SOCK_OPS:                "sock_ops",
	unix.BPF_PROG_TYPE_SK_SKB:                  "sk_skb",
	unix.BPF_PROG_TYPE_CGROUP_DEVICE:           "cgroup_device",
	unix.BPF_PROG_TYPE_SK_MSG:                  "sk_msg",
	unix.BPF_PROG_TYPE_RAW_TRACEPOINT:          "raw_tracepoint",
	unix.BPF_PROG_TYPE_CGROUP_SOCK_ADDR:        "cgroup_sock_addr",
	unix.BPF_PROG_TYPE_LWT_SEG6LOCAL:           "lwt_seg6local",
	unix.BPF_PROG_TYPE_LIRC_MODE2:              "lirc_mode2",
	unix.BPF_PROG_TYPE_SK_REUSEPORT:            "sk_reuseport",
	unix.BPF_PROG_TYPE_FLOW_DISSECTOR:          "flow_dissector",
	unix.BPF_PROG_TYPE_CGROUP_SYSCTL:           "cgroup_sysctl",
	unix.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: "raw_tracepoint_writable",
	unix.BPF_PROG_TYPE_CGROUP_SOCKOPT:          "cgroup_sockopt",
	unix.BPF_PROG_TYPE_TRACING:                 "tracing",
	unix.BPF_PROG_TYPE_STRUCT_OPS:              "struct_ops",
	unix.BPF_PROG_TYPE_EXT:                     "ext",
	unix.BPF_PROG_TYPE_LSM:                     "lsm",
	unix.BPF_PROG_TYPE_SK_LOOKUP:               "sk_lookup",
	unix.BPF_PROG_TYPE_SYSCALL:                 "syscall",
	unix.BPF_PROG_TYPE_NETFILTER:               "netfilter",
}

// BPFProgType names an enum bpf_prog_type value (the prog_type field of
// BPF_PROG_LOAD) without its BPF_PROG_TYPE_ prefix, in lower case:
// "kprobe", "tracepoint", "xdp", "lsm", ...; "type 99" when unknown.
func BPFProgType(t uint32) string {
	if uint64(t) < uint64(len(bpfProgTypeNames)) {
		return bpfProgTypeNames[t]
	}
	return numbered("type ", int64(t))
}
