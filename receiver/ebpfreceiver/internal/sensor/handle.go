package sensor

import (
	"context"

	"github.com/vigil-sensor/vigil/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// handle decodes one ring buffer record, updates the process cache and, when
// the record type is wanted, encodes it into the batch.
func (s *Sensor) handle(ctx context.Context, raw []byte) {
	h, err := kernel.DecodeHeader(raw)
	if err != nil {
		s.count.decodeErrors++
		return
	}
	s.count.received(h.Type)
	switch kernel.EventType(h.Type) {
	case kernel.TypeExec:
		var ev kernel.Exec
		if err := kernel.DecodeExec(raw, &ev); err != nil {
			s.count.decodeErrors++
			return
		}
		p := s.table.Exec(s.processFromExec(&ev), h.KtimeNs, ev.ParentStartBoottime)
		s.workloads.learn(h.CgroupId, p.Container)
		if s.cfg.Emit.Exec {
			s.enc.Exec(s.batch, p, h.KtimeNs)
			s.added(ctx)
		}
	case kernel.TypeExit:
		ev, err := kernel.DecodeExit(raw)
		if err != nil {
			s.count.decodeErrors++
			return
		}
		p := s.table.Exit(h.Pid, ev.StartBoottime, h.KtimeNs)
		if s.cfg.Emit.Exit {
			s.enc.Exit(s.batch, p, ev, s.workloads.of(h.CgroupId))
			s.added(ctx)
		}
	case kernel.TypeFork:
		ev, err := kernel.DecodeFork(raw)
		if err != nil {
			s.count.decodeErrors++
			return
		}
		child := s.table.Fork(h.Pid, ev.Ppid, ev.StartBoottime, ev.ParentStartBoottime)
		if child.Exe == "" { // its parent was unknown too
			child.Container = s.workloads.of(h.CgroupId)
		}
		if s.cfg.Emit.Fork {
			s.enc.Fork(s.batch, child, h.KtimeNs)
			s.added(ctx)
		}
	default:
		s.count.decodeErrors++
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
	p.Args = proctable.SplitArgs(ev.Args)
	p.ArgsTruncated = ev.Flags&(kernel.ExecArgsTruncated|kernel.ExecArgsUnreadable) != 0
	if len(p.Args) == 0 && p.Filename != "" {
		p.Args = []string{p.Filename} // argv was unreadable: the file executed is the best we have
	}
	if s.cfg.Redact != nil {
		p.Args = s.cfg.Redact(p.Args)
	}
	if ev.Flags&kernel.ExecHasTTY != 0 {
		p.TTY = proctable.KernelTTYName(string(ev.TTY))
	}
	p.Cgroup = string(ev.Cgroup)
	p.Container = containerid.Parse(p.Cgroup)
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
	return p
}
