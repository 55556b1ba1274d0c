import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerGroups } from '@switchback/contracts';
import { HealthModule } from '@switchback/health';
import { MetricNames } from '@switchback/telemetry';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { serviceNames } from './compose-checks';
import { LIVE_PATH, migrationProblems, networkProblems, READY_PATH, serviceProblems, type NamespacePeers } from './helm-checks';
import { named, ofKind, podLabels, workloadOf, type Container, type LabelSelector, type Manifest } from './helm-manifest';
import { CHART, helmLint, helmTemplate, parseManifests, RELEASE, TEST_VALUES, validateManifests } from './helm-render';

// Real Helm 3 on the JVM (tools/helm/render.sh, helm-java): needs java and mvn, hence an int test.
jest.setTimeout(120_000);

interface Values {
  secrets: Record<string, { existingSecret?: string; values?: Record<string, unknown> }>;
  networkPolicy: { prometheus: { namespaceSelector: LabelSelector }; ingressController: { namespaceSelector: LabelSelector } };
}
const defaults = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Values;
const peers: NamespacePeers = { prometheus: defaults.networkPolicy.prometheus.namespaceSelector, ingressController: defaults.networkPolicy.ingressController.namespaceSelector };
const name = (component: string): string => `${RELEASE}-switchback-${component}`;
const deployment = (m: Manifest[], service: string): Manifest => workloadOf(m, 'Deployment', service)!;
const containerOf = (m: Manifest[], service: string): Container => deployment(m, service).spec!.template!.spec.containers[0]!;

async function allProblems(manifests: Manifest[]): Promise<string[]> {
  const services = await Promise.all(serviceNames().map((service) => serviceProblems(manifests, service)));
  return [...services.flat(), ...networkProblems(manifests, peers), ...(await migrationProblems(manifests))];
}

describe('Helm chart deploy/helm/switchback', () => {
  let rendered: string;
  let manifests: Manifest[];

  beforeAll(async () => {
    const result = await helmTemplate([TEST_VALUES]);
    if (!result.ok) throw new Error(`helm template failed: ${result.stderr}`);
    rendered = result.stdout;
    manifests = parseManifests(rendered);
  });

  it('passes helm lint --strict, with its defaults and with the test values', async () => {
    for (const values of [[], [TEST_VALUES]]) {
      const lint = await helmLint(values);
      expect({ ok: lint.ok, messages: lint.stdout.split('\n').filter((line) => /\[(WARNING|ERROR)\]/.test(line)) }).toEqual({ ok: true, messages: [] });
    }
  });

  it('renders only objects that pass the Kubernetes schemas', async () => {
    const { ok, results } = await validateManifests(rendered);
    expect(results.filter((result) => !result.valid)).toEqual([]);
    expect(ok).toBe(true);
    expect(results).toHaveLength(manifests.length);
    expect(new Set(results.map((result) => result.kind))).toEqual(new Set(['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Job', 'PersistentVolumeClaim']));
  });

  it('catches what the schemas reject and kinds it does not know', async () => {
    const broken = rendered.replace(/containerPort: (\d+)/, 'containerPort: "$1"') + '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n';
    const { ok, results } = await validateManifests(broken);
    expect(ok).toBe(false);
    expect(results.filter((result) => !result.valid).flatMap((result) => result.errors)).toEqual([expect.stringMatching(/containerPort must be integer/), 'unknown kind Widget of apiVersion example.com/v1']);
  });

  it.each(serviceNames())('runs %s with probes, resources, a non-root read-only container, an autoscaler, a disruption budget and every variable its config schema requires', async (service) => {
    expect(await serviceProblems(manifests, service)).toEqual([]);
  });

  it('denies ingress and egress by default and lets in only scrapes, public APIs and the calls the code makes', () => {
    expect(networkProblems(manifests, peers)).toEqual([]);
  });

  it('gives the bus key-encryption keys to routing and the gateways only: capability-discovery and audit-sink can never unwrap', () => {
    const holders = serviceNames().filter((service) => workloadOf(manifests, 'Deployment', service)!.spec!.template!.spec.containers.some((c) => (c.env ?? []).some((variable) => variable.name === 'BUS_ENVELOPE_KEKS')));
    expect(holders.sort()).toEqual(['rcs-gateway', 'routing', 'smpp-gateway']);
  });

  it.each([
    ['IDENTIFIER_HASH_KEY', ['capability-discovery', 'payload-store', 'rcs-gateway', 'routing', 'smpp-gateway']],
    ['IDEMPOTENCY_BODY_KEYS', ['routing']],
    ['CONTENT_FINGERPRINT_KEYS', ['routing']],
  ])('gives %s only to the services that compute with it (audit-sink stores hashes, never computes one)', (variable, expected) => {
    const holders = serviceNames().filter((service) => (containerOf(manifests, service).env ?? []).some((entry) => entry.name === variable));
    expect(holders.sort()).toEqual(expected);
  });

  it('gives the link peppers to payload-store only', () => {
    const holders = serviceNames().filter((service) => (containerOf(manifests, service).env ?? []).some((variable) => variable.name === 'LINK_PEPPERS'));
    expect(holders).toEqual(['payload-store']);
    expect(containerOf(manifests, 'payload-store').env!.find((variable) => variable.name === 'LINK_PEPPERS')!.valueFrom!.secretKeyRef).toEqual({ name: name('payload-store-secret'), key: 'LINK_PEPPERS' });
  });

  it('requires payloadStore.trustProxy, since payload-store is exposed through the ingress, and passes it as TRUST_PROXY', async () => {
    expect(named(manifests, 'ConfigMap', name('payload-store'))!.data!['TRUST_PROXY']).toBe('10.42.0.0/16');
    const missing = await helmTemplate([TEST_VALUES], { 'payloadStore.trustProxy': 'null' });
    expect(missing.ok).toBe(false);
    expect(missing.stderr).toContain('payloadStore.trustProxy is required: the ingress controller');
    const none = await helmTemplate([TEST_VALUES], { 'payloadStore.trustProxy': 'none' });
    if (!none.ok) throw new Error(`helm template failed: ${none.stderr}`);
    const config = named(parseManifests(none.stdout), 'ConfigMap', name('payload-store'))!.data!;
    expect(config['TRUST_PROXY']).toBe('');
    expect(named(manifests, 'ConfigMap', name('routing'))!.data!['TRUST_PROXY']).toBeUndefined();
  });

  it('mounts the RBM agent key read-only into the two services that call the hub, and only them', async () => {
    const keyFile = '/var/run/secrets/switchback/rbm/RBM_SERVICE_ACCOUNT_KEY';
    const mounting = serviceNames().filter((service) => (containerOf(manifests, service).volumeMounts ?? []).some((mount) => mount.name === 'rbm-agent-key'));
    expect(mounting.sort()).toEqual(['capability-discovery', 'rcs-gateway']);
    for (const service of mounting) {
      expect(named(manifests, 'ConfigMap', name(service))!.data).toMatchObject({ RBM_AUTH: 'service-account', RBM_SERVICE_ACCOUNT_KEY_FILE: keyFile });
      expect(containerOf(manifests, service).volumeMounts!.find((mount) => mount.name === 'rbm-agent-key')).toMatchObject({ mountPath: path.dirname(keyFile), readOnly: true });
    }
    const missing = await helmTemplate([TEST_VALUES], { 'secrets.rbmAgent.values.RBM_SERVICE_ACCOUNT_KEY': 'null' });
    expect(missing.ok).toBe(false);
    expect(missing.stderr).toContain('secrets.rbmAgent.values.RBM_SERVICE_ACCOUNT_KEY is required');
    const workload = await helmTemplate([TEST_VALUES], { 'carrierHub.auth': 'workloadIdentity', 'secrets.rbmAgent.values.RBM_SERVICE_ACCOUNT_KEY': 'null' });
    if (!workload.ok) throw new Error(`helm template failed: ${workload.stderr}`);
    const objects = parseManifests(workload.stdout);
    expect(named(objects, 'ConfigMap', name('rcs-gateway'))!.data!['RBM_AUTH']).toBe('workload-identity');
    expect(serviceNames().filter((service) => (containerOf(objects, service).volumeMounts ?? []).some((mount) => mount.name === 'rbm-agent-key'))).toEqual([]);
    const off = await helmTemplate([TEST_VALUES], { 'carrierHub.auth': 'none' });
    expect(off.ok).toBe(false);
    expect(off.stderr).toContain('carrierHub.auth must be serviceAccount or workloadIdentity');
  });

  it('renders the SLO rules from the objectives in the values, as deploy/prometheus/slo-rules.yml holds them (make slo-rules)', async () => {
    const rules = named(manifests, 'ConfigMap', name('slo-rules'))!.data!['slo-rules.yml']!;
    const committed = readFileSync(path.join(CHART, '../../prometheus/slo-rules.yml'), 'utf8').replace(/^(#.*\n)+/, '');
    expect(rules).toBe(committed);
    const tighter = await helmTemplate([TEST_VALUES], { 'slo.availability': '0.9999', 'slo.submitLatency.thresholdSeconds': '0.5' });
    if (!tighter.ok) throw new Error(`helm template failed: ${tighter.stderr}`);
    const tighterRules = named(parseManifests(tighter.stdout), 'ConfigMap', name('slo-rules'))!.data!['slo-rules.yml']!;
    expect(tighterRules).toContain('switchback:slo_availability_errors:ratio_rate1h > 0.00144');
    expect(tighterRules).toContain('switchback_submit_latency_seconds_bucket{le="0.5"}');
    const offBucket = await helmTemplate([TEST_VALUES], { 'slo.submitLatency.medianSeconds': '0.25' });
    expect(offBucket.ok).toBe(false);
    expect(offBucket.stderr).toContain('slo.submitLatency.medianSeconds must be a bucket of switchback_submit_latency_seconds');
    const notAFraction = await helmTemplate([TEST_VALUES], { 'slo.availability': '99.9' });
    expect(notAFraction.ok).toBe(false);
    expect(notAFraction.stderr).toContain('slo.availability must be a fraction between 0 and 1');
  });

  it('logs each service in to the broker as its own principal, with only its own password; the topics job alone is the admin', () => {
    const kafkaSecret = name('kafka-secret');
    for (const service of serviceNames()) {
      expect(named(manifests, 'ConfigMap', name(service))!.data!['KAFKA_SASL_USERNAME']).toBe(`sb-${service}`);
      const passwords = (containerOf(manifests, service).env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef?.name === kafkaSecret);
      expect(passwords.map((variable) => [variable.name, variable.valueFrom?.secretKeyRef?.key])).toEqual([['KAFKA_SASL_PASSWORD', `${service.toUpperCase().replace(/-/g, '_')}_KAFKA_PASSWORD`]]);
    }
    const topicsEnv = workloadOf(manifests, 'Job', 'topics')!.spec!.template!.spec.containers[0]!.env ?? [];
    expect(topicsEnv.find((variable) => variable.name === 'KAFKA_SASL_USERNAME')?.value).toBe('switchback-admin');
    expect(topicsEnv.find((variable) => variable.name === 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef?.key).toBe('KAFKA_ADMIN_PASSWORD');
    expect(topicsEnv.find((variable) => variable.name === 'KAFKA_ACLS')?.value).toBe('apply');
  });

  it('migrates every schema in a pre-install/pre-upgrade hook before the pods start, and creates the topics in one too', async () => {
    expect(await migrationProblems(manifests)).toEqual([]);
    expect(workloadOf(manifests, 'Job', 'topics')?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
  });

  it('starts the Postgres services in DATABASE_MIGRATIONS=verify (no DDL at boot), and only them', () => {
    const modes = Object.fromEntries(serviceNames().map((service) => [service, named(manifests, 'ConfigMap', name(service))!.data!['DATABASE_MIGRATIONS']]));
    expect(modes).toEqual({ 'capability-discovery': 'verify', routing: 'verify', 'rcs-gateway': undefined, 'smpp-gateway': undefined, 'payload-store': 'verify', 'audit-sink': 'verify', 'webhook-dispatcher': 'verify' });
  });

  it('takes serviceBootMode run when asked, and refuses any other mode', async () => {
    const run = await helmTemplate([TEST_VALUES], { 'migrations.serviceBootMode': 'run' });
    if (!run.ok) throw new Error(`helm template failed: ${run.stderr}`);
    expect(named(parseManifests(run.stdout), 'ConfigMap', name('routing'))!.data!['DATABASE_MIGRATIONS']).toBe('run');
    const bad = await helmTemplate([TEST_VALUES], { 'migrations.serviceBootMode': 'skip' });
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toContain('migrations.serviceBootMode must be verify or run, not skip');
  });

  it('scales a consumer on the lag of each of its consumer groups when asked (routing in the test values)', () => {
    const hpa = named(manifests, 'HorizontalPodAutoscaler', name('routing'))!;
    // By default the services' own gauge (libs/bus ConsumerLagMonitor), labelled with the logical group.
    const externals = hpa.spec!.metrics!.filter((metric) => metric.type === 'External').map((metric) => metric.external!.metric);
    // The chart's list of routing's groups must follow the registry's.
    const routingGroups = Object.keys(ConsumerGroups).filter((group) => group === 'routing' || group.startsWith('routing-'));
    expect(routingGroups).toEqual(['routing', 'routing-outcomes', 'routing-plaintext']);
    expect(externals).toEqual(routingGroups.map((group) => ({ name: MetricNames.consumerGroupLagMessages, selector: { matchLabels: { group } } })));
    expect(named(manifests, 'HorizontalPodAutoscaler', name('payload-store'))!.spec!.metrics!.map((metric) => metric.type)).toEqual(['Resource']);
    expect(named(manifests, 'ConfigMap', name('routing'))!.data!['BUS_LAG_INTERVAL_MS']).toBe('15000');
  });

  it('reads a broker-side lag metric instead when configured (kafka_exporter, prefixed group)', async () => {
    const exporter = await helmTemplate([TEST_VALUES], {
      'consumerLagMetric.name': 'kafka_consumergroup_lag',
      'consumerLagMetric.groupLabel': 'consumergroup',
      'consumerLagMetric.groupWithTopicPrefix': 'true',
      'kafka.topicPrefix': 'stg.',
    });
    if (!exporter.ok) throw new Error(`helm template failed: ${exporter.stderr}`);
    const hpa = named(parseManifests(exporter.stdout), 'HorizontalPodAutoscaler', name('routing'))!;
    const externals = hpa.spec!.metrics!.filter((metric) => metric.type === 'External').map((metric) => metric.external!.metric);
    expect(externals).toEqual(['stg.routing', 'stg.routing-outcomes', 'stg.routing-plaintext'].map((consumergroup) => ({ name: 'kafka_consumergroup_lag', selector: { matchLabels: { consumergroup } } })));
  });

  it('serves the probed paths: the terminus routes of libs/health answer 200', async () => {
    @Module({ imports: [HealthModule.forRoot([])] })
    class ProbeModule {}
    const app: INestApplication = await NestFactory.create(ProbeModule, { logger: false });
    try {
      await app.listen(0, '127.0.0.1');
      const base = await app.getUrl();
      const probed = [...new Set(['livenessProbe', 'readinessProbe', 'startupProbe'].map((probe) => containerOf(manifests, 'routing')[probe as 'livenessProbe']!.httpGet!.path!))];
      expect(probed.sort()).toEqual([LIVE_PATH, READY_PATH].sort());
      const statuses = await Promise.all([...probed, '/health/nope'].map(async (route) => (await fetch(`${base}${route}`)).status));
      expect(statuses).toEqual([...probed.map(() => 200), 404]);
    } finally {
      await app.close();
    }
  });

  describe('secrets', () => {
    it('ships no key material in values.yaml', () => {
      expect(Object.entries(defaults.secrets).filter(([, group]) => Object.keys(group.values ?? {}).length > 0 || group.existingSecret)).toEqual([]);
    });

    it('refuses to render without keys, naming the value or the existing Secret to set', async () => {
      const result = await helmTemplate();
      expect(result.ok).toBe(false);
      expect(result.stderr).toMatch(/secrets\.\w+\.values\.[A-Z_]+ is required: .* or name a Secret you manage in secrets\.\w+\.existingSecret/);
    });

    it('names the one key that is missing', async () => {
      const result = await helmTemplate([TEST_VALUES], { 'secrets.routing.values.HOLD_ENCRYPTION_KEY': 'null' });
      expect(result.ok).toBe(false);
      expect(result.stderr).toContain('secrets.routing.values.HOLD_ENCRYPTION_KEY is required');
    });

    it('reads every key from existing Secrets when given, and renders none of its own', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'helm-values-'));
      try {
        const values = parse(readFileSync(TEST_VALUES, 'utf8')) as Values;
        values.secrets = Object.fromEntries(Object.keys(defaults.secrets).map((group) => [group, { existingSecret: `managed-${group}` }]));
        writeFileSync(path.join(dir, 'values.yaml'), stringify(values));
        const result = await helmTemplate([path.join(dir, 'values.yaml')]);
        if (!result.ok) throw new Error(`helm template failed: ${result.stderr}`);
        const objects = parseManifests(result.stdout);
        expect(ofKind(objects, 'Secret')).toEqual([]);
        const refs = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].flatMap((workload) => workload.spec!.template!.spec.containers.flatMap((c) => c.env ?? [])).flatMap((variable) => variable.valueFrom?.secretKeyRef?.name ?? []);
        expect(refs.length).toBeGreaterThan(0);
        expect(refs.filter((ref) => !ref.startsWith('managed-'))).toEqual([]);
        expect((await validateManifests(result.stdout)).ok).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  // The checks must be able to fail: each of these broken renderings has to be reported.
  type Mutation = (m: Manifest[]) => void;
  const secretOf = (m: Manifest[], group: string): Record<string, string> => named(m, 'Secret', name(`${group}-secret`))!.data!;
  const without = (m: Manifest[], kind: string, objectName: string): void => void m.splice(m.indexOf(named(m, kind, objectName)!), 1);
  const broken: [string, Mutation, RegExp][] = [
    ['a readiness probe on a path terminus does not serve', (m) => (containerOf(m, 'routing').readinessProbe!.httpGet!.path = '/healthz'), /^routing: readinessProbe must GET \/health\/ready/],
    ['a required secret left out', (m) => (containerOf(m, 'routing').env = containerOf(m, 'routing').env!.filter((v) => v.name !== 'HOLD_ENCRYPTION_KEY')), /^routing: HOLD_ENCRYPTION_KEY is required by its config schema but not provided/],
    ['a dependency left on its loopback default', (m) => (containerOf(m, 'capability-discovery').env = containerOf(m, 'capability-discovery').env!.filter((v) => v.name !== 'REDIS_URL')), /^capability-discovery: REDIS_URL defaults to a loopback address/],
    ['a secret value the schema rejects', (m) => (secretOf(m, 'smpp-gateway')['SMPP_PASSWORD'] = Buffer.from('longer-than-eight').toString('base64')), /^smpp-gateway: SMPP_PASSWORD: /],
    ['a misspelt variable', (m) => (named(m, 'ConfigMap', name('capability-discovery'))!.data!['CAPABILITY_CACHE_TTL'] = '60'), /^capability-discovery: CAPABILITY_CACHE_TTL is set but the service does not read it/],
    ['HTTP_PORT that is not the container port', (m) => (named(m, 'ConfigMap', name('payload-store'))!.data!['HTTP_PORT'] = '3999'), /^payload-store: container port http is 3105, not HTTP_PORT 3999/],
    ['no memory limit', (m) => delete containerOf(m, 'smpp-gateway').resources!.limits!['memory'], /^smpp-gateway: no memory limit/],
    ['a writable root filesystem', (m) => (containerOf(m, 'audit-sink').securityContext!.readOnlyRootFilesystem = false), /^audit-sink: the root filesystem must be read-only/],
    ['no autoscaler', (m) => without(m, 'HorizontalPodAutoscaler', name('smpp-gateway')), /^smpp-gateway: no autoscaling\/v2 HorizontalPodAutoscaler/],
    ['no disruption budget', (m) => without(m, 'PodDisruptionBudget', name('rcs-gateway')), /^rcs-gateway: runs 2 pods but has no PodDisruptionBudget/],
    ['the witness directory not on a volume', (m) => (containerOf(m, 'audit-sink').volumeMounts = containerOf(m, 'audit-sink').volumeMounts!.filter((v) => !v.mountPath.includes('audit'))), /^audit-sink: AUDIT_CHECKPOINT_DIR/],
    ['no default-deny policy', (m) => without(m, 'NetworkPolicy', name('default-deny')), /^networkpolicy: no default-deny ingress policy/],
    ['a call the policies block', (m) => (named(m, 'NetworkPolicy', name('payload-store-ingress'))!.spec!.ingress = named(m, 'NetworkPolicy', name('payload-store-ingress'))!.spec!.ingress!.filter((rule) => !rule.from?.some((peer) => peer.podSelector && !peer.namespaceSelector))), /^payload-store: no NetworkPolicy admits routing, which calls it \(PAYLOAD_STORE_URL\)/],
    ['an internal service opened to the ingress controller', (m) => named(m, 'NetworkPolicy', name('audit-sink-ingress'))!.spec!.ingress!.push({ from: [{ namespaceSelector: peers.ingressController }] }), /^audit-sink: admits the ingress controller, but serves no public API/],
    ['a public API closed to the ingress controller', (m) => (named(m, 'NetworkPolicy', name('rcs-gateway-ingress'))!.spec!.ingress!.splice(1, 1)), /^rcs-gateway: the RBM webhook is not reachable through the ingress controller/],
    ['a migration job that is not a hook', (m) => delete workloadOf(m, 'Job', 'migrations')!.metadata.annotations!['helm.sh/hook'], /^migrations: the Job must be a pre-install,pre-upgrade hook/],
    ['a service that migrates at boot', (m) => (named(m, 'ConfigMap', name('routing'))!.data!['DATABASE_MIGRATIONS'] = 'run'), /^migrations: routing runs DATABASE_MIGRATIONS=run at boot, so its role needs CREATE/],
    ['a service left on the default (run)', (m) => delete named(m, 'ConfigMap', name('audit-sink'))!.data!['DATABASE_MIGRATIONS'], /^migrations: audit-sink runs DATABASE_MIGRATIONS=run \(default\) at boot/],
    ['a migration schema the service does not use', (m) => (workloadOf(m, 'Job', 'migrations')!.spec!.template!.spec.containers[0]!.env!.find((v) => v.name === 'ROUTING_DATABASE_SCHEMA')!.value = 'public'), /^migrations: migrates routing in schema public, but routing uses routing/],
  ];

  it.each(broken)('reports %s', async (_label, mutate, expected) => {
    const copy = structuredClone(manifests);
    mutate(copy);
    expect(await allProblems(copy)).toContainEqual(expect.stringMatching(expected));
  });

  it('runs each service as its own Deployment', () => {
    expect(serviceNames().map((service) => podLabels(deployment(manifests, service))['app.kubernetes.io/component'])).toEqual(serviceNames());
  });
});
