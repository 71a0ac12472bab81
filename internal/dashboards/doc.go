// Package dashboards builds Vigil's Grafana dashboards with the typed
// Grafana Foundation SDK: one for a VictoriaLogs datasource (LogsQL), one
// for Loki (LogQL), with the same panels. `go generate` writes them to
// examples/grafana, where users import them from; a test keeps the
// committed files equal to what this package builds.
package dashboards

//go:generate go run ./write -out ../../examples/grafana
