// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
//go:build ignore

/*
 * Vigil's BPF object: every program and map the ebpf receiver loads. Programs
 * of a disabled event group are simply not attached, so they cost nothing.
 */
#include "process.h"
#include "syscall_enter.h"
#include "network.h"
#include "files.h"
#include "memory.h"
#include "privileges.h"
#include "kernel_events.h"
#include "raw_sys_enter.h"

/* Make the record types visible in BTF so bpf2go can generate them. */
const struct exec_event *unused_exec_event __attribute__((unused));
const struct exit_event *unused_exit_event __attribute__((unused));
const struct fork_event *unused_fork_event __attribute__((unused));
const struct syscall_event *unused_syscall_event __attribute__((unused));
const struct net_event *unused_net_event __attribute__((unused));
const enum event_type *unused_event_type __attribute__((unused));
const enum exec_flags *unused_exec_flags __attribute__((unused));
const enum syscall_kind *unused_syscall_kind __attribute__((unused));
const enum syscall_flags *unused_syscall_flags __attribute__((unused));
const struct watch_prefix *unused_watch_prefix __attribute__((unused));
const struct exclude_path_key *unused_exclude_path_key __attribute__((unused));
const struct exclude_prefix_key *unused_exclude_prefix_key __attribute__((unused));
