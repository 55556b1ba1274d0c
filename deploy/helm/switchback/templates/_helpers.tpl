{{/* Names and labels. */}}

{{- define "switchback.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <release>-<chart>-<component>. Call with (list $ "routing"). */}}
{{- define "switchback.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "switchback.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchback.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "switchback.labels" -}}
{{- $root := index . 0 -}}
{{ include "switchback.selectorLabels" . }}
app.kubernetes.io/part-of: switchback
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Every pod of this release (services and jobs): what the default-deny policy selects. */}}
{{- define "switchback.releaseSelector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "switchback.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Pods the chart's autoscaler keeps at least (replicaCount without one): decides the PDB. */}}
{{- define "switchback.minReplicas" -}}
{{- $service := index . 1 -}}
{{- if $service.autoscaling.enabled -}}{{ $service.autoscaling.minReplicas }}{{- else -}}{{ $service.replicaCount }}{{- end -}}
{{- end -}}
