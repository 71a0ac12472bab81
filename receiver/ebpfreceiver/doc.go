// Package ebpfreceiver turns what processes do on a Linux host, as seen by
// BPF programs on kernel tracepoints, into OpenTelemetry log records.
//
//go:generate mdatagen metadata.yaml
package ebpfreceiver
