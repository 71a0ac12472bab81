package kube

import (
	"slices"
	"sync"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/labels"
	rbaclisters "k8s.io/client-go/listers/rbac/v1"
)

// Power is what a service account may do, as far as it matters for
// ranking a finding: can it take over the cluster or read its secrets?
type Power struct {
	// ClusterAdmin: bound cluster-wide to cluster-admin, or to a role
	// allowing every verb on every resource.
	ClusterAdmin bool
	// WildcardVerbs: some binding grants "*" verbs on something.
	WildcardVerbs bool
	// ReadsSecrets: some binding lets it get, list or watch secrets.
	ReadsSecrets bool
	// Bindings are the bindings that grant any of the above ("ClusterRoleBinding/ops-admin").
	Bindings []string
}

// RBAC answers Power questions from the informers' listers, caching each
// answer until an RBAC object changes.
type RBAC struct {
	RoleBindings        rbaclisters.RoleBindingLister
	ClusterRoleBindings rbaclisters.ClusterRoleBindingLister
	Roles               rbaclisters.RoleLister
	ClusterRoles        rbaclisters.ClusterRoleLister

	mu    sync.Mutex
	cache map[[2]string]Power
	// generation counts invalidations, so that an answer computed while an
	// RBAC object changed is not cached as if it were current.
	generation uint64
}

// Invalidate forgets cached answers: an RBAC object changed.
func (r *RBAC) Invalidate() {
	r.mu.Lock()
	r.cache = nil
	r.generation++
	r.mu.Unlock()
}

// PowerOf returns the power of a namespace's service account.
func (r *RBAC) PowerOf(namespace, serviceAccount string) Power {
	key := [2]string{namespace, serviceAccount}
	r.mu.Lock()
	p, ok := r.cache[key]
	generation := r.generation
	r.mu.Unlock()
	if ok {
		return p
	}
	p = r.compute(namespace, serviceAccount)
	r.mu.Lock()
	if r.generation == generation {
		if r.cache == nil {
			r.cache = map[[2]string]Power{}
		}
		r.cache[key] = p
	}
	r.mu.Unlock()
	return p
}

func (r *RBAC) compute(namespace, sa string) Power {
	var p Power
	if crbs, err := r.ClusterRoleBindings.List(labels.Everything()); err == nil {
		for _, b := range crbs {
			if !bindsServiceAccount(b.Subjects, namespace, sa, "") {
				continue
			}
			rules := r.rules(b.RoleRef, "")
			admin := b.RoleRef.Kind == "ClusterRole" && b.RoleRef.Name == "cluster-admin" || grantsEverything(rules)
			p.add("ClusterRoleBinding/"+b.Name, rules, admin)
		}
	}
	if rbs, err := r.RoleBindings.RoleBindings(namespace).List(labels.Everything()); err == nil {
		for _, b := range rbs {
			if bindsServiceAccount(b.Subjects, namespace, sa, namespace) {
				p.add("RoleBinding/"+namespace+"/"+b.Name, r.rules(b.RoleRef, namespace), false)
			}
		}
	}
	if p.ClusterAdmin {
		p.WildcardVerbs, p.ReadsSecrets = true, true
	}
	return p
}

// add folds a binding's rules into p, noting the binding when it matters.
// admin: a ClusterRoleBinding to cluster-admin or its equivalent.
func (p *Power) add(binding string, rules []rbacv1.PolicyRule, admin bool) {
	wildcard, secrets := false, false
	for _, rule := range rules {
		if slices.Contains(rule.Verbs, rbacv1.VerbAll) {
			wildcard = true
		}
		if readsSecrets(rule) {
			secrets = true
		}
	}
	p.ClusterAdmin = p.ClusterAdmin || admin
	p.WildcardVerbs = p.WildcardVerbs || wildcard
	p.ReadsSecrets = p.ReadsSecrets || secrets
	if admin || wildcard || secrets {
		p.Bindings = append(p.Bindings, binding)
	}
}

// rules resolves a binding's role; a RoleBinding may name a ClusterRole.
func (r *RBAC) rules(ref rbacv1.RoleRef, namespace string) []rbacv1.PolicyRule {
	switch ref.Kind {
	case "ClusterRole":
		if cr, err := r.ClusterRoles.Get(ref.Name); err == nil {
			return cr.Rules
		}
	case "Role":
		if role, err := r.Roles.Roles(namespace).Get(ref.Name); err == nil {
			return role.Rules
		}
	}
	return nil
}

// bindsServiceAccount tells whether subjects include the service account,
// directly or through the groups every service account belongs to. A
// RoleBinding's ServiceAccount subject without a namespace means its own.
func bindsServiceAccount(subjects []rbacv1.Subject, namespace, sa, bindingNamespace string) bool {
	for _, s := range subjects {
		switch s.Kind {
		case rbacv1.ServiceAccountKind:
			ns := s.Namespace
			if ns == "" {
				ns = bindingNamespace
			}
			if s.Name == sa && ns == namespace {
				return true
			}
		case rbacv1.GroupKind:
			if s.Name == "system:serviceaccounts" || s.Name == "system:serviceaccounts:"+namespace || s.Name == "system:authenticated" {
				return true
			}
		case rbacv1.UserKind:
			if s.Name == "system:serviceaccount:"+namespace+":"+sa {
				return true
			}
		}
	}
	return false
}

func containsAny(values []string, want ...string) bool {
	for _, w := range want {
		if slices.Contains(values, w) {
			return true
		}
	}
	return false
}

func readsSecrets(rule rbacv1.PolicyRule) bool {
	return containsAny(rule.APIGroups, "", rbacv1.APIGroupAll) &&
		containsAny(rule.Resources, "secrets", rbacv1.ResourceAll) &&
		containsAny(rule.Verbs, "get", "list", "watch", rbacv1.VerbAll)
}

func grantsEverything(rules []rbacv1.PolicyRule) bool {
	for _, rule := range rules {
		if slices.Contains(rule.APIGroups, rbacv1.APIGroupAll) && slices.Contains(rule.Resources, rbacv1.ResourceAll) &&
			slices.Contains(rule.Verbs, rbacv1.VerbAll) {
			return true
		}
	}
	return false
}
