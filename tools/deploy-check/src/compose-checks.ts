import { kafkaConfig } from '@switchback/config';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Checks docker-compose.yml and the files it mounts against the code: the services' config
 * schemas, the simulators' env parsers, the ports Prometheus scrapes. Each check returns readable problems, so a test
 * can also prove that a broken file is caught.
 */
const root = path.resolve(__dirname, '../../..');

type Env = Record<string, string>;
export interface ComposeService {
  build?: { context?: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, unknown>;
  ports?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  secrets?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string }>;
}
export interface PrometheusFile {
  scrape_configs?: { job_name: string; metrics_path?: string; static_configs?: { targets?: string[] }[] }[];
}

const DOCKERFILE = 'deploy/docker/Dockerfile';
// RbmWebhookController: @Controller('v1/rbm') + @Post('webhook').
const WEBHOOK_PATH = '/v1/rbm/webhook';

function readYaml<T>(file: string): T {
  return parse(readFileSync(path.join(root, file), 'utf8'), { merge: true }) as T;
}

/** Every folder of services/ that is an Nx project: a new service must be added to compose. */
export function serviceNames(): string[] {
  return readdirSync(path.join(root, 'services')).filter((name) => existsSync(path.join(root, 'services', name, 'project.json')));
}

/** Loaded by path: a static relative import of another project breaks the Nx module boundaries. */
async function load(file: string): Promise<Record<string, unknown>> {
  return (await import(path.join(root, file))) as Record<string, unknown>;
}

function envOf(service: ComposeService | undefined): Env {
  const entries = Object.entries(service?.environment ?? {}).filter(([, value]) => value !== null && value !== undefined);
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}

/** Container side of each "host:container" or "ip:host:container" mapping. */
function containerPorts(service: ComposeService): string[] {
  return (service.ports ?? []).map((mapping) => /(\d+)(\/\w+)?$/.exec(String(mapping))?.[1] ?? String(mapping));
}

function hostOf(url: string): string {
  return url.includes('://') ? new URL(url).hostname : (url.split(':')[0] ?? url);
}

/** Built from the one Dockerfile, running dist/<kind>/<name>/src/main.js compiled from main.ts. */
function imageProblems(name: string, service: ComposeService, kind: 'services' | 'tools'): string[] {
  const problems: string[] = [];
  if (service.build?.dockerfile !== DOCKERFILE || (service.build.context ?? '.') !== '.') problems.push(`${name}: not built from ${DOCKERFILE} with the repository as context`);
  const entry = service.command?.find((arg) => arg.startsWith('dist/'));
  const expected = `dist/${kind}/${name}/src/main.js`;
  if (entry !== expected) problems.push(`${name}: command runs ${entry ?? 'nothing'}, expected ${expected}`);
  else if (!existsSync(path.join(root, kind, name, 'src', 'main.ts'))) problems.push(`${name}: ${kind}/${name}/src/main.ts does not exist`);
  return problems;
}

async function configSchema(name: string): Promise<z.ZodObject | undefined> {
  const file = `services/${name}/src/config/${name}.config.ts`;
  if (!existsSync(path.join(root, file))) return undefined;
  const exports = await load(file);
  return Object.entries(exports).find(([key, value]) => key.endsWith('ConfigSchema') && value instanceof z.ZodObject)?.[1] as z.ZodObject | undefined;
}

async function serviceProblems(compose: ComposeFile, name: string): Promise<string[]> {
  const service = compose.services[name];
  if (!service) return [`${name}: missing from docker-compose.yml`];
  const problems = imageProblems(name, service, 'services');
  const env = envOf(service);
  const schema = await configSchema(name);
  if (!schema) return [...problems, `${name}: no *ConfigSchema in services/${name}/src/config/${name}.config.ts`];
  const parsed = schema.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${name}: ${issue.path.join('.')}: ${issue.message}`));
  for (const key of Object.keys(env)) if (!(key in schema.shape) && !key.startsWith('OTEL_')) problems.push(`${name}: ${key} is set but the service does not read it`);
  if (env['HTTP_HOST'] !== '0.0.0.0') problems.push(`${name}: HTTP_HOST must be 0.0.0.0 in a container`);
  if (env['SERVICE_NAME'] !== name || env['OTEL_SERVICE_NAME'] !== name) problems.push(`${name}: SERVICE_NAME and OTEL_SERVICE_NAME must be ${name}`);
  if (!containerPorts(service).includes(env['HTTP_PORT'] ?? '')) problems.push(`${name}: HTTP_PORT ${env['HTTP_PORT']} is not a published port (${containerPorts(service).join(', ')})`);
  const probe = (service.healthcheck?.test ?? []).join(' ');
  if (!probe.includes('/health/ready') || !probe.includes('HTTP_PORT')) problems.push(`${name}: healthcheck must probe /health/ready on HTTP_PORT`);
  const otlp = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!otlp || !compose.services[hostOf(otlp)]) problems.push(`${name}: OTEL_EXPORTER_OTLP_ENDPOINT must name the Jaeger service`);
  const needs = [...(env['KAFKA_BROKERS'] ?? '').split(','), env['REDIS_URL'], env['DATABASE_URL'], env['HUB_BASE_URL'], env['SMPP_URL']].filter((value): value is string => !!value).map(hostOf);
  for (const host of new Set([...needs, 'topics'])) if (!service.depends_on?.[host]) problems.push(`${name}: does not depend on ${host}`);
  return problems;
}

/** The processes that talk to each other agree on addresses, ports, tokens and credentials. */
async function wiringProblems(compose: ComposeFile): Promise<string[]> {
  const problems: string[] = [];
  const hubService = compose.services['hub-simulator'];
  const smscService = compose.services['smsc-simulator'];
  if (!hubService || !smscService) return ['hub-simulator and smsc-simulator must both be in docker-compose.yml'];
  problems.push(...imageProblems('hub-simulator', hubService, 'tools'), ...imageProblems('smsc-simulator', smscService, 'tools'));
  const { hubOptionsFromEnv } = (await load('tools/hub-simulator/src/config/hub-env.config.ts')) as { hubOptionsFromEnv: (env: Env, readText: (file: string) => string) => { port: number; host: string; clientToken: string; webhookUrl?: string } };
  const { smscConfigFromEnv } = (await load('tools/smsc-simulator/src/config/smsc-env.config.ts')) as { smscConfigFromEnv: (env: Env) => { smsc: { port: number; host?: string; systemId: string; password: string } } };
  let hub: ReturnType<typeof hubOptionsFromEnv>;
  let smsc: ReturnType<typeof smscConfigFromEnv>['smsc'];
  try {
    hub = hubOptionsFromEnv(envOf(hubService), (file) => readComposeSecret(compose, hubService, file));
    smsc = smscConfigFromEnv(envOf(smscService)).smsc;
  } catch (error) {
    return [...problems, `simulators: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (hub.host !== '0.0.0.0' || smsc.host !== '0.0.0.0') problems.push('simulators: must listen on 0.0.0.0 in a container');
  const rcs = envOf(compose.services['rcs-gateway']);
  const smpp = envOf(compose.services['smpp-gateway']);
  if (rcs['RBM_CLIENT_TOKEN'] !== hub.clientToken) problems.push('rcs-gateway: RBM_CLIENT_TOKEN differs from the hub simulator client token (webhook signatures would fail)');
  if (hub.webhookUrl !== `http://rcs-gateway:${rcs['HTTP_PORT']}${WEBHOOK_PATH}`) problems.push(`hub-simulator: HUB_SIM_WEBHOOK_URL ${hub.webhookUrl} is not rcs-gateway's ${WEBHOOK_PATH}`);
  for (const name of ['capability-discovery', 'rcs-gateway']) {
    const url = envOf(compose.services[name])['HUB_BASE_URL'];
    if (url !== `http://hub-simulator:${hub.port}`) problems.push(`${name}: HUB_BASE_URL ${url} is not the hub simulator (port ${hub.port})`);
  }
  problems.push(...rbmKeyProblems(compose));
  if (smpp['SMPP_URL'] !== `smpp://smsc-simulator:${smsc.port}`) problems.push(`smpp-gateway: SMPP_URL ${smpp['SMPP_URL']} is not the SMSC simulator (port ${smsc.port})`);
  if (smpp['SMPP_SYSTEM_ID'] !== smsc.systemId || smpp['SMPP_PASSWORD'] !== smsc.password) problems.push('smpp-gateway: SMPP credentials differ from the SMSC simulator (bind would fail)');
  return problems;
}

/** A /run/secrets/<name> path as the container sees it: the compose secret's file, if mounted. */
function readComposeSecret(compose: ComposeFile, service: ComposeService, file: string): string {
  const name = /^\/run\/secrets\/([^/]+)$/.exec(file)?.[1];
  const source = name === undefined || !service.secrets?.includes(name) ? undefined : compose.secrets?.[name]?.file;
  if (source === undefined) throw Object.assign(new Error(`${file} is not a compose secret mounted into this service`), { code: 'ENOENT' });
  return readFileSync(path.join(root, source), 'utf8');
}

/** The services that call the hub mount the agent key the hub's token endpoint trusts. */
function rbmKeyProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const trusted = String(envOf(compose.services['hub-simulator'])['HUB_SIM_OAUTH_KEY_FILES'] ?? '').split(',').filter(Boolean);
  for (const name of ['capability-discovery', 'rcs-gateway']) {
    const service = compose.services[name];
    if (service === undefined) continue; // reported as missing by serviceProblems
    const env = envOf(service);
    if ((env['RBM_AUTH'] ?? 'service-account') !== 'service-account') continue;
    const file = String(env['RBM_SERVICE_ACCOUNT_KEY_FILE'] ?? '');
    if (!trusted.includes(file)) problems.push(`${name}: RBM_SERVICE_ACCOUNT_KEY_FILE ${file || '(unset)'} is not a key the hub simulator trusts (HUB_SIM_OAUTH_KEY_FILES)`);
    try {
      readComposeSecret(compose, service, file);
    } catch (error) {
      problems.push(`${name}: RBM_SERVICE_ACCOUNT_KEY_FILE: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** The topics job creates the retry tiers the services use, on the same broker and prefix. */
function topicsProblems(compose: ComposeFile): string[] {
  const job = compose.services['topics'];
  if (!job) return ['topics: missing from docker-compose.yml'];
  const problems = imageProblems('topics', job, 'tools');
  const expected = kafkaConfig.safeParse(envOf(job));
  if (!expected.success) return [...problems, `topics: ${expected.error.issues.map((issue) => issue.message).join('; ')}`];
  for (const name of serviceNames()) {
    const actual = kafkaConfig.safeParse(envOf(compose.services[name]));
    const same = actual.success && actual.data.KAFKA_TOPIC_PREFIX === expected.data.KAFKA_TOPIC_PREFIX && actual.data.BUS_RETRY_DELAYS_MS.length === expected.data.BUS_RETRY_DELAYS_MS.length && actual.data.KAFKA_BROKERS.join() === expected.data.KAFKA_BROKERS.join();
    if (!same) problems.push(`${name}: broker, topic prefix or number of retry tiers differ from the topics job`);
    if (compose.services[name]?.depends_on?.['topics']?.condition !== 'service_completed_successfully') problems.push(`${name}: must start after the topics job completed`);
  }
  return problems;
}

/** Prometheus scrapes GET /metrics of every service at its HTTP_PORT. */
function scrapeProblems(compose: ComposeFile, prometheus: PrometheusFile): string[] {
  return serviceNames().flatMap((name) => {
    const target = `${name}:${envOf(compose.services[name])['HTTP_PORT']}`;
    const job = prometheus.scrape_configs?.find((config) => config.static_configs?.some((sc) => sc.targets?.includes(target)));
    if (!job) return [`${name}: Prometheus does not scrape ${target}`];
    return (job.metrics_path ?? '/metrics') === '/metrics' ? [] : [`${name}: Prometheus scrapes ${job.metrics_path}, not /metrics`];
  });
}

/** The image compiles everything with tools/build/compile.mjs and runs as a non-root user. */
function dockerfileProblems(): string[] {
  const file = path.join(root, DOCKERFILE);
  if (!existsSync(file)) return [`${DOCKERFILE} does not exist`];
  const text = readFileSync(file, 'utf8');
  const lastUser = [...text.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1];
  return [
    ...(text.includes('node tools/build/compile.mjs') ? [] : [`${DOCKERFILE}: does not build with tools/build/compile.mjs`]),
    ...(lastUser && lastUser !== 'root' && lastUser !== '0' ? [] : [`${DOCKERFILE}: the final stage must run as a non-root user`]),
  ];
}

/** Grafana's datasources point at the Prometheus and Jaeger services on their container ports. */
function datasourceProblems(compose: ComposeFile, datasources: { datasources?: { name: string; url: string }[] }): string[] {
  return (datasources.datasources ?? []).flatMap(({ name, url }) => {
    const { hostname, port } = new URL(url);
    const service = compose.services[hostname];
    return service && containerPorts(service).includes(port) ? [] : [`grafana: datasource ${name} points at ${url}, not a published port of a compose service`];
  });
}

export interface DeployFiles {
  readonly compose: ComposeFile;
  readonly prometheus: PrometheusFile;
  readonly datasources: { datasources?: { name: string; url: string }[] };
}

export function readDeployFiles(): DeployFiles {
  return {
    compose: readYaml('docker-compose.yml'),
    prometheus: readYaml('deploy/prometheus/prometheus.yml'),
    datasources: readYaml('deploy/grafana/provisioning/datasources/datasources.yml'),
  };
}

export async function deployProblems({ compose, prometheus, datasources }: DeployFiles): Promise<string[]> {
  const services = await Promise.all(serviceNames().map((name) => serviceProblems(compose, name)));
  return [
    ...dockerfileProblems(),
    ...services.flat(),
    ...(await wiringProblems(compose)),
    ...topicsProblems(compose),
    ...scrapeProblems(compose, prometheus),
    ...datasourceProblems(compose, datasources),
  ];
}
