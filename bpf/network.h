/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Network events: outbound connects (TCP and UDP, IPv4 and IPv6, with their
 * result), inbound accepts, listens, DNS queries sent over UDP, and the
 * creation of packet and raw sockets.
 */
#ifndef VIGIL_NETWORK_H
#define VIGIL_NETWORK_H

#include "lib/common.h"
#include "lib/fd.h"
#include "lib/sock.h"
#include "lib/syscall.h"
#include "lib/task.h"
#include "lib/exclude.h"

#define EINPROGRESS 115
#define DNS_PORT 53

static __always_inline void net_event_fill(struct net_event *ev, __u16 type, __u16 kind, __s64 ret,
					   struct socket *sock, struct endpoint *local, struct endpoint *peer)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	fill_header(&ev->hdr, type, task);
	ev->ret = ret;
	ev->kind = kind;
	ev->family = local->family ? local->family : peer->family;
	ev->sock_type = BPF_CORE_READ(sock, type);
	ev->local_port = local->port;
	ev->peer_port = peer->port;
	ev->payload_len = 0;
	ev->protocol = BPF_CORE_READ(sock, sk, sk_protocol);
	ev->_pad = 0;
	__builtin_memcpy(ev->local_addr, local->addr, 16);
	__builtin_memcpy(ev->peer_addr, peer->addr, 16);
}

SEC("tracepoint/syscalls/sys_exit")
int vigil_net_exit(struct syscall_exit_ctx *ctx)
{
	struct pending p;
	if (!take_pending(ctx, &p))
		return 0;
	__s64 ret = ctx->ret;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct endpoint local = {}, peer = {};
	struct socket *sock;
	__u16 type = event_type_of(p.kind);

	if (p.kind == SC_SOCKET) {
		/* What was asked for is the record (the entry kept only packet
		 * and raw sockets): a syscall_event, not a net_event. */
		struct syscall_record *r = syscall_record_start(type, &p, ret);
		if (r)
			syscall_record_submit(r, 0);
		return 0;
	}

	switch (p.kind) {
	case SC_CONNECT:
		if (!user_sockaddr((const void *)p.args[1], &peer))
			return 0; /* AF_UNIX, AF_UNSPEC (a UDP disconnect), unreadable */
		sock = fd_socket(task, p.args[0]);
		break;
	case SC_ACCEPT:
	case SC_ACCEPT4:
		if (ret < 0)
			return 0; /* EAGAIN on a non-blocking listener is not an event */
		sock = fd_socket(task, ret);
		break;
	case SC_LISTEN:
		sock = fd_socket(task, p.args[0]);
		break;
	default:
		return 0;
	}
	if (!sock)
		return 0;
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	sock_local(sk, &local);
	if (type == EVENT_NETWORK_ACCEPT)
		sock_peer(sk, &peer);
	if (exclude_loopback && type != EVENT_NETWORK_LISTEN && is_loopback(&peer))
		return 0;

	struct net_event ev;
	net_event_fill(&ev, type, p.kind, ret, sock, &local, &peer);
	submit(&ev, sizeof(ev), type);
	return 0;
}

/* A DNS query being built: the event and the message. */
struct dns_record {
	struct net_event ev;
	char payload[DNS_PAYLOAD_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dns_record);
} dns_scratch SEC(".maps");

/* The user msghdr of sendmsg/sendmmsg, as far as we need it. */
struct user_msghdr_head {
	void *name;
	int namelen;
	int _pad;
	struct {
		void *base;
		__u64 len;
	} *iov;
	__u64 iovlen;
};

#define MMSGHDR_SIZE 64 /* struct mmsghdr on 64-bit: msghdr (56) + msg_len, padded */

/* Report one datagram if it goes to port 53: the query is in buf[0, len). */
static __always_inline void dns_datagram(__u16 kind, struct socket *sock,
					 const void *uaddr, const void *buf, __u64 len)
{
	struct endpoint peer = {}, local = {};
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (uaddr) {
		if (!user_sockaddr(uaddr, &peer))
			return;
	} else {
		sock_peer(sk, &peer);
	}
	if (peer.port != DNS_PORT)
		return;
	__u32 zero = 0;
	struct dns_record *r = bpf_map_lookup_elem(&dns_scratch, &zero);
	if (!r)
		return;
	sock_local(sk, &local);
	__u16 type = event_type_of(kind);
	net_event_fill(&r->ev, type, kind, 0, sock, &local, &peer);
	__u32 n = len < DNS_PAYLOAD_MAX ? len : DNS_PAYLOAD_MAX;
	if (bpf_probe_read_user(r->payload, n & (2 * DNS_PAYLOAD_MAX - 1), buf) < 0)
		return;
	r->ev.payload_len = n;
	__u64 size = sizeof(r->ev) + (n & (2 * DNS_PAYLOAD_MAX - 1));
	if (size > sizeof(*r))
		size = sizeof(*r);
	submit(r, size, type);
}

static __always_inline void dns_msghdr(__u16 kind, struct socket *sock,
				       const void *umsg)
{
	struct user_msghdr_head msg = {};
	if (bpf_probe_read_user(&msg, sizeof(msg), umsg) < 0 || !msg.iov || msg.iovlen == 0)
		return;
	struct {
		void *base;
		__u64 len;
	} iov = {};
	if (bpf_probe_read_user(&iov, sizeof(iov), msg.iov) < 0)
		return;
	dns_datagram(kind, sock, msg.name, iov.base, iov.len);
}

/*
 * Runs on the entry of sendto, sendmsg, sendmmsg and (optionally) write: the
 * payload is read before the call, as the kernel reads it. Every send of
 * every process passes here, so anything that is not a UDP datagram bound
 * for port 53 leaves after a few reads.
 */
SEC("tracepoint/syscalls/sys_enter")
int vigil_dns_send(struct syscall_enter_ctx *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (is_self(tgid) || is_excluded(tgid))
		return 0;
	__u16 kind = syscall_kind(ctx->nr);
	__u64 args[6];
	syscall_args(ctx, args);
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct socket *sock = fd_socket(task, args[0]);
	if (!sock || BPF_CORE_READ(sock, type) != SOCK_DGRAM)
		return 0;
	switch (kind) {
	case SC_SENDTO: /* (fd, buf, len, flags, addr, addrlen) */
		dns_datagram(kind, sock, (const void *)args[4], (const void *)args[1], args[2]);
		break;
	case SC_WRITE: /* (fd, buf, count): a connected socket, as Go's resolver sends */
		dns_datagram(kind, sock, NULL, (const void *)args[1], args[2]);
		break;
	case SC_SENDMSG: /* (fd, msg, flags) */
		dns_msghdr(kind, sock, (const void *)args[1]);
		break;
	case SC_SENDMMSG: /* (fd, msgvec, vlen, flags) */
		/* Resolvers send the A and AAAA questions in one call. */
		for (int i = 0; i < 2; i++) {
			if (i >= args[2])
				break;
			dns_msghdr(kind, sock, (const void *)(args[1] + i * MMSGHDR_SIZE));
		}
		break;
	}
	return 0;
}

#endif /* VIGIL_NETWORK_H */
