{{/* Pod settings the hook jobs share with the services. (list $ "migrations") */}}
{{- define "switchback.jobPodSpec" -}}
{{- $root := index . 0 -}}
{{- $job := index . 1 -}}
restartPolicy: Never
# Hooks run before the chart's ServiceAccounts exist: the namespace default, without a token.
automountServiceAccountToken: false
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: { sizeLimit: 64Mi }
{{- end -}}

{{- define "switchback.jobContainerCommon" -}}
{{- $root := index . 0 -}}
{{- $job := index . 1 -}}
image: {{ include "switchback.image" $root | quote }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
args: [{{ printf "dist/tools/%s/src/main.js" (ternary "migrate" "topics" (eq $job "migrations")) | quote }}]
resources:
  {{- toYaml (index $root.Values $job).resources | nindent 2 }}
securityContext:
  {{- toYaml $root.Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
