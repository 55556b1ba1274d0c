import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { componentOf, named, ofKind, podLabels, podSpecOf, selects, workloadOf, type Container, type LabelSelector, type Manifest, type NetworkPolicyRule } from './helm-manifest';
import { root } from './helm-render';

/**
 * Checks of the rendered chart against the code: each service's config schema (every variable
 * it requires is provided and every value parses), its terminus health routes, its port, and
 * the calls between services. Each check returns readable problems, so a test can also prove
 * that a broken rendering is caught.
 */

// libs/health HealthModule: @Controller('health') with @Get('live') and @Get('ready').
export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';
const AUDIT_DIR_VAR = 'AUDIT_CHECKPOINT_DIR';
const HOOK = 'helm.sh/hook';

/** Services whose HTTP API is reached from outside the cluster, and why. */
export const PUBLIC_SERVICES: Record<string, string> = {
  routing: 'the producers ingress API',
  'payload-store': 'the link API and the recipient page',
  'rcs-gateway': 'the RBM webhook',
  'webhook-dispatcher': 'the tenants\' callback endpoint API (/v1/webhooks)',
};

type Env = Record<string, string>;

/** Loaded by path: a static import of another project breaks the Nx module boundaries. */
async function load(file: string): Promise<Record<string, unknown>> {
  return (await import(path.join(root, file))) as Record<string, unknown>;
}

export async function configSchemaOf(service: string): Promise<z.ZodObject> {
  const exports = await load(`services/${service}/src/config/${service}.config.ts`);
  const schema = Object.entries(exports).find(([key, value]) => key.endsWith('ConfigSchema') && value instanceof z.ZodObject)?.[1];
  if (!schema) throw new Error(`no *ConfigSchema in services/${service}/src/config/${service}.config.ts`);
  return schema as z.ZodObject;
}

/** The variables a schema cannot do without: no default, not optional. */
export function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

/** Variables whose default only works on a developer's machine (127.0.0.1, localhost): a pod must set them. */
export function loopbackDefaultKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => {
      const parsed = (field as z.ZodType).safeParse(undefined);
      return parsed.success && /127\.0\.0\.1|localhost/.test(JSON.stringify(parsed.data) ?? '');
    })
    .map(([key]) => key);
}

function secretData(secret: Manifest): Env {
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}

/** The environment a container starts with, resolved from the rendered ConfigMaps and Secrets. */
export function containerEnv(manifests: Manifest[], container: Container, owner: string): { env: Env; problems: string[] } {
  const env: Env = {};
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const object = ref && named(manifests, kind, ref.name);
    if (!object) problems.push(`${owner}: envFrom ${kind} ${ref?.name} is not rendered`);
    else Object.assign(env, kind === 'Secret' ? secretData(object) : object.data);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (ref) {
      const secret = named(manifests, 'Secret', ref.name);
      const value = secret ? secretData(secret)[ref.key] : undefined;
      if (value !== undefined) env[variable.name] = value;
      else if (!ref.optional) problems.push(`${owner}: ${variable.name} reads Secret ${ref.name} key ${ref.key}, which is not rendered`);
    }
  }
  return { env, problems };
}

function probeProblems(name: string, container: Container, port: number): string[] {
  const problems: string[] = [];
  const expected: [string, string | undefined, string][] = [
    ['livenessProbe', container.livenessProbe?.httpGet?.path, LIVE_PATH],
    ['readinessProbe', container.readinessProbe?.httpGet?.path, READY_PATH],
    ['startupProbe', container.startupProbe?.httpGet?.path, LIVE_PATH],
  ];
  for (const [probe, actual, want] of expected) if (actual !== want) problems.push(`${name}: ${probe} must GET ${want} (terminus), not ${actual ?? 'nothing'}`);
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    const probePort = probe?.httpGet?.port;
    const resolved = typeof probePort === 'string' ? container.ports?.find((p) => p.name === probePort)?.containerPort : probePort;
    if (probe && resolved !== port) {
      problems.push(`${name}: a probe targets port ${String(probePort)} (${String(resolved)}), not HTTP_PORT ${port}`);
      break;
    }
  }
  return problems;
}

function securityProblems(name: string, workload: Manifest, container: Container): string[] {
  const pod = podSpecOf(workload);
  const problems: string[] = [];
  if (!(container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) problems.push(`${name}: must run with runAsNonRoot`);
  if (container.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${name}: the root filesystem must be read-only`);
  if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation must be false`);
  if (!container.securityContext?.capabilities?.drop?.includes('ALL')) problems.push(`${name}: must drop ALL capabilities`);
  if (pod.automountServiceAccountToken !== false) problems.push(`${name}: must not mount a service account token`);
  return problems;
}

function resourceProblems(name: string, container: Container): string[] {
  const { requests, limits } = container.resources ?? {};
  return ['cpu', 'memory'].flatMap((resource) => [
    ...(requests?.[resource] ? [] : [`${name}: no ${resource} request`]),
    ...(limits?.[resource] ? [] : [`${name}: no ${resource} limit`]),
  ]);
}

/** One Deployment per service, as its config schema, health routes and port require. */
export async function serviceProblems(manifests: Manifest[], name: string): Promise<string[]> {
  const workload = workloadOf(manifests, 'Deployment', name);
  if (!workload) return [`${name}: no Deployment`];
  const container = podSpecOf(workload).containers[0];
  if (!container) return [`${name}: the Deployment has no container`];
  const problems: string[] = [];
  const entry = `dist/services/${name}/src/main.js`;
  if (!container.args?.includes(entry) || !existsSync(path.join(root, 'services', name, 'src/main.ts'))) problems.push(`${name}: must run ${entry}`);

  const schema = await configSchemaOf(name);
  const { env, problems: envProblems } = containerEnv(manifests, container, name);
  problems.push(...envProblems);
  for (const key of requiredKeys(schema)) if (env[key] === undefined) problems.push(`${name}: ${key} is required by its config schema but not provided`);
  for (const key of loopbackDefaultKeys(schema)) if (env[key] === undefined) problems.push(`${name}: ${key} defaults to a loopback address, so a pod must set it`);
  const parsed = schema.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${name}: ${issue.path.join('.')}: ${issue.message}`));
  for (const key of Object.keys(env)) if (!(key in schema.shape) && !key.startsWith('OTEL_')) problems.push(`${name}: ${key} is set but the service does not read it`);
  if (env['HTTP_HOST'] !== '0.0.0.0') problems.push(`${name}: HTTP_HOST must be 0.0.0.0 in a pod`);

  const port = Number(env['HTTP_PORT'] ?? (schema.shape['HTTP_PORT'] as z.ZodType).parse(undefined));
  const http = container.ports?.find((p) => p.name === 'http');
  if (http?.containerPort !== port) problems.push(`${name}: container port http is ${http?.containerPort}, not HTTP_PORT ${port}`);
  problems.push(...probeProblems(name, container, port), ...securityProblems(name, workload, container), ...resourceProblems(name, container));

  const account = named(manifests, 'ServiceAccount', podSpecOf(workload).serviceAccountName ?? '');
  if (!account || account.automountServiceAccountToken !== false) problems.push(`${name}: needs its own ServiceAccount with automountServiceAccountToken false`);
  const service = ofKind(manifests, 'Service').find((candidate) => selects({ matchLabels: candidate.spec?.selector }, podLabels(workload)));
  if (!service?.spec?.ports?.some((p) => p.targetPort === 'http' || p.targetPort === port)) problems.push(`${name}: no Service forwards to its http port`);

  const checkpointDir = env[AUDIT_DIR_VAR];
  if (checkpointDir) {
    const mount = container.volumeMounts?.find((m) => m.mountPath === checkpointDir);
    const volume = podSpecOf(workload).volumes?.find((v) => v.name === mount?.name);
    if (!volume?.persistentVolumeClaim) problems.push(`${name}: ${AUDIT_DIR_VAR} ${checkpointDir} must be a mounted persistent volume (the root filesystem is read-only)`);
  }
  return [...problems, ...scalingProblems(manifests, name, workload)];
}

/** An autoscaler on CPU for the Deployment, and a disruption budget once it runs several pods. */
function scalingProblems(manifests: Manifest[], name: string, workload: Manifest): string[] {
  const problems: string[] = [];
  const hpa = ofKind(manifests, 'HorizontalPodAutoscaler').find((candidate) => candidate.spec?.scaleTargetRef?.kind === 'Deployment' && candidate.spec.scaleTargetRef.name === workload.metadata.name);
  if (!hpa || hpa.apiVersion !== 'autoscaling/v2') problems.push(`${name}: no autoscaling/v2 HorizontalPodAutoscaler`);
  else if (!hpa.spec?.metrics?.some((metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu')) problems.push(`${name}: the autoscaler does not scale on CPU`);
  else if (workload.spec?.replicas !== undefined) problems.push(`${name}: the Deployment sets replicas although an autoscaler owns them`);
  const pods = hpa?.spec?.minReplicas ?? workload.spec?.replicas ?? 1;
  const pdb = ofKind(manifests, 'PodDisruptionBudget').find((candidate) => selects(candidate.spec?.selector, podLabels(workload)));
  if (pods > 1 && !pdb) problems.push(`${name}: runs ${pods} pods but has no PodDisruptionBudget`);
  if (pdb && pdb.spec?.minAvailable === undefined && pdb.spec?.maxUnavailable === undefined) problems.push(`${name}: the PodDisruptionBudget sets neither minAvailable nor maxUnavailable`);
  return problems;
}

function policiesSelecting(manifests: Manifest[], labels: Record<string, string>, type: 'Ingress' | 'Egress'): Manifest[] {
  return ofKind(manifests, 'NetworkPolicy').filter((policy) => selects(policy.spec?.podSelector, labels) && policy.spec?.policyTypes?.includes(type));
}

/** The pods reach each other only where the code calls: URLs in one service's env naming another's Service. */
function callProblems(manifests: Manifest[], callers: Manifest[]): string[] {
  const problems: string[] = [];
  for (const caller of callers) {
    const name = componentOf(caller);
    const container = podSpecOf(caller).containers[0];
    if (!container) continue;
    const { env } = containerEnv(manifests, container, name);
    for (const [key, value] of Object.entries(env)) {
      if (!/^https?:\/\//.test(value)) continue;
      const { hostname } = new URL(value);
      const service = named(manifests, 'Service', hostname);
      const callee = service && ofKind(manifests, 'Deployment').find((candidate) => selects({ matchLabels: service.spec?.selector }, podLabels(candidate)));
      if (!callee) continue;
      const calleeName = componentOf(callee);
      const admitted = policiesSelecting(manifests, podLabels(callee), 'Ingress').some((policy) => policy.spec?.ingress?.some((rule) => rule.from?.some((peer) => !peer.namespaceSelector && selects(peer.podSelector, podLabels(caller)))));
      if (!admitted) problems.push(`${calleeName}: no NetworkPolicy admits ${name}, which calls it (${key})`);
      const egress = policiesSelecting(manifests, podLabels(caller), 'Egress');
      if (egress.length > 0 && !egress.some((policy) => policy.spec?.egress?.some((rule) => rule.to?.some((peer) => selects(peer.podSelector, podLabels(callee)))))) problems.push(`${name}: no NetworkPolicy lets it reach ${calleeName} (${key})`);
    }
  }
  return problems;
}

/** Where Prometheus and the ingress controller run (the chart's networkPolicy values). */
export interface NamespacePeers {
  readonly prometheus: LabelSelector;
  readonly ingressController: LabelSelector;
}

function admitsNamespace(rule: NetworkPolicyRule, selector: LabelSelector): boolean {
  return (rule.from ?? []).some((peer) => peer.namespaceSelector && JSON.stringify(peer.namespaceSelector) === JSON.stringify(selector));
}

/** Default deny for every pod of the release; scrapes, the public APIs and real calls let in. */
export function networkProblems(manifests: Manifest[], peers: NamespacePeers): string[] {
  const workloads = [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')];
  const policies = ofKind(manifests, 'NetworkPolicy');
  const denyAll = policies.find((policy) => policy.spec?.policyTypes?.includes('Ingress') && (policy.spec.ingress ?? []).length === 0 && workloads.every((workload) => selects(policy.spec?.podSelector, podLabels(workload))));
  const problems = denyAll ? [] : ['networkpolicy: no default-deny ingress policy selects every pod of the release'];
  const deployments = ofKind(manifests, 'Deployment');
  for (const workload of deployments) {
    const name = componentOf(workload);
    const rules = policiesSelecting(manifests, podLabels(workload), 'Ingress').flatMap((policy) => policy.spec?.ingress ?? []);
    if (!rules.some((rule) => admitsNamespace(rule, peers.prometheus))) problems.push(`${name}: Prometheus cannot scrape it`);
    const fromIngress = rules.some((rule) => admitsNamespace(rule, peers.ingressController));
    if (PUBLIC_SERVICES[name] && !fromIngress) problems.push(`${name}: ${PUBLIC_SERVICES[name]} is not reachable through the ingress controller`);
    if (!PUBLIC_SERVICES[name] && fromIngress) problems.push(`${name}: admits the ingress controller, but serves no public API`);
    const otherNamespaces = rules.filter((rule) => rule.from?.some((peer) => peer.namespaceSelector) && !admitsNamespace(rule, peers.prometheus) && !admitsNamespace(rule, peers.ingressController));
    if (otherNamespaces.length > 0 || rules.some((rule) => !rule.from)) problems.push(`${name}: admits traffic from anywhere or from unexpected namespaces`);
  }
  return [...problems, ...callProblems(manifests, deployments)];
}

/** The migration job runs tools/migrate as a pre-install/pre-upgrade hook, before the pods. */
export async function migrationProblems(manifests: Manifest[]): Promise<string[]> {
  const job = workloadOf(manifests, 'Job', 'migrations');
  if (!job) return ['migrations: no Job'];
  const problems: string[] = [];
  const hooks = (job.metadata.annotations?.[HOOK] ?? '').split(',');
  if (!hooks.includes('pre-install') || !hooks.includes('pre-upgrade')) problems.push(`migrations: the Job must be a pre-install,pre-upgrade hook (is: ${hooks.join(',') || 'no hook'})`);
  const container = podSpecOf(job).containers[0];
  if (!container) return ['migrations: the Job has no container'];
  if (!container.args?.includes('dist/tools/migrate/src/main.js') || !existsSync(path.join(root, 'tools/migrate/src/main.ts'))) problems.push('migrations: must run dist/tools/migrate/src/main.js');
  const { env, problems: envProblems } = containerEnv(manifests, container, 'migrations');
  problems.push(...envProblems);
  // A Secret the Job reads must exist before it: the chart's own Secrets are not hooks.
  for (const ref of (container.env ?? []).map((variable) => variable.valueFrom?.secretKeyRef).filter((r) => r !== undefined)) {
    const secret = named(manifests, 'Secret', ref.name);
    if (secret && !secret.metadata.annotations?.[HOOK]?.includes('pre-install')) problems.push(`migrations: reads Secret ${ref.name}, which is created after the pre-install hooks`);
  }
  const { migrateConfigSchema } = (await load('tools/migrate/src/migrate.config.ts')) as { migrateConfigSchema: z.ZodObject };
  const parsed = migrateConfigSchema.safeParse(env);
  if (!parsed.success) return [...problems, ...parsed.error.issues.map((issue) => `migrations: ${issue.path.join('.')}: ${issue.message}`)];
  const config = parsed.data as Record<string, string>;
  for (const deployment of ofKind(manifests, 'Deployment')) {
    const name = componentOf(deployment);
    const container = podSpecOf(deployment).containers[0];
    const serviceEnv = container ? containerEnv(manifests, container, name).env : {};
    const schema = serviceEnv['DATABASE_SCHEMA'];
    const key = `${name.toUpperCase().replace(/-/g, '_')}_DATABASE_SCHEMA`;
    if (schema !== undefined && config[key] !== schema) problems.push(`migrations: migrates ${name} in schema ${config[key]}, but ${name} uses ${schema}`);
    // The hook job migrates as the owner: a service that migrated too would need DDL rights.
    if (schema !== undefined && serviceEnv['DATABASE_MIGRATIONS'] !== 'verify') problems.push(`migrations: ${name} runs DATABASE_MIGRATIONS=${serviceEnv['DATABASE_MIGRATIONS'] ?? 'run (default)'} at boot, so its role needs CREATE; the job migrates, the service must only verify`);
  }
  return problems;
}
