package containerid

import (
	"strconv"
	"strings"
)

// initPIDNamespace is the inode number of the kernel's initial pid
// namespace: fixed (PROC_PID_INIT_INO), whatever the host.
const initPIDNamespace = 0xEFFFFFFC

// InferOf returns what the cgroup path says (Parse) and, when it names no
// container but the process lives in a pid namespace of its own, a
// container all the same: a bare `runc run web` on a host, or a runtime
// whose cgroup layout Parse does not know, still isolates its processes in
// a pid namespace. Its id is then the cgroup's last component when that
// is a plain name (runc's default cgroup is /<container name>), else
// "pidns-<inode>". Runtime stays unknown. pidNS is 0 when unknown.
func InferOf(cgroupPath string, pidNS uint32) Info {
	info := Parse(cgroupPath)
	if info.ContainerID != "" || pidNS == 0 || pidNS == initPIDNamespace {
		return info
	}
	info.ContainerID = leafName(cgroupPath)
	if info.ContainerID == "" {
		info.ContainerID = "pidns-" + strconv.FormatUint(uint64(pidNS), 10)
	}
	return info
}

// leafName is the last component of a cgroup path when it can name a
// container: not a systemd unit or slice, and only name characters.
func leafName(cgroupPath string) string {
	leaf := cgroupPath[strings.LastIndexByte(cgroupPath, '/')+1:]
	if leaf == "" || len(leaf) > 128 || strings.HasSuffix(leaf, ".scope") || strings.HasSuffix(leaf, ".slice") ||
		strings.HasSuffix(leaf, ".service") {
		return ""
	}
	for i := 0; i < len(leaf); i++ {
		c := leaf[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return ""
		}
	}
	return leaf
}
