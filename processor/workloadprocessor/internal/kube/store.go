package kube

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/cloud"
)

// Node is the part of a node the processor uses.
type Node struct {
	Name  string
	Cloud cloud.Identity
}

// Stats are the store's counters, safe to read from any goroutine.
type Stats struct {
	Pods       atomic.Int64 // stored, deleted ones in their grace period included
	Containers atomic.Int64
	Owners     atomic.Int64
}

// Store is the in-memory view of the cluster. Informer handlers write it;
// the processor reads it. Deleted pods (and the ids of replaced containers)
// stay resolvable for the grace period: records of a short-lived pod often
// arrive after it is gone.
type Store struct {
	grace time.Duration
	now   func() time.Time

	mu          sync.RWMutex
	byUID       map[string]*Pod
	byContainer map[string]*Container
	// expiring are pods and container ids that left the cluster, with when
	// they go from the store.
	expiringPods       map[string]time.Time
	expiringContainers map[string]time.Time
	owners             map[ownerKey]Ref
	nodes              map[string]*Node

	Stats Stats
}

type ownerKey struct {
	namespace, kind, name string
}

// NewStore returns an empty store.
func NewStore(grace time.Duration) *Store {
	return &Store{
		grace: grace, now: time.Now,
		byUID: map[string]*Pod{}, byContainer: map[string]*Container{},
		expiringPods: map[string]time.Time{}, expiringContainers: map[string]time.Time{},
		owners: map[ownerKey]Ref{}, nodes: map[string]*Node{},
	}
}

// UpsertPod stores a pod's current state. Container ids the pod no longer
// has (a restarted container) stay resolvable for the grace period.
func (s *Store) UpsertPod(p *Pod) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.byUID[p.UID]; ok {
		current := map[string]bool{}
		for _, c := range p.Containers {
			current[c.ID] = true
		}
		for _, c := range old.Containers {
			if c.ID != "" && !current[c.ID] {
				s.expiringContainers[c.ID] = s.now().Add(s.grace)
			}
		}
	}
	s.byUID[p.UID] = p
	delete(s.expiringPods, p.UID)
	for _, c := range p.Containers {
		if c.ID != "" {
			s.byContainer[c.ID] = c
			delete(s.expiringContainers, c.ID)
		}
	}
	s.count()
}

// DeletePod keeps a deleted pod resolvable for the grace period.
func (s *Store) DeletePod(uid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byUID[uid]; ok {
		s.expiringPods[uid] = s.now().Add(s.grace)
	}
}

// Expire forgets what left the cluster more than the grace period ago.
func (s *Store) Expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for uid, at := range s.expiringPods {
		if now.Before(at) {
			continue
		}
		for _, c := range s.byUID[uid].Containers {
			if s.byContainer[c.ID] == c {
				delete(s.byContainer, c.ID)
			}
		}
		delete(s.byUID, uid)
		delete(s.expiringPods, uid)
	}
	for id, at := range s.expiringContainers {
		if !now.Before(at) {
			delete(s.byContainer, id)
			delete(s.expiringContainers, id)
		}
	}
	s.count()
}

func (s *Store) count() {
	s.Stats.Pods.Store(int64(len(s.byUID)))
	s.Stats.Containers.Store(int64(len(s.byContainer)))
	s.Stats.Owners.Store(int64(len(s.owners)))
}

// Container returns the container with this runtime id, nil if unknown.
func (s *Store) Container(id string) *Container {
	s.mu.RLock()
	c := s.byContainer[id]
	s.mu.RUnlock()
	return c
}

// Pod returns the pod with this uid, nil if unknown.
func (s *Store) Pod(uid string) *Pod {
	s.mu.RLock()
	p := s.byUID[uid]
	s.mu.RUnlock()
	return p
}

// SetOwner records the controller of a ReplicaSet or Job (its Deployment or
// CronJob); a zero owner forgets it.
func (s *Store) SetOwner(namespace, kind, name string, owner Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := ownerKey{namespace, kind, name}
	if owner == (Ref{}) {
		delete(s.owners, k)
	} else {
		s.owners[k] = owner
	}
	s.Stats.Owners.Store(int64(len(s.owners)))
}

// Workload follows a pod's controller up to the workload a user manages.
func (s *Store) Workload(p *Pod) Workload {
	var w Workload
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch p.Owner.Kind {
	case "ReplicaSet":
		w.ReplicaSet = p.Owner.Name
		if o, ok := s.owners[ownerKey{p.Namespace, "ReplicaSet", p.Owner.Name}]; ok && o.Kind == "Deployment" {
			w.Deployment = o.Name
		}
	case "Job":
		w.Job = p.Owner.Name
		if o, ok := s.owners[ownerKey{p.Namespace, "Job", p.Owner.Name}]; ok && o.Kind == "CronJob" {
			w.CronJob = o.Name
		}
	case "StatefulSet":
		w.StatefulSet = p.Owner.Name
	case "DaemonSet":
		w.DaemonSet = p.Owner.Name
	}
	return w
}

// SetNode stores a node; nil removes it.
func (s *Store) SetNode(name string, n *Node) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n == nil {
		delete(s.nodes, name)
	} else {
		s.nodes[name] = n
	}
}

// Node returns a node by name, nil if unknown.
func (s *Store) Node(name string) *Node {
	s.mu.RLock()
	n := s.nodes[name]
	s.mu.RUnlock()
	return n
}
