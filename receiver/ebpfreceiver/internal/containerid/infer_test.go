package containerid

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInferOfNamesContainersByTheirPIDNamespace(t *testing.T) {
	const ownNS = 4026532777
	id := "4a2b04f670935197491379f21821ffb51e65f24bdf2543ece9c28affe227b99b"
	for _, tt := range []struct {
		name   string
		cgroup string
		pidNS  uint32
		want   Info
	}{
		{"a runtime's layout wins", "/system.slice/docker-" + id + ".scope", ownNS, Info{ContainerID: id, Runtime: RuntimeDocker}},
		{"a host process", "/user.slice/user-1000.slice/session-3.scope", initPIDNamespace, Info{}},
		{"namespace unknown", "/web", 0, Info{}},
		{"plain runc run web", "/web", ownNS, Info{ContainerID: "web"}},
		{"nested plain name", "/machine/lxc-payload", ownNS, Info{ContainerID: "lxc-payload"}},
		{"a sandbox in a session", "/user.slice/user-1000.slice/session-3.scope", ownNS, Info{ContainerID: "pidns-4026532777"}},
		{"the root cgroup", "/", ownNS, Info{ContainerID: "pidns-4026532777"}},
		{"odd characters", "/we b", ownNS, Info{ContainerID: "pidns-4026532777"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, InferOf(tt.cgroup, tt.pidNS))
		})
	}
}
