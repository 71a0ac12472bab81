package workloadprocessor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/kube"
)

// enricher writes what the store knows about a resource's workload into
// the resource's attributes, under the names k8sattributes uses, so the two
// processors can run side by side.
type enricher struct {
	store       *kube.Store
	rbac        *kube.RBAC // nil when RBAC is not watched
	cluster     string
	node        string // this collector's node, for host records
	labels      []tagged
	annotations []tagged
}

// tagged is a label or annotation key and the attribute it becomes.
type tagged struct{ key, attr string }

func newTagged(fields []FieldExtract, prefix string) []tagged {
	out := make([]tagged, 0, len(fields))
	for _, f := range fields {
		name := f.TagName
		if name == "" {
			name = prefix + f.Key
		}
		out = append(out, tagged{key: f.Key, attr: name})
	}
	return out
}

// association says what a resource was matched with.
type association int

const (
	unrelated association = iota // no container or pod id: a host process
	withContainer
	withPod
	unknown // it has ids, but the cache does not know them (yet)
)

// enrich adds the workload of one resource.
func (e *enricher) enrich(res pcommon.Map) association {
	var containerID, podUID string
	if v, ok := res.Get(schema.ContainerID); ok {
		containerID = v.Str()
	}
	if v, ok := res.Get(schema.K8sPodUID); ok {
		podUID = v.Str()
	}
	if e.cluster != "" {
		res.PutStr(schema.K8sClusterName, e.cluster)
	}
	if containerID == "" && podUID == "" {
		e.putNode(res, e.node)
		return unrelated
	}
	var pod *kube.Pod
	var c *kube.Container
	if containerID != "" {
		if c = e.store.Container(containerID); c != nil {
			pod = c.Pod
		}
	}
	if pod == nil && podUID != "" {
		pod = e.store.Pod(podUID)
	}
	if pod == nil {
		res.PutStr(schema.VigilK8sAssociation, "unresolved")
		e.putNode(res, e.node)
		return unknown
	}
	e.putPod(res, pod)
	if c == nil {
		res.PutStr(schema.VigilK8sAssociation, "pod")
		return withPod
	}
	e.putContainer(res, c)
	res.PutStr(schema.VigilK8sAssociation, "container")
	return withContainer
}

func (e *enricher) putPod(res pcommon.Map, p *kube.Pod) {
	res.PutStr(schema.K8sNamespaceName, p.Namespace)
	res.PutStr(schema.K8sPodName, p.Name)
	res.PutStr(schema.K8sPodUID, p.UID)
	if p.StartTime != "" {
		res.PutStr(schema.K8sPodStartTime, p.StartTime)
	}
	w := e.store.Workload(p)
	for _, kv := range [...]struct{ key, value string }{
		{schema.K8sDeploymentName, w.Deployment}, {schema.K8sReplicaSetName, w.ReplicaSet},
		{schema.K8sStatefulSetName, w.StatefulSet}, {schema.K8sDaemonSetName, w.DaemonSet},
		{schema.K8sJobName, w.Job}, {schema.K8sCronJobName, w.CronJob},
	} {
		if kv.value != "" {
			res.PutStr(kv.key, kv.value)
		}
	}
	for _, t := range e.labels {
		if v, ok := p.Labels[t.key]; ok {
			res.PutStr(t.attr, v)
		}
	}
	for _, t := range e.annotations {
		if v, ok := p.Annotations[t.key]; ok {
			res.PutStr(t.attr, v)
		}
	}
	res.PutBool(schema.VigilK8sHostNetwork, p.Posture.HostNetwork)
	res.PutBool(schema.VigilK8sHostPID, p.Posture.HostPID)
	res.PutBool(schema.VigilK8sHostIPC, p.Posture.HostIPC)
	res.PutStr(schema.VigilK8sServiceAccountName, p.Posture.ServiceAccount)
	res.PutBool(schema.VigilK8sServiceAccountToken, p.Posture.TokenMounted)
	if e.rbac != nil {
		power := e.rbac.PowerOf(p.Namespace, p.Posture.ServiceAccount)
		res.PutBool(schema.VigilK8sServiceAccountClusterAdmin, power.ClusterAdmin)
		res.PutBool(schema.VigilK8sServiceAccountWildcard, power.WildcardVerbs)
		res.PutBool(schema.VigilK8sServiceAccountSecrets, power.ReadsSecrets)
		if len(power.Bindings) > 0 {
			putStrings(res, schema.VigilK8sServiceAccountBindings, power.Bindings)
		}
	}
	e.putNode(res, p.Node)
}

func (e *enricher) putContainer(res pcommon.Map, c *kube.Container) {
	res.PutStr(schema.K8sContainerName, c.Name)
	if c.ImageName != "" {
		res.PutStr(schema.ContainerImageName, c.ImageName)
	}
	if len(c.ImageTags) > 0 {
		putStrings(res, schema.ContainerImageTags, c.ImageTags)
	}
	p := c.Posture
	res.PutBool(schema.VigilK8sPrivileged, p.Privileged)
	res.PutBool(schema.VigilK8sAllowPrivilegeEscalation, p.AllowPrivilegeEscalation)
	res.PutBool(schema.VigilK8sRunsAsRoot, p.RunsAsRoot)
	putStrings(res, schema.VigilK8sCapabilitiesAdded, p.CapabilitiesAdded)
	writable, socket, root := false, false, false
	paths := make([]string, 0, len(p.HostPaths))
	for _, h := range p.HostPaths {
		paths = append(paths, h.Path)
		writable = writable || h.Writable
		socket = socket || h.ExposesRuntimeSocket()
		root = root || h.IsRoot()
	}
	putStrings(res, schema.VigilK8sHostPaths, paths)
	res.PutBool(schema.VigilK8sHostPathWritable, writable)
	res.PutBool(schema.VigilK8sHostPathRuntimeSocket, socket)
	res.PutBool(schema.VigilK8sHostPathRoot, root)
}

// putNode adds the node's name and its cloud identity.
func (e *enricher) putNode(res pcommon.Map, name string) {
	if name == "" {
		return
	}
	res.PutStr(schema.K8sNodeName, name)
	n := e.store.Node(name)
	if n == nil {
		return
	}
	id := n.Cloud
	for _, kv := range [...]struct{ key, value string }{
		{schema.CloudProvider, id.Provider}, {schema.CloudPlatform, id.Platform}, {schema.CloudRegion, id.Region},
		{schema.CloudAvailabilityZone, id.AvailabilityZone}, {schema.CloudAccountID, id.AccountID},
		// On a cloud, host.id is the provider's instance id (semantic conventions).
		{schema.HostID, id.InstanceID}, {schema.HostType, id.InstanceType},
	} {
		if kv.value != "" {
			res.PutStr(kv.key, kv.value)
		}
	}
}

func putStrings(m pcommon.Map, key string, values []string) {
	s := m.PutEmptySlice(key)
	s.EnsureCapacity(len(values))
	for _, v := range values {
		s.AppendEmpty().SetStr(v)
	}
}
