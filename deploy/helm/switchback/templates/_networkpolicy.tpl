{{/* One egress rule to a configured destination (networkPolicy.egress.<name>). (list $ "kafka")
Each item of cidrs is a CIDR, or { cidr, except: [...] } to carve ranges out of it (NetworkPolicy
ipBlock.except: each must lie inside its cidr, so give IPv4 and IPv6 exceptions to their own block). */}}
{{- define "switchback.egressRule" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $dest := index $root.Values.networkPolicy.egress $name -}}
{{- if not (or $dest.cidrs $dest.peers) -}}
{{- fail (printf "networkPolicy.egress.%s: set cidrs or peers (where %s is), or networkPolicy.egress.enabled=false" $name $name) -}}
{{- end -}}
- to:
    {{- range $dest.cidrs }}
    {{- if kindIs "map" . }}
    {{- if not .cidr }}
    {{- fail (printf "networkPolicy.egress.%s.cidrs: an entry with except needs its cidr" $name) }}
    {{- end }}
    - ipBlock:
        cidr: {{ .cidr | quote }}
        {{- with .except }}
        except:
          {{- range . }}
          - {{ . | quote }}
          {{- end }}
        {{- end }}
    {{- else }}
    - ipBlock: { cidr: {{ . | quote }} }
    {{- end }}
    {{- end }}
    {{- with $dest.peers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  ports:
    {{- toYaml $dest.ports | nindent 4 }}
{{- end -}}
