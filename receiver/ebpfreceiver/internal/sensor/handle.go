package sensor

import (
	"context"

	"github.com/vigil-sensor/vigil/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
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
	case kernel.TypeNetworkConnect, kernel.TypeNetworkAccept, kernel.TypeNetworkListen, kernel.TypeDNSQuery:
		var ev kernel.Net
		if err := kernel.DecodeNet(raw, &ev); err != nil {
			s.count.decodeErrors++
			return
		}
		s.enc.Network(s.batch, s.actor(h), &ev)
		s.added(ctx)
	default:
		if _, known := eventNames[kernel.EventType(h.Type)]; !known {
			s.count.decodeErrors++
			return
		}
		var ev kernel.Syscall
		if err := kernel.DecodeSyscall(raw, &ev); err != nil {
			s.count.decodeErrors++
			return
		}
		s.handleSyscall(ctx, h, &ev)
	}
}

// handleSyscall encodes a syscall-level record, and keeps the cache's
// credentials current after a privilege change.
func (s *Sensor) handleSyscall(ctx context.Context, h *kernel.Header, ev *kernel.Syscall) {
	a := s.actor(h)
	// Record types are numbered by group, in tens (bpf/include/events.h).
	switch t := kernel.EventType(h.Type); {
	case t >= kernel.TypeFileOpen && t <= kernel.TypeFileLink:
		s.enc.File(s.batch, a, ev, s.cfg.WatchCategories(ev.WatchCategory))
	case t >= kernel.TypeMemoryProtect && t <= kernel.TypeProcessPtrace:
		s.enc.Memory(s.batch, a, ev)
	case t >= kernel.TypeProcessSetuid && t <= kernel.TypeProcessCapset:
		s.enc.Privilege(s.batch, a, ev)
		if ev.Ret == 0 && a.Process != nil {
			updateCreds(&a.Process.Creds, ev)
		}
	default:
		s.enc.Kernel(s.batch, a, ev)
	}
	s.added(ctx)
}

// actor is the process a record is about, as the cache knows it.
func (s *Sensor) actor(h *kernel.Header) records.Actor {
	return records.Actor{Process: s.table.Get(h.Pid, 0), PID: h.Pid, Workload: s.workloads.of(h.CgroupId)}
}

// updateCreds applies the ids or capabilities a successful privilege change
// left the process with, so later records show them.
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
