{{/* One egress rule to a configured destination (networkPolicy.egress.<name>). (list $ "kafka") */}}
{{- define "switchback.egressRule" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $dest := index $root.Values.networkPolicy.egress $name -}}
{{- if not (or $dest.cidrs $dest.peers) -}}
{{- fail (printf "networkPolicy.egress.%s: set cidrs or peers (where %s is), or networkPolicy.egress.enabled=false" $name $name) -}}
{{- end -}}
- to:
    {{- range $dest.cidrs }}
    - ipBlock: { cidr: {{ . | quote }} }
    {{- end }}
    {{- with $dest.peers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  ports:
    {{- toYaml $dest.ports | nindent 4 }}
{{- end -}}
