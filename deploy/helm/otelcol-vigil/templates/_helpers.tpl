{{/* The objects' name: the release's, or release-chart. */}}
{{- define "vigil.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "vigil.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "vigil.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vigil.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vigil.labels" -}}
{{ include "vigil.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "vigil.gatewayName" -}}
{{- printf "%s-gateway" (include "vigil.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "vigil.gatewaySelectorLabels" -}}
app.kubernetes.io/name: {{ include "vigil.name" . }}-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vigil.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "vigil.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "vigil.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The rules ConfigMap the nodes mount, if any. */}}
{{- define "vigil.rulesConfigMap" -}}
{{- if .Values.detection.rulesConfigMap -}}
{{- .Values.detection.rulesConfigMap -}}
{{- else if .Values.detection.rulesFiles -}}
{{- printf "%s-rules" (include "vigil.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "vigil.gatewayRulesConfigMap" -}}
{{- default (printf "%s-rules" (include "vigil.gatewayName" .)) .Values.gateway.rulesConfigMap -}}
{{- end -}}

{{/* The gateways' OTLP/gRPC addresses, a YAML flow list for the static resolver. */}}
{{- define "vigil.gatewayHostnames" -}}
{{- $name := include "vigil.gatewayName" . -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.gateway.replicas) -}}
{{- $hosts = append $hosts (printf "%s-%d.%s.%s.svc:%d" $name $i $name $.Release.Namespace (int $.Values.gateway.port)) -}}
{{- end -}}
[{{ join ", " $hosts }}]
{{- end -}}
