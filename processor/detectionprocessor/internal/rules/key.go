package rules

import "fmt"

// Key is what a correlation rule's state is kept per.
type Key int

// Keys a correlation rule can be kept per.
const (
	// KeyProcess: one process (vigil.process.exec_id).
	KeyProcess Key = iota + 1
	// KeyProcessTree: a process and its children — a record continues the
	// state of its own exec_id or of its parent's.
	KeyProcessTree
	// KeyContainer: one container (container.id).
	KeyContainer
	// KeyPod: one pod (k8s.pod.uid).
	KeyPod
	// KeyHost: the whole host (host.id).
	KeyHost
	// KeyCluster: every node of a cluster (k8s.cluster.name), for the rules
	// of a gateway that receives the findings of all of them.
	KeyCluster
)

var keyNames = map[string]Key{
	"process": KeyProcess, "process_tree": KeyProcessTree, "container": KeyContainer, "pod": KeyPod, "host": KeyHost, "cluster": KeyCluster,
}

// ParseKey reads a key's name.
func ParseKey(name string) (Key, error) {
	if k, ok := keyNames[name]; ok {
		return k, nil
	}
	return 0, fmt.Errorf("%q is not a key (process, process_tree, container, pod, host, cluster)", name)
}

func (k Key) String() string {
	for name, v := range keyNames {
		if v == k {
			return name
		}
	}
	return fmt.Sprintf("key(%d)", int(k))
}
