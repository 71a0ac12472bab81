/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Socket addresses, from kernel sockets and from user sockaddrs. */
#ifndef VIGIL_SOCK_H
#define VIGIL_SOCK_H

#include "common.h"
#include <bpf/bpf_endian.h>

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2

volatile const bool exclude_loopback = false; /* drop connections to 127/8 and ::1 */

struct endpoint {
	__u16 family;
	__u16 port; /* host byte order */
	__u8 addr[16];
};

/* The local end of a socket. */
static __always_inline void sock_local(struct sock *sk, struct endpoint *e)
{
	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	e->port = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (e->family == AF_INET6) {
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
	} else {
		__be32 a = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__builtin_memcpy(e->addr, &a, 4);
	}
}

/* The remote end of a connected socket. */
static __always_inline void sock_peer(struct sock *sk, struct endpoint *e)
{
	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	e->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (e->family == AF_INET6) {
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	} else {
		__be32 a = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(e->addr, &a, 4);
	}
}

/* A sockaddr_in or sockaddr_in6 in user memory. Returns false for others. */
static __always_inline bool user_sockaddr(const void *uaddr, struct endpoint *e)
{
	struct {
		__u16 family;
		__be16 port;
		__u32 flowinfo_or_v4;
		__u8 v6[16];
	} sa = {};
	if (!uaddr || bpf_probe_read_user(&sa, sizeof(sa), uaddr) < 0)
		return false;
	e->family = sa.family;
	e->port = bpf_ntohs(sa.port);
	if (sa.family == AF_INET) {
		__builtin_memcpy(e->addr, &sa.flowinfo_or_v4, 4);
		return true;
	}
	if (sa.family == AF_INET6) {
		__builtin_memcpy(e->addr, sa.v6, 16);
		return true;
	}
	return false;
}

static __always_inline bool is_loopback(struct endpoint *e)
{
	if (e->family == AF_INET)
		return e->addr[0] == 127;
	if (e->family != AF_INET6)
		return false;
	for (int i = 0; i < 10; i++)
		if (e->addr[i])
			return false;
	if (e->addr[10] == 0xff && e->addr[11] == 0xff) /* ::ffff:a.b.c.d */
		return e->addr[12] == 127;
	for (int i = 10; i < 15; i++)
		if (e->addr[i])
			return false;
	return e->addr[15] == 1;
}

#endif /* VIGIL_SOCK_H */
