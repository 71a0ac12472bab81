package sensor

import (
	"context"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
)

// handle decodes one ring buffer record, updates the process cache and, when
// the record type is wanted, encodes it into the batch. What a type's
// records are and which encoder writes them is its row in the table of
// record types (records.TypeOf).
func (s *Sensor) handle(ctx context.Context, raw []byte) {
	h, err := kernel.DecodeHeader(raw)
	if err != nil {
		s.count.decodeErrors++
		return
	}
	s.count.received(h.Type)
	t := records.TypeOf(h.Type)
	if t == nil {
		s.count.decodeErrors++
		return
	}
	switch t.Struct {
	case records.ExecStruct:
		err = s.handleExec(ctx, h, raw)
	case records.ExitStruct:
		err = s.handleExit(ctx, h, raw)
	case records.ForkStruct:
		err = s.handleFork(ctx, h, raw)
	case records.NetStruct:
		err = s.handleNet(ctx, h, t, raw)
	case records.SyscallStruct:
		err = s.handleSyscall(ctx, h, t, raw)
	}
	if err != nil {
		s.count.decodeErrors++
	}
}

func (s *Sensor) handleExec(ctx context.Context, h *kernel.Header, raw []byte) error {
	var ev kernel.Exec
	if err := kernel.DecodeExec(raw, &ev); err != nil {
		return err
	}
	p := s.processFromExec(&ev)
	if id := p.Container.ContainerID; id != "" {
		s.containers.saw(id, p.StartNS, h.KtimeNs)
		p.Drift = s.containers.drifted(id, ev.ExeCtimeNs, s.enc.Clock)
	}
	p = s.table.Exec(p, h.KtimeNs, ev.ParentStartBoottime)
	s.workloads.learn(h.CgroupId, p.Container)
	if s.cfg.Emit.Exec {
		s.enc.Exec(s.batch, p, h.KtimeNs)
		s.added(ctx)
	}
	return nil
}

func (s *Sensor) handleExit(ctx context.Context, h *kernel.Header, raw []byte) error {
	ev, err := kernel.DecodeExit(raw)
	if err != nil {
		return err
	}
	p := s.table.Exit(h.Pid, ev.StartBoottime, h.KtimeNs)
	if s.cfg.Emit.Exit {
		s.enc.Exit(s.batch, p, ev, s.workloads.of(h.CgroupId))
		s.added(ctx)
	}
	return nil
}

func (s *Sensor) handleFork(ctx context.Context, h *kernel.Header, raw []byte) error {
	ev, err := kernel.DecodeFork(raw)
	if err != nil {
		return err
	}
	child := s.table.Fork(h.Pid, ev.Ppid, ev.StartBoottime, ev.ParentStartBoottime)
	if child.Exe == "" { // its parent was unknown too
		child.Container = s.workloads.of(h.CgroupId)
	}
	if id := child.Container.ContainerID; id != "" {
		if child.ParentExecID != "" {
			// The child's container is its known parent's: an older
			// process of the same container.
			s.containers.saw(id, ev.ParentStartBoottime, h.KtimeNs)
		}
		s.containers.saw(id, child.StartNS, h.KtimeNs)
	}
	if s.cfg.Emit.Fork {
		s.enc.Fork(s.batch, child, h.KtimeNs)
		s.added(ctx)
	}
	return nil
}

// handleNet encodes a socket record of type t.
func (s *Sensor) handleNet(ctx context.Context, h *kernel.Header, t *records.Type, raw []byte) error {
	ev := &s.decoded.net
	if err := kernel.DecodeNet(raw, ev); err != nil {
		return err
	}
	s.enc.Network(s.batch, t, s.actor(h), ev)
	s.added(ctx)
	return nil
}

// handleSyscall encodes a syscall-level record of type t, and keeps the
// cache's credentials current after a privilege change.
func (s *Sensor) handleSyscall(ctx context.Context, h *kernel.Header, t *records.Type, raw []byte) error {
	ev := &s.decoded.syscall
	if err := kernel.DecodeSyscall(raw, ev); err != nil {
		return err
	}
	a := s.actor(h)
	s.enc.Syscall(s.batch, t, a, ev)
	if ev.Ret == 0 && a.Process != nil {
		updateCreds(&a.Process.Creds, ev)
	}
	s.added(ctx)
	return nil
}

// actor is the process a record is about, as the cache knows it.
func (s *Sensor) actor(h *kernel.Header) records.Actor {
	return records.Actor{Process: s.table.Get(h.Pid, 0), PID: h.Pid, Workload: s.workloads.of(h.CgroupId)}
}

// updateCreds applies the ids or capabilities a successful privilege change
// left the process with, so later records show them; records that hold no
// credentials change nothing.
func updateCreds(c *proctable.Creds, ev *kernel.Syscall) {
	after := ev.After
	switch ev.Held() {
	case kernel.HeldUIDs:
		c.UID, c.EUID, c.SUID = uint32(after[0]), uint32(after[1]), uint32(after[2])
	case kernel.HeldGIDs:
		c.GID, c.EGID, c.SGID = uint32(after[0]), uint32(after[1]), uint32(after[2])
	case kernel.HeldCaps:
		c.CapEffective, c.CapPermitted = after[0], after[1]
	}
}

// processFromExec builds the cache entry of a process that just exec'ed,
// copying the strings out of the ring buffer record.
func (s *Sensor) processFromExec(ev *kernel.Exec) *proctable.Process {
	p := &proctable.Process{
		PID:     ev.Hdr.Pid,
		PPID:    ev.Ppid,
		VPID:    ev.Vpid,
		StartNS: ev.StartBoottime,
	}
	p.Exe = string(ev.Exe)
	p.Cwd = string(ev.Cwd)
	p.Filename = string(ev.Filename)
	p.Name = proctable.ExecName(p.Filename, p.Exe)
	p.Args = proctable.SplitArgs(ev.Args)
	p.ArgsTruncated = ev.Flags&(kernel.ExecArgsTruncated|kernel.ExecArgsUnreadable) != 0
	if len(p.Args) == 0 && p.Filename != "" {
		p.Args = []string{p.Filename} // argv was unreadable: the file executed is the best we have
	}
	// From argv as the interpreter reads it: redaction could mask the
	// script's path or the option that says there is none.
	p.Script = proctable.ScriptPath(p.Exe, p.Filename, p.Cwd, p.Args)
	if s.cfg.Redact != nil {
		p.Args = s.cfg.Redact(p.Args)
	}
	if ev.Flags&kernel.ExecHasTTY != 0 {
		p.TTY = proctable.KernelTTYName(string(ev.TTY))
	}
	p.Cgroup = string(ev.Cgroup)
	p.Creds = proctable.Creds{
		UID: ev.Uid, EUID: ev.Euid, SUID: ev.Suid,
		GID: ev.Gid, EGID: ev.Egid, SGID: ev.Sgid,
		LoginUID: ev.Loginuid, SessionID: ev.Sessionid,
		CapEffective: ev.CapEffective, CapPermitted: ev.CapPermitted,
	}
	p.Namespaces = proctable.Namespaces{
		PID: ev.PidNs, Mnt: ev.MntNs, Net: ev.NetNs, User: ev.UserNs,
		UTS: ev.UtsNs, IPC: ev.IpcNs, Cgroup: ev.CgroupNs,
	}
	p.Container = containerid.InferOf(p.Cgroup, p.Namespaces.PID)
	return p
}
