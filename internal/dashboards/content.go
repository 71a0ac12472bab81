package dashboards

// findingsLogsQL selects the findings the variables choose. Every
// attribute is a field of the same name in VictoriaLogs.
const findingsLogsQL = `security_rule.uuid:* vigil.finding.severity:~"^(` + varSeverity + `)$" k8s.namespace.name:~"^(` + varNamespace + `)$"`

// findingsLogQL selects them in Loki, whose OTLP endpoint keeps
// k8s.namespace.name as a stream label and the other attributes as
// structured metadata, dots made underscores. A stream selector needs a
// matcher that no empty value matches: every OTLP stream has service_name.
const findingsLogQL = `{service_name=~".+", k8s_namespace_name=~"` + varNamespace + `"} | security_rule_uuid != "" | vigil_finding_severity=~"` + varSeverity + `"`

// workloadLogsQL names each finding's workload: its controller
// (Deployment, StatefulSet, DaemonSet or CronJob, else its Job), else its
// pod, else "host" and the host's name for a host process.
const workloadLogsQL = `format "<k8s.deployment.name><k8s.statefulset.name><k8s.daemonset.name><k8s.cronjob.name>" as workload` +
	` | format "<k8s.job.name>" as workload keep_original_fields` +
	` | format "<k8s.pod.name>" as workload keep_original_fields` +
	` | format "host <host.name>" as workload keep_original_fields`

// vigilRecordsLogsQL are the records of Vigil's sensor (and of any sensor
// of its schema): all have an event name.
const vigilRecordsLogsQL = `event_name:*`

// sections are the dashboards' rows, top to bottom.
var sections = []section{
	{title: "Findings", panels: []panel{
		{
			title:       "Findings over time by severity",
			description: "Records the detection rules made findings, per interval, by the finding's severity.",
			kind:        overTime, width: 24, height: 8,
			logsql: findingsLogsQL + ` | stats by (vigil.finding.severity) count() findings`,
			logql:  `sum by (vigil_finding_severity) (count_over_time(` + findingsLogQL + ` [$__auto]))`,
			legend: "{{vigil.finding.severity}}",
		},
		{
			title:       "Findings by rule",
			description: "The rules that fired most over the time range (a finding counts for its rule: the most severe that matched).",
			kind:        ranking, width: 12, height: 9,
			logsql: findingsLogsQL + ` | stats by (security_rule.uuid, security_rule.name) count() findings | sort by (findings desc) | limit 20`,
			logql:  `topk(20, sum by (security_rule_uuid, security_rule_name) (count_over_time(` + findingsLogQL + ` [$__range])))`,
			legend: "{{security_rule.uuid}} {{security_rule.name}}",
		},
		{
			title:       "Findings by MITRE ATT&CK technique",
			description: "The techniques of the findings' rules over the time range.",
			kind:        ranking, width: 12, height: 9,
			logsql: findingsLogsQL + ` | stats by (vigil.mitre.technique.id, vigil.mitre.technique.name) count() findings | sort by (findings desc) | limit 20`,
			logql:  `topk(20, sum by (vigil_mitre_technique_id, vigil_mitre_technique_name) (count_over_time(` + findingsLogQL + ` [$__range])))`,
			legend: "{{vigil.mitre.technique.id}} {{vigil.mitre.technique.name}}",
		},
	}},
	{title: "Where", panels: []panel{
		{
			title:       "Findings by namespace and workload",
			description: "Where the findings are: the Kubernetes namespace and workload (controller, else pod), or the host for host processes.",
			kind:        ranking, width: 12, height: 9,
			logsql: findingsLogsQL + ` | ` + workloadLogsQL + ` | stats by (k8s.namespace.name, workload) count() findings | sort by (findings desc) | limit 20`,
			logql: `topk(20, sum by (k8s_namespace_name, k8s_deployment_name, k8s_statefulset_name, k8s_daemonset_name, k8s_cronjob_name, host_name) (count_over_time(` +
				findingsLogQL + ` [$__range])))`,
			legend:     "{{k8s.namespace.name}} {{workload}}",
			lokiLegend: "{{k8s_namespace_name}} {{k8s_deployment_name}}{{k8s_statefulset_name}}{{k8s_daemonset_name}}{{k8s_cronjob_name}} {{host_name}}",
		},
		{
			title:       "Top risk scores",
			description: "The highest risk scores (severity weighed by the workload's exposure) by rule and place.",
			kind:        ranking, width: 12, height: 9,
			logsql: findingsLogsQL + ` | ` + workloadLogsQL +
				` | stats by (security_rule.uuid, k8s.namespace.name, workload) max(vigil.finding.risk_score) risk | sort by (risk desc) | limit 10`,
			logql: `topk(10, max by (security_rule_uuid, k8s_namespace_name, k8s_pod_name, host_name) (max_over_time(` + findingsLogQL +
				` | unwrap vigil_finding_risk_score [$__range])))`,
			legend:     "{{security_rule.uuid}} {{k8s.namespace.name}} {{workload}}",
			lokiLegend: "{{security_rule_uuid}} {{k8s_namespace_name}} {{k8s_pod_name}} {{host_name}}",
		},
	}},
	{title: "Findings table", panels: []panel{
		{
			title:       "Findings",
			description: "The latest findings, each with its process, parent and ancestors: what ran, and what started it.",
			kind:        rows, width: 24, height: 12,
			logsql: findingsLogsQL + ` | sort by (_time desc) | limit 200 | fields _time, vigil.finding.severity, vigil.finding.risk_score, security_rule.uuid, security_rule.name,` +
				` vigil.mitre.technique.id, k8s.namespace.name, k8s.pod.name, host.name, process.pid, process.command_line,` +
				` vigil.process.parent.command_line, vigil.process.ancestors.executable.path, file.path, network.peer.address`,
			logql: findingsLogQL + ` | line_format "{{.security_rule_uuid}} {{.security_rule_name}}: {{.process_command_line}}` +
				` ← {{.vigil_process_parent_command_line}} ← {{.vigil_process_ancestors_executable_path}}"`,
		},
	}},
	{title: "Sensor health", panels: []panel{
		{
			title:       "Records per second",
			description: "Records reaching the backend per second, by host: the sensor is alive and how busy. With the detection processor's output: findings, only findings come.",
			kind:        overTime, width: 8, height: 8, unit: "reqps",
			logsql: vigilRecordsLogsQL + ` | stats by (host.name) rate() records`,
			logql:  `sum by (host_name) (rate({service_name=~".+"} | vigil_process_exec_id != "" [$__auto]))`,
			legend: "{{host.name}}",
		},
		{
			title:       "sensor.loss records",
			description: "Loss reports: the kernel found the sensor's ring buffer full and dropped records (docs/events.md, sensor.loss).",
			kind:        overTime, width: 8, height: 8,
			logsql: `event_name:="sensor.loss" | stats by (host.name) count() reports`,
			logql:  `sum by (host_name) (count_over_time({service_name=~".+"} | vigil_loss_reason != "" [$__auto]))`,
			legend: "{{host.name}}",
		},
		{
			title:       "Dropped records",
			description: "Records the kernel dropped, by the event they were, as the sensor.loss records count them.",
			kind:        overTime, width: 8, height: 8,
			logsql: `event_name:="sensor.loss" | stats by (vigil.loss.event_name) sum(vigil.loss.count) dropped`,
			logql:  `sum by (vigil_loss_event_name) (sum_over_time({service_name=~".+"} | vigil_loss_reason != "" | unwrap vigil_loss_count [$__auto]))`,
			legend: "{{vigil.loss.event_name}}",
		},
	}},
}
