package containerid

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	id1     = "ea9db08c0d8ce20c3c77277f9b96a108e31a38a230e76e4eec79b53463119516"
	id2     = "0748a1317a47ca28a1560e05e8f6d9fb5e346997dd553f0e811d51a65bb205cd"
	idNode  = "24eb0599f010d608efd37d100aa58df4799a24be8ebdc7d75e1b3e8e22f6cf0b"
	idPodPM = "6bee6c6881110bb3cdf12fc96ba214a2b41d3c6850399de9c28cf2f139d45bf4"
	uid     = "4ee22571-52bf-4118-8e7d-e5b0cc4f0228"
	uidU    = "4ee22571_52bf_4118_8e7d_e5b0cc4f0228" // systemd-escaped form
)

// Shorthands for the expected Info of a table row.
func docker(id string) Info         { return Info{ContainerID: id, Runtime: RuntimeDocker} }
func containerd(id string) Info     { return Info{ContainerID: id, Runtime: RuntimeContainerd} }
func podman(id string) Info         { return Info{ContainerID: id, Runtime: RuntimePodman} }
func inPod(i Info, uid string) Info { i.PodUID = uid; return i }

var parseTests = []struct {
	name string
	path string
	want Info
}{
	// docker
	{"docker cgroupfs", "/docker/" + id1, docker(id1)},
	{"docker cgroupfs nested innermost wins", "/docker/" + id1 + "/docker/" + id2, docker(id2)},
	{"docker systemd", "/system.slice/docker-" + id1 + ".scope", docker(id1)},
	{"docker systemd sub-cgroup", "/system.slice/docker-" + id1 + ".scope/init.scope", docker(id1)},
	{"docker systemd under kubelet (dockershim)", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uidU + ".slice/docker-" + id1 + ".scope", inPod(docker(id1), uid)},

	// containerd CRI, kubelet cgroupfs driver
	{"containerd cgroupfs besteffort", "/kubepods/besteffort/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"containerd cgroupfs burstable", "/kubepods/burstable/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"containerd cgroupfs guaranteed", "/kubepods/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"cgroupfs pod level (pause)", "/kubepods/burstable/pod" + uid, Info{PodUID: uid}},

	// containerd CRI, kubelet systemd driver
	{"containerd systemd besteffort", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"containerd systemd burstable", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"containerd systemd guaranteed", "/kubepods.slice/kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"systemd pod slice level", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uidU + ".slice", Info{PodUID: uid}},
	{"containerd systemd-in-container init.scope", "/kubepods.slice/kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope/init.scope", inPod(containerd(id1), uid)},
	{"containerd systemd-in-container service", "/kubepods.slice/kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope/system.slice/nginx.service", inPod(containerd(id1), uid)},
	{"static pod hash is not a uid", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5b0d2d8d5a5d6b8c1e9e5d0f2a9c6e7b.slice/cri-containerd-" + id1 + ".scope", containerd(id1)},

	// cri-o
	{"cri-o systemd", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uidU + ".slice/crio-" + id1 + ".scope", inPod(Info{ContainerID: id1, Runtime: RuntimeCRIO}, uid)},
	{"cri-o systemd inner container cgroup", "/kubepods.slice/kubepods-pod" + uidU + ".slice/crio-" + id1 + ".scope/container", inPod(Info{ContainerID: id1, Runtime: RuntimeCRIO}, uid)},
	{"cri-o systemd conmon", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uidU + ".slice/crio-conmon-" + id1 + ".scope", Info{PodUID: uid}},
	{"cri-o cgroupfs", "/kubepods/besteffort/pod" + uid + "/crio-" + id1, inPod(Info{ContainerID: id1, Runtime: RuntimeCRIO}, uid)},
	{"cri-o cgroupfs conmon", "/kubepods/besteffort/pod" + uid + "/crio-conmon-" + id1, Info{PodUID: uid}},

	// podman
	{"podman systemd", "/machine.slice/libpod-" + id1 + ".scope", podman(id1)},
	{"podman rootless", "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + id1 + ".scope", podman(id1)},
	{"podman cgroupfs", "/libpod_parent/libpod-" + id1, podman(id1)},
	{"podman inner container cgroup", "/machine.slice/libpod-" + id1 + ".scope/container", podman(id1)},
	{"podman pod slice is not a kubernetes pod", "/machine.slice/machine-libpod_pod_" + idPodPM + ".slice/libpod-" + id1 + ".scope", podman(id1)},
	{"podman conmon", "/machine.slice/libpod-conmon-" + id1 + ".scope", Info{}},

	// containerd without CRI
	{"containerd ctr namespace", "/default/" + id1, containerd(id1)},
	{"containerd dotted namespace", "/k8s.io/" + id1, containerd(id1)},
	{"nerdctl systemd", "/system.slice/nerdctl-" + id1 + ".scope", containerd(id1)},

	// kind / nested kubelet
	{"kind systemd", "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"kind cgroupfs", "/kubelet/kubepods/besteffort/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"kind seen from host", "/system.slice/docker-" + idNode + ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"kind pod level seen from host", "/system.slice/docker-" + idNode + ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod" + uidU + ".slice", Info{PodUID: uid}},
	{"kind node itself seen from host", "/system.slice/docker-" + idNode + ".scope/init.scope", docker(idNode)},
	{"docker in pod", "/kubepods/burstable/pod" + uid + "/" + idNode + "/docker/" + id1, inPod(docker(id1), uid)},

	// k3s
	{"k3s under /k3s", "/k3s/kubepods/besteffort/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"k3s under k3s.service", "/system.slice/k3s.service/kubepods/besteffort/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},

	// truncated at the top
	{"truncated to pod slice", "/kubepods-burstable-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"truncated inside pod slice", "bepods-burstable-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope", inPod(containerd(id1), uid)},
	{"truncated at pod slice uid", "pod" + uidU + ".slice/crio-" + id1 + ".scope", inPod(Info{ContainerID: id1, Runtime: RuntimeCRIO}, uid)},
	{"truncated to container scope", "/cri-containerd-" + id1 + ".scope", containerd(id1)},
	{"truncated to cgroupfs pod", "/pod" + uid + "/" + id1, inPod(containerd(id1), uid)},
	{"truncated inside cgroupfs pod", "od" + uid + "/" + id1, Info{ContainerID: id1}},
	{"truncated inside docker parent", "ker/" + id1, Info{ContainerID: id1}},
	{"truncated to bare id", "/" + id1, Info{ContainerID: id1}},
	{"truncated inside container name", "ntainerd-" + id1 + ".scope", Info{}},
	{"truncated id under pod keeps pod", "/kubepods/besteffort/pod" + uid + "/" + id1[1:], Info{PodUID: uid}},

	// host processes and garbage
	{"empty", "", Info{}},
	{"root", "/", Info{}},
	{"user session", "/user.slice/user-0.slice/session-3.scope", Info{}},
	{"desktop app", "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-1234.scope", Info{}},
	{"host service", "/system.slice/sshd.service", Info{}},
	{"docker daemon", "/system.slice/docker.service", Info{}},
	{"containerd daemon", "/system.slice/containerd.service", Info{}},
	{"containerd shim", "/system.slice/containerd.service/kubepods-burstable-pod" + uidU + ".slice:cri-containerd:" + id1, Info{}},
	{"init scope", "/init.scope", Info{}},
	{"libvirt vm", `/machine.slice/machine-qemu\x2d1\x2dvm.scope/libvirt/emulator`, Info{}},
	{"kubepods root", "/kubepods", Info{}},
	{"kubepods qos slice", "/kubepods.slice/kubepods-besteffort.slice", Info{}},
	{"docker parent only", "/docker/", Info{}},
	{"process_api 32 hex", "/process_api/e83c36ff0e9bee2618d45261166c994b", Info{}},
	{"garbage", "::::/\x00\xff//..", Info{}},
	{"uppercase id", "/docker/" + strings.ToUpper(id1), Info{}},
	{"63 hex id", "/docker/" + id1[:63], Info{}},
	{"65 hex id", "/docker/" + id1 + "0", Info{}},
	{"scope id too short", "/system.slice/docker-" + id1[:63] + ".scope", Info{}},
	{"docker name needs scope", "/system.slice/docker-" + id1, Info{}},
	{"wrong unit suffix", "/system.slice/docker-" + id1 + ".service", Info{}},
	{"uppercase uid", "/kubepods/besteffort/pod" + strings.ToUpper(uid), Info{}},
	{"uid with misplaced dash", "/kubepods/besteffort/pod4ee2257-152bf-4118-8e7d-e5b0cc4f0228", Info{}},
	{"systemd slice with dashed uid", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid + ".slice", Info{}},
	{"cgroupfs pod with underscored uid", "/kubepods/besteffort/pod" + uidU, Info{}},
	{"pod slice glued to prefix", "/kubepods.slice/kubepodspod" + uidU + ".slice", Info{}},
	{"bare id under systemd unit", "/system.slice/foo.service/" + id1, Info{ContainerID: id1}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, Parse(tt.path))
		})
	}
}

// hybridV1 is a cgroup v1 host with the unified hierarchy mounted too; the
// controllers deliberately disagree so that the right line must be picked.
const hybridV1 = `12:hugetlb:/
11:cpuset,cpu:/kubepods/burstable/pod` + uid + `
10:memory:/kubepods/burstable/pod` + uid + `/` + id1 + `
9:pids:/system.slice/sshd.service
8:net_cls,net_prio:/
1:name=systemd:/kubepods/burstable/pod` + uid + `/` + id2 + `
0::/user.slice
`

const pureV2 = "0::/kubepods.slice/kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope\n"

func TestFromProcCgroup(t *testing.T) {
	tests := []struct {
		name    string
		content string
		v2      bool
		want    string
	}{
		{"v1 memory line", hybridV1, false, "/kubepods/burstable/pod" + uid + "/" + id1},
		{"v2 line of hybrid host", hybridV1, true, "/user.slice"},
		{"pure v2", pureV2, true, "/kubepods.slice/kubepods-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope"},
		{"pure v2 asked for v1", pureV2, false, ""},
		{"v1 only asked for v2", "4:memory:/docker/" + id1 + "\n1:name=systemd:/docker/" + id1 + "\n", true, ""},
		{"memory co-mounted", "5:cpu,memory:/docker/" + id1, false, "/docker/" + id1},
		{"memory missing", "3:cpuset:/x\n1:name=systemd:/y\n0::/\n", false, ""},
		{"named hierarchy is not a controller", "1:name=memory:/y\n", false, ""},
		{"no trailing newline", "0::/docker/" + id1, true, "/docker/" + id1},
		{"deleted v2 cgroup", "0::/system.slice/docker-" + id1 + ".scope (deleted)\n", true, "/system.slice/docker-" + id1 + ".scope"},
		{"path with colon", "0::/a:b\n", true, "/a:b"},
		{"v2 root", "0::/\n", true, "/"},
		{"empty", "", true, ""},
		{"malformed lines", "garbage\n0:\n\n:memory\n", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, FromProcCgroup([]byte(tt.content), tt.v2))
		})
	}
}

func TestParseFromProcCgroup(t *testing.T) {
	got := Parse(FromProcCgroup([]byte(hybridV1), false))
	require.Equal(t, inPod(containerd(id1), uid), got)
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.path)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := Parse(path)
		if got.ContainerID != "" {
			require.True(t, isContainerID(got.ContainerID), "container id %q", got.ContainerID)
			require.Contains(t, path, got.ContainerID)
		}
		if got.PodUID != "" {
			require.True(t, isUUID(got.PodUID, '-'), "pod uid %q", got.PodUID)
		}
		switch got.Runtime {
		case "":
		case RuntimeDocker, RuntimeContainerd, RuntimeCRIO, RuntimePodman:
			require.NotEmpty(t, got.ContainerID, "runtime without container")
		default:
			t.Fatalf("unknown runtime %q", got.Runtime)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	benches := []struct{ name, path string }{
		{"containerd-systemd", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uidU + ".slice/cri-containerd-" + id1 + ".scope"},
		{"containerd-cgroupfs", "/kubepods/besteffort/pod" + uid + "/" + id1},
		{"docker-systemd", "/system.slice/docker-" + id1 + ".scope"},
		{"host-session", "/user.slice/user-1000.slice/session-3.scope"},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Parse(bb.path)
			}
		})
	}
}
