{{/*
What the code fixes about each service (not tunable): what it depends on, who calls it, which
secrets it reads. Values hold what is tunable (port, replicas, resources, schema).
  database/redis: uses Postgres (DATABASE_URL + DATABASE_SCHEMA) / Redis (REDIS_URL)
  redisKeyPrefix: reads REDIS_KEY_PREFIX (routing only reads the circuit flags, under CIRCUIT_KEY_PREFIX)
  consumer:       consumes Kafka topics as consumer group <prefix><name> (lag-based scaling)
  public:         serves HTTP that arrives through the ingress controller
  callers:        services that call its HTTP API (routing: CAPABILITY_BASE_URL, PAYLOAD_STORE_URL)
  egress:         external peers besides Kafka, Postgres, Redis, DNS and OTLP
  busEnvelope:    holds the key-encryption keys: seals and opens the bus's personal fields
                  (reads the shared data-key table in Postgres). The others never get the keys.
  hashKeyId:      false: reads no IDENTIFIER_HASH_KEY_ID (never sees a recipient hash); default true
*/}}
{{- define "switchback.serviceFacts" -}}
capability-discovery:
  database: true
  redis: true
  redisKeyPrefix: true
  # Routing asks it per send over HTTP; it consumes no topic (and never holds a bus key).
  consumer: false
  public: false
  callers: [routing]
  egress: [carrierHub]
routing:
  database: true
  # Reads the channel circuits the gateways publish in Redis (libs/circuit).
  redis: true
  redisKeyPrefix: false
  consumer: true
  # Its consumer groups (ConsumerGroups in libs/contracts): outcomes have a group of their own.
  groups: [routing, routing-outcomes, routing-plaintext]
  public: true
  callers: []
  egress: []
  calls: [capability-discovery, payload-store]
  busEnvelope: true
rcs-gateway:
  database: false
  redis: true
  redisKeyPrefix: true
  consumer: true
  public: true
  callers: []
  egress: [carrierHub]
  busEnvelope: true
smpp-gateway:
  database: false
  redis: true
  redisKeyPrefix: true
  consumer: true
  public: false
  callers: []
  egress: [smsc]
  busEnvelope: true
payload-store:
  database: true
  redis: true
  redisKeyPrefix: true
  consumer: false
  public: true
  callers: [routing]
  egress: []
audit-sink:
  database: true
  redis: false
  redisKeyPrefix: false
  consumer: true
  public: false
  callers: []
  egress: []
webhook-dispatcher:
  database: true
  redis: false
  redisKeyPrefix: false
  # Reads the metadata topics it turns into status callbacks (group webhook-dispatcher).
  consumer: true
  groups: [webhook-dispatcher]
  # Tenants manage their endpoints on /v1/webhooks through the ingress.
  public: true
  callers: []
  # POSTs the callbacks to the tenants' endpoints (networkPolicy.egress.webhooks).
  egress: [webhooks]
  hashKeyId: false
{{- end -}}

{{/*
Secret groups: the keys each holds (the services' variable names) and which may be left out.
*/}}
{{- define "switchback.secretGroups" -}}
identifierHash:
  required: [IDENTIFIER_HASH_KEY]
  optional: []
datastores:
  required: [REDIS_URL, CAPABILITY_DISCOVERY_DATABASE_URL, ROUTING_DATABASE_URL, PAYLOAD_STORE_DATABASE_URL, AUDIT_SINK_DATABASE_URL, WEBHOOK_DISPATCHER_DATABASE_URL, MIGRATIONS_DATABASE_URL]
  optional: []
routing:
  required: [TENANT_API_KEYS, HOLD_ENCRYPTION_KEY, IDEMPOTENCY_BODY_KEYS, CONTENT_FINGERPRINT_KEYS]
  optional: [ADMIN_TOKENS, HOLD_PREVIOUS_KEYS]
links:
  required: [LINK_API_KEYS]
  optional: []
payloadStore:
  required: [LINK_PEPPERS]
  optional: []
rcsGateway:
  required: [RBM_CLIENT_TOKEN]
  optional: []
rbmAgent:
  {{- if eq .Values.carrierHub.auth "serviceAccount" }}
  required: [RBM_SERVICE_ACCOUNT_KEY]
  optional: []
  {{- else }}
  required: []
  optional: [RBM_SERVICE_ACCOUNT_KEY]
  {{- end }}
smppGateway:
  required: [SMPP_PASSWORD]
  optional: []
auditSink:
  required: [AUDIT_SIGNING_KEY]
  optional: [AUDIT_OPERATOR_TOKENS]
capabilityDiscovery:
  required: []
  optional: [DEVICE_KEY_TOKENS]
capabilityApi:
  required: [CAPABILITY_API_KEY, CAPABILITY_API_KEYS]
  optional: []
webhookDispatcher:
  required: [WEBHOOK_SECRET_KEY]
  optional: []
busEnvelope:
  required: [BUS_ENVELOPE_KEKS, BUS_ENVELOPE_DATABASE_URL]
  optional: []
kafka:
  {{- if .Values.kafka.sasl.enabled }}
  required: [KAFKA_ADMIN_PASSWORD, ROUTING_KAFKA_PASSWORD, RCS_GATEWAY_KAFKA_PASSWORD, SMPP_GATEWAY_KAFKA_PASSWORD, CAPABILITY_DISCOVERY_KAFKA_PASSWORD, PAYLOAD_STORE_KAFKA_PASSWORD, AUDIT_SINK_KAFKA_PASSWORD, WEBHOOK_DISPATCHER_KAFKA_PASSWORD]
  {{- else }}
  required: []
  {{- end }}
  optional: []
{{- end -}}

{{/* A service's own broker password (its key in secrets.kafka), when the broker uses SASL. (list $ "routing") */}}
{{- define "switchback.kafkaPasswordEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- if $root.Values.kafka.sasl.enabled -}}
{{- include "switchback.secretEnvVar" (list $root (dict "env" "KAFKA_SASL_PASSWORD" "group" "kafka" "key" (printf "%s_KAFKA_PASSWORD" ($name | upper | replace "-" "_")))) }}
{{- end -}}
{{- end -}}

{{/* Each service's secret variables: env name -> group and key. One key per purpose, given only
to the services that compute with it: IDENTIFIER_HASH_KEY to those that hash recipients (not
audit-sink), the idempotency body and content fingerprint keys to routing alone. */}}
{{- define "switchback.secretEnv" -}}
capability-discovery:
  - { env: IDENTIFIER_HASH_KEY, group: identifierHash, key: IDENTIFIER_HASH_KEY }
  - { env: DATABASE_URL, group: datastores, key: CAPABILITY_DISCOVERY_DATABASE_URL }
  - { env: REDIS_URL, group: datastores, key: REDIS_URL }
  - { env: DEVICE_KEY_TOKENS, group: capabilityDiscovery, key: DEVICE_KEY_TOKENS }
  - { env: CAPABILITY_API_KEYS, group: capabilityApi, key: CAPABILITY_API_KEYS }
routing:
  - { env: IDENTIFIER_HASH_KEY, group: identifierHash, key: IDENTIFIER_HASH_KEY }
  - { env: DATABASE_URL, group: datastores, key: ROUTING_DATABASE_URL }
  - { env: REDIS_URL, group: datastores, key: REDIS_URL }
  - { env: TENANT_API_KEYS, group: routing, key: TENANT_API_KEYS }
  - { env: ADMIN_TOKENS, group: routing, key: ADMIN_TOKENS }
  - { env: CAPABILITY_API_KEY, group: capabilityApi, key: CAPABILITY_API_KEY }
  - { env: HOLD_ENCRYPTION_KEY, group: routing, key: HOLD_ENCRYPTION_KEY }
  - { env: HOLD_PREVIOUS_KEYS, group: routing, key: HOLD_PREVIOUS_KEYS }
  - { env: IDEMPOTENCY_BODY_KEYS, group: routing, key: IDEMPOTENCY_BODY_KEYS }
  - { env: CONTENT_FINGERPRINT_KEYS, group: routing, key: CONTENT_FINGERPRINT_KEYS }
  - { env: PAYLOAD_STORE_API_KEYS, group: links, key: LINK_API_KEYS }
  - { env: BUS_ENVELOPE_KEKS, group: busEnvelope, key: BUS_ENVELOPE_KEKS }
  - { env: BUS_ENVELOPE_DATABASE_URL, group: busEnvelope, key: BUS_ENVELOPE_DATABASE_URL }
rcs-gateway:
  - { env: IDENTIFIER_HASH_KEY, group: identifierHash, key: IDENTIFIER_HASH_KEY }
  - { env: REDIS_URL, group: datastores, key: REDIS_URL }
  - { env: RBM_CLIENT_TOKEN, group: rcsGateway, key: RBM_CLIENT_TOKEN }
  - { env: BUS_ENVELOPE_KEKS, group: busEnvelope, key: BUS_ENVELOPE_KEKS }
  - { env: BUS_ENVELOPE_DATABASE_URL, group: busEnvelope, key: BUS_ENVELOPE_DATABASE_URL }
smpp-gateway:
  - { env: IDENTIFIER_HASH_KEY, group: identifierHash, key: IDENTIFIER_HASH_KEY }
  - { env: REDIS_URL, group: datastores, key: REDIS_URL }
  - { env: SMPP_PASSWORD, group: smppGateway, key: SMPP_PASSWORD }
  - { env: BUS_ENVELOPE_KEKS, group: busEnvelope, key: BUS_ENVELOPE_KEKS }
  - { env: BUS_ENVELOPE_DATABASE_URL, group: busEnvelope, key: BUS_ENVELOPE_DATABASE_URL }
payload-store:
  - { env: IDENTIFIER_HASH_KEY, group: identifierHash, key: IDENTIFIER_HASH_KEY }
  - { env: DATABASE_URL, group: datastores, key: PAYLOAD_STORE_DATABASE_URL }
  - { env: REDIS_URL, group: datastores, key: REDIS_URL }
  - { env: LINK_API_KEYS, group: links, key: LINK_API_KEYS }
  - { env: LINK_PEPPERS, group: payloadStore, key: LINK_PEPPERS }
audit-sink:
  - { env: DATABASE_URL, group: datastores, key: AUDIT_SINK_DATABASE_URL }
  - { env: AUDIT_SIGNING_KEY, group: auditSink, key: AUDIT_SIGNING_KEY }
  - { env: AUDIT_OPERATOR_TOKENS, group: auditSink, key: AUDIT_OPERATOR_TOKENS }
webhook-dispatcher:
  - { env: DATABASE_URL, group: datastores, key: WEBHOOK_DISPATCHER_DATABASE_URL }
  # The tenants' bearer keys are routing's: one list, so a tenant's key works on both APIs.
  - { env: TENANT_API_KEYS, group: routing, key: TENANT_API_KEYS }
  - { env: WEBHOOK_SECRET_KEY, group: webhookDispatcher, key: WEBHOOK_SECRET_KEY }
{{- end -}}

{{/* The Secret a group's keys are read from: the existing one, or the chart's. (list $ "routing") */}}
{{- define "switchback.secretName" -}}
{{- $root := index . 0 -}}
{{- $group := index . 1 -}}
{{- $values := index $root.Values.secrets $group -}}
{{- if $values.existingSecret -}}{{ $values.existingSecret }}{{- else -}}{{ include "switchback.componentName" (list $root (printf "%s-secret" ($group | kebabcase))) }}{{- end -}}
{{- end -}}

{{/* True (non-empty) when a key may be left out of its group. (list $ "routing" "ADMIN_TOKENS") */}}
{{- define "switchback.secretOptional" -}}
{{- $groups := include "switchback.secretGroups" (index . 0) | fromYaml -}}
{{- if has (index . 2) (index $groups (index . 1)).optional -}}true{{- end -}}
{{- end -}}

{{/* One env entry read from a Secret. (list $ entry) */}}
{{- define "switchback.secretEnvVar" -}}
{{- $root := index . 0 -}}
{{- $entry := index . 1 -}}
- name: {{ $entry.env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "switchback.secretName" (list $root $entry.group) }}
      key: {{ $entry.key }}
      {{- if include "switchback.secretOptional" (list $root $entry.group $entry.key) }}
      optional: true
      {{- end }}
{{- end -}}

{{/* A required setting, with the same kind of message as a missing secret. (list value "path" "what") */}}
{{- define "switchback.requiredValue" -}}
{{- required (printf "%s is required: %s" (index . 1) (index . 2)) (index . 0) -}}
{{- end -}}

{{/* A service's non-secret environment (its ConfigMap). (list $ "routing") */}}
{{- define "switchback.configEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $values := $root.Values -}}
{{- $service := index $values.services $name -}}
{{- $facts := index (include "switchback.serviceFacts" $root | fromYaml) $name -}}
SERVICE_NAME: {{ $name | quote }}
OTEL_SERVICE_NAME: {{ $name | quote }}
HTTP_HOST: "0.0.0.0"
HTTP_PORT: {{ $service.port | quote }}
LOG_LEVEL: {{ $values.logLevel | quote }}
{{- if or (not (hasKey $facts "hashKeyId")) $facts.hashKeyId }}
IDENTIFIER_HASH_KEY_ID: {{ $values.identifierHashKeyId | quote }}
{{- end }}
KAFKA_BROKERS: {{ $values.kafka.brokers | quote }}
KAFKA_TOPIC_PREFIX: {{ $values.kafka.topicPrefix | quote }}
BUS_RETRY_DELAYS_MS: {{ $values.kafka.retryDelaysMs | quote }}
BUS_LAG_INTERVAL_MS: {{ $values.kafka.lagIntervalMs | quote }}
{{- if $values.kafka.sasl.enabled }}
KAFKA_SASL_MECHANISM: {{ $values.kafka.sasl.mechanism | quote }}
KAFKA_SASL_USERNAME: {{ printf "%s%s" $values.kafka.sasl.principalPrefix $name | quote }}
{{- end }}
{{- if $values.otlp.endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ $values.otlp.endpoint | quote }}
OTEL_TRACES_EXPORTER: "otlp"
{{- else }}
OTEL_TRACES_EXPORTER: "none"
{{- end }}
# Metrics are scraped from GET /metrics; logs go to stdout.
OTEL_METRICS_EXPORTER: "none"
OTEL_LOGS_EXPORTER: "none"
{{- if $facts.database }}
DATABASE_SCHEMA: {{ $service.databaseSchema | quote }}
{{- $mode := $values.migrations.serviceBootMode }}
{{- if not (has $mode (list "verify" "run")) }}
{{- fail (printf "migrations.serviceBootMode must be verify or run, not %v" $mode) }}
{{- end }}
# verify: the migrations hook Job applied them as the owner role; the service only checks that
# none is pending, so its role needs no CREATE (libs/persistence, DATABASE_MIGRATIONS).
DATABASE_MIGRATIONS: {{ $mode | quote }}
{{- end }}
{{- if $facts.busEnvelope }}
# The data-key table is created by the migrations hook Job (tools/migrate) as the owner role.
BUS_ENVELOPE_SCHEMA: {{ $values.busEnvelope.schema | quote }}
BUS_ENVELOPE_MIGRATIONS: {{ $values.migrations.serviceBootMode | quote }}
BUS_ENVELOPE_BUCKET_S: {{ $values.busEnvelope.bucketSeconds | quote }}
{{- end }}
{{- if and $facts.redis $facts.redisKeyPrefix }}
REDIS_KEY_PREFIX: {{ $values.redis.keyPrefix | quote }}
{{- end }}
{{- if has "carrierHub" $facts.egress }}
HUB_BASE_URL: {{ include "switchback.requiredValue" (list $values.carrierHub.baseUrl "carrierHub.baseUrl" "the RBM hub's base URL (https://...)") | quote }}
{{- if eq $values.carrierHub.auth "serviceAccount" }}
RBM_AUTH: "service-account"
RBM_SERVICE_ACCOUNT_KEY_FILE: {{ include "switchback.rbmKeyFile" . | quote }}
{{- else if eq $values.carrierHub.auth "workloadIdentity" }}
RBM_AUTH: "workload-identity"
{{- else }}
{{- fail (printf "carrierHub.auth must be serviceAccount or workloadIdentity, not %v" $values.carrierHub.auth) }}
{{- end }}
{{- end }}
{{- if has "smsc" $facts.egress }}
SMPP_URL: {{ include "switchback.requiredValue" (list $values.smsc.url "smsc.url" "the SMSC, smpp://host:port or ssmpp://host:port") | quote }}
SMPP_SYSTEM_ID: {{ include "switchback.requiredValue" (list $values.smsc.systemId "smsc.systemId" "the SMPP bind's system_id") | quote }}
{{- end }}
{{- if eq $name "routing" }}
CAPABILITY_BASE_URL: {{ printf "http://%s:%v" (include "switchback.componentName" (list $root "capability-discovery")) (index $values.services "capability-discovery").port | quote }}
PAYLOAD_STORE_URL: {{ printf "http://%s:%v" (include "switchback.componentName" (list $root "payload-store")) (index $values.services "payload-store").port | quote }}
{{- /* The admin API stays on the pod's loopback on purpose: no Service, ingress or NetworkPolicy reaches it (kubectl port-forward). */}}
ADMIN_HTTP_HOST: "127.0.0.1"
ADMIN_HTTP_PORT: "3112"
{{- end }}
{{- if eq $name "payload-store" }}
PUBLIC_BASE_URL: {{ include "switchback.requiredValue" (list $values.payloadStore.publicBaseUrl "payloadStore.publicBaseUrl" "the public origin of recipient links (https://...)") | quote }}
{{- if $facts.public }}
{{- /* Exposed through the ingress: without it every recipient shares the ingress's claim rate-limit bucket. */}}
{{- $trustProxy := include "switchback.requiredValue" (list $values.payloadStore.trustProxy "payloadStore.trustProxy" "the ingress controller's pod/node CIDRs (TRUST_PROXY: the peers allowed to set X-Forwarded-For), or \"none\" if clients reach payload-store directly; without it every recipient behind the ingress shares one claim rate-limit bucket") }}
TRUST_PROXY: {{ if eq $trustProxy "none" }}""{{ else }}{{ $trustProxy | quote }}{{ end }}
{{- end }}
{{- end }}
{{- if eq $name "audit-sink" }}
AUDIT_CHECKPOINT_DIR: "/var/lib/switchback/audit"
{{- end }}
{{- end -}}

{{/* The ConfigMap's data: the chart's settings plus services.<name>.env, which may add variables but not change the chart's. */}}
{{- define "switchback.configData" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $data := include "switchback.configEnv" . | fromYaml -}}
{{- range $key, $value := (index $root.Values.services $name).env -}}
{{- if hasKey $data $key -}}
{{- fail (printf "services.%s.env.%s: the chart sets %s itself (from its own values); change it there" $name $key $key) -}}
{{- end -}}
{{- $_ := set $data $key ($value | toString) -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* Where the RBM agent's key is mounted (carrierHub.auth=serviceAccount). */}}
{{- define "switchback.rbmKeyFile" -}}
/var/run/secrets/switchback/rbm/RBM_SERVICE_ACCOUNT_KEY
{{- end -}}

{{/* The services that call the RBM hub and mount its key: (list $ "rcs-gateway") -> "true" or "". */}}
{{- define "switchback.mountsRbmKey" -}}
{{- $root := index . 0 -}}
{{- $facts := index (include "switchback.serviceFacts" $root | fromYaml) (index . 1) -}}
{{- if and (has "carrierHub" $facts.egress) (eq $root.Values.carrierHub.auth "serviceAccount") }}true{{ end -}}
{{- end -}}
