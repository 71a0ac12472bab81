package kernel

// The BPF object and its Go bindings are generated from bpf/vigil.c and
// committed, so building Vigil needs no clang. `make generate` reruns this
// with the pinned tools; `make test` fails when the result differs.
//
// -target bpfel: the programs read no pt_regs, so one little-endian object
// serves amd64 and arm64 alike.
//go:generate bpf2go -cc clang -cflags "-O2 -g -Wall -Werror" -target bpfel -type event_header -type exec_event -type exit_event -type fork_event -type syscall_event -type net_event -type event_type -type exec_flags -type syscall_kind -type syscall_flags -type watch_key -type watch_prefix -type watch_name_key -type exclude_path_key -type exclude_prefix_key bpf ../../../../bpf/vigil.c -- -I../../../../bpf/include -I../../../../bpf
