// Package detectionprocessor flags records that detection rules match —
// OTTL conditions, sequences and thresholds, MITRE ATT&CK tagged — and turns
// them into findings ranked by the context of the workload they came from.
//
//go:generate mdatagen metadata.yaml
package detectionprocessor
