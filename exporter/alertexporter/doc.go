// Package alertexporter sends findings — log records the detection
// processor marked with security_rule.* — to the people who act on them:
// Alertmanager, Slack or any webhook, one destination per instance, with
// the collector's queue, retries and persistent storage.
//
//go:generate mdatagen metadata.yaml
package alertexporter
