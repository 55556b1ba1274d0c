import { allDeclaredTopics, applyBusAcls, busAcls, createKafka, Ed25519EventSigner, ensureTopics, localBrokerSasl, saslEnv, silentBusLogger, TopicNames, waitForGroupCoordinator, type EventSigner, type KafkaSasl, type SigningKey } from '@switchback/bus';
import { BUS_ADMIN_PRINCIPAL } from '@switchback/contracts';
import { writeServiceAccountKey } from '@switchback/testing';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BusEnvelopeConfig } from '@switchback/config';
import { ServiceProcess } from './service-process';

export interface StackOptions {
  /** Root of the compiled tree (dist/). */
  readonly distDir: string;
  readonly logDir: string;
  readonly kafkaBrokers: string;
  /** Isolates topics, consumer groups, Redis keys and the audit schema of this stack. */
  readonly namespace: string;
  readonly basePort: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** E.164 prefixes the hub simulator answers as "no RCS". */
  readonly smsOnlyPrefixes: readonly string[];
  /**
   * Hub simulator number profiles by prefix (its HUB_SIM_PROFILES_FILE `prefixProfiles`), e.g.
   * `{ prefix, profile: { rcs: true, sendNotFound: true } }`: RCS-capable, but sends answer 404.
   */
  readonly hubPrefixProfiles?: readonly { readonly prefix: string; readonly profile: Readonly<Record<string, unknown>> }[];
  /** Services' log level; tests raise it to prove that even debug lines hold no content. */
  readonly logLevel?: string;
  /**
   * OTLP/HTTP traces URL (…/v1/traces) the services export to as JSON, flushed every 200 ms:
   * tests point it at an in-process receiver. Unset: OTEL_EXPORTER_OTLP_ENDPOINT, else none.
   */
  readonly otlpTracesUrl?: string;
  /** Envelope encryption of the bus's personal fields (default on); off only to measure its cost. */
  readonly busEnvelope?: boolean;
  /**
   * Where the local broker keeps its principals' SCRAM passwords (deploy/local/kafka.sh); default
   * .tools/kafka/credentials beside dist/. Without them, the stack connects without SASL.
   */
  readonly kafkaCredentialsDir?: string;
  /** Tenants whose producers may send in clear on sb.send.requested.plaintext (routing's PLAINTEXT_PRODUCER_TENANTS); default none. */
  readonly plaintextProducerTenants?: readonly string[];
}

const RETRY_DELAYS_MS = [1_000, 5_000, 20_000];
const RETRY_TIERS = RETRY_DELAYS_MS.length;
/** Tenants the demo, tests and benches send for: each gets a payload-store key and a producer key. */
const LINK_TENANTS = ['demo', 'acme', 'strict', 'bench'];
const SERVICES = ['capability-discovery', 'routing', 'rcs-gateway', 'smpp-gateway', 'payload-store', 'audit-sink', 'webhook-dispatcher'] as const;
export type StackService = (typeof SERVICES)[number];
/** HTTP ports of extra instances start this far above the base port. */
const EXTRA_PORTS_FROM = 30;

/** The whole platform on this machine: both simulators and the seven services. */
export class Stack {
  readonly ports: Record<string, number>;
  readonly topicPrefix: string;
  readonly databaseSchema: string;
  /** Bearer key of tenant 'demo' on routing's producer ingress (POST /v1/messages). */
  readonly demoApiKey = randomBytes(24).toString('hex');
  /** Bearer token of the actor "operator" on routing's admin API (every tenant: `operator@*`), on port `routing-admin`. */
  readonly adminToken = randomBytes(24).toString('hex');
  /** Bearer token of the client "app" on capability-discovery's device-key API, bound to tenant demo. */
  readonly deviceKeyToken = randomBytes(24).toString('hex');
  /** routing's service credential on capability-discovery's capability API (CAPABILITY_API_KEYS). */
  readonly capabilityApiKey = randomBytes(24).toString('hex');
  /** Bearer token of the actor "operator" on audit-sink's checkpoint API (AUDIT_OPERATOR_TOKENS). */
  readonly auditOperatorToken = randomBytes(24).toString('hex');
  /** Per-tenant keys of payload-store's link API; routing creates links with them. */
  readonly linkApiKeys = Object.fromEntries(LINK_TENANTS.map((tenant) => [tenant, randomBytes(24).toString('hex')]));
  /**
   * Prefix of the channel circuit flags (routing's CIRCUIT_KEY_PREFIX): per stack, so stacks
   * running side by side, and a test that raises a flag by hand, never close each other's channels.
   */
  readonly circuitKeyPrefix: string;
  /**
   * The bus envelope the stack's routing and gateways use (undefined when off): a test's or a
   * bench's producer seals with it, as a producer holding the tenant's key would.
   */
  readonly busEnvelope: Partial<BusEnvelopeConfig> | undefined;
  /**
   * Signs send requests for the stack's tenants, with keys registered in routing's producer
   * registry at start: what a test's or a bench's producer publishes on sb.send.requested.
   */
  readonly producerSigner: EventSigner;
  private readonly producerKeys = new Map<string, SigningKey & { readonly publicKey: string }>();
  /** Verifies the audit checkpoints this stack signs (`sbctl audit verify --public-key`). */
  readonly auditPublicKey: string;
  private readonly auditSigningKey: string;
  /**
   * The broker's admin login: the stack provisions topics and ACLs with it, and tests' watchers
   * use it. Each service logs in as its own principal, which the ACLs confine to its topics.
   */
  readonly adminSasl: KafkaSasl | undefined;
  private readonly kafkaCredentialsDir: string;
  private readonly processes: ServiceProcess[] = [];
  /** Each service's entry and environment, to start more instances of it (scale-out). */
  private readonly launches = new Map<StackService, { entry: string; env: Record<string, string> }>();
  private extraInstances = 0;

  constructor(private readonly options: StackOptions) {
    const base = options.basePort;
    this.ports = { hub: base, smsc: base + 1, 'smsc-admin': base + 2, 'capability-discovery': base + 11, routing: base + 12, 'routing-admin': base + 22, 'rcs-gateway': base + 13, 'smpp-gateway': base + 14, 'payload-store': base + 15, 'audit-sink': base + 16, 'webhook-dispatcher': base + 17 };
    this.topicPrefix = `${options.namespace}.`;
    this.databaseSchema = options.namespace.replace(/[^a-z0-9_]/g, '_');
    this.circuitKeyPrefix = `${options.namespace}:circuit:channel:`;
    this.kafkaCredentialsDir = options.kafkaCredentialsDir ?? path.join(options.distDir, '..', '.tools', 'kafka', 'credentials');
    this.adminSasl = localBrokerSasl(this.kafkaCredentialsDir, BUS_ADMIN_PRINCIPAL);
    const audit = generateKeyPairSync('ed25519');
    this.auditSigningKey = audit.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    this.auditPublicKey = audit.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const tenant of LINK_TENANTS) {
      const pair = generateKeyPairSync('ed25519');
      this.producerKeys.set(tenant, { keyId: `stack-${tenant}`, privateKey: pair.privateKey, publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') });
    }
    this.producerSigner = new Ed25519EventSigner((tenantId) => this.producerKeys.get(tenantId));
    this.busEnvelope =
      options.busEnvelope === false
        ? undefined
        : { BUS_ENVELOPE_KEKS: [{ id: 'stack-kek-1', key: randomBytes(32) }], BUS_ENVELOPE_DATABASE_URL: options.databaseUrl, BUS_ENVELOPE_SCHEMA: `${this.databaseSchema}_bus_keys` };
  }

  /** The envelope's variables, for the services that need plaintext (routing, the gateways) only. */
  private busEnvelopeEnv(): Record<string, string> {
    const envelope = this.busEnvelope;
    if (!envelope?.BUS_ENVELOPE_KEKS) return {};
    return {
      BUS_ENVELOPE_KEKS: envelope.BUS_ENVELOPE_KEKS.map(({ id, key }) => `${id}:${key.toString('base64')}`).join(','),
      BUS_ENVELOPE_DATABASE_URL: envelope.BUS_ENVELOPE_DATABASE_URL ?? this.options.databaseUrl,
      BUS_ENVELOPE_SCHEMA: envelope.BUS_ENVELOPE_SCHEMA ?? 'bus_keys',
    };
  }

  async start(): Promise<void> {
    await this.provisionTopics();
    const clientToken = randomBytes(16).toString('hex');
    const common = {
      KAFKA_BROKERS: this.options.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      REDIS_URL: this.options.redisUrl,
      REDIS_KEY_PREFIX: `${this.options.namespace}:`,
      DATABASE_URL: this.options.databaseUrl,
      DATABASE_SCHEMA: this.databaseSchema,
      HUB_BASE_URL: `http://127.0.0.1:${this.ports['hub']}`,
      RBM_CLIENT_TOKEN: clientToken,
      SMPP_URL: `smpp://127.0.0.1:${this.ports['smsc']}`,
      SMPP_SYSTEM_ID: 'switchback',
      SMPP_PASSWORD: 'secret',
      LOG_LEVEL: this.options.logLevel ?? 'warn',
      ...this.traceExport(),
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      BUS_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
    };
    const dist = this.options.distDir;
    const tool = (name: string) => path.join(dist, 'tools', name, 'src', 'main.js');
    // The RBM agent's service-account key, trusted by the hub's token endpoint: both services that
    // call the hub authenticate as real RBM requires (JWT-bearer grant, bearer tokens).
    const rbmAuth = this.rbmServiceAccount(common.HUB_BASE_URL);
    this.add('hub-simulator', tool('hub-simulator'), {
      ...this.hubProfilesFile(),
      HUB_SIM_OAUTH_KEY_FILES: rbmAuth.RBM_SERVICE_ACCOUNT_KEY_FILE,
      HUB_SIM_PORT: String(this.ports['hub']),
      HUB_SIM_CLIENT_TOKEN: clientToken,
      HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${this.ports['rcs-gateway']}/v1/rbm/webhook`,
      HUB_SIM_SMS_ONLY_PREFIXES: this.options.smsOnlyPrefixes.join(','),
    });
    this.add('smsc-simulator', tool('smsc-simulator'), { SMSC_SIM_PORT: String(this.ports['smsc']), SMSC_SIM_ADMIN_PORT: String(this.ports['smsc-admin']) });
    // Only routing seals held (blocked) messages and holds the API secrets: no other service gets them.
    const routingOnly = {
      ...this.busEnvelopeEnv(),
      CAPABILITY_BASE_URL: `http://127.0.0.1:${this.ports['capability-discovery']}`,
      CIRCUIT_KEY_PREFIX: this.circuitKeyPrefix,
      TENANT_API_KEYS: `demo:${this.demoApiKey}`,
      ADMIN_TOKENS: `operator@*:${this.adminToken}`,
      ADMIN_HTTP_PORT: String(this.ports['routing-admin']),
      CAPABILITY_API_KEY: this.capabilityApiKey,
      HOLD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      IDEMPOTENCY_BODY_KEYS: `stack-i1:${randomBytes(32).toString('base64')}`,
      CONTENT_FINGERPRINT_KEYS: `stack-f1:${randomBytes(32).toString('base64')}`,
      PAYLOAD_STORE_URL: `http://127.0.0.1:${this.ports['payload-store']}`,
      PAYLOAD_STORE_API_KEYS: this.linkKeyList(),
      PLAINTEXT_PRODUCER_TENANTS: (this.options.plaintextProducerTenants ?? []).join(','),
    };
    const own: Partial<Record<(typeof SERVICES)[number], Record<string, string>>> = {
      routing: routingOnly,
      'capability-discovery': { ...rbmAuth, DEVICE_KEY_TOKENS: `app@demo:${this.deviceKeyToken}`, CAPABILITY_API_KEYS: `routing:${this.capabilityApiKey}` },
      // A pepper as in production, so the stack stores links the peppered way (payload-store only).
      'payload-store': { LINK_API_KEYS: this.linkKeyList(), PUBLIC_BASE_URL: `http://127.0.0.1:${this.ports['payload-store']}`, LINK_PEPPERS: `stack-p1:${randomBytes(32).toString('base64')}` },
      // The simulators are the carriers here: contract limits sized to them (defaults are a real
      // SMSC bind's 50 msg/s and an RBM agent's 100 msg/s), so benches measure the platform.
      // Each gateway raises its channel's flag under this stack's prefix, where routing reads it.
      'smpp-gateway': { ...this.busEnvelopeEnv(), SMPP_BINDS: '2', SMPP_THROUGHPUT_PER_SECOND: '500', CIRCUIT_KEY_PREFIX: this.circuitKeyPrefix },
      'rcs-gateway': { ...this.busEnvelopeEnv(), ...rbmAuth, RBM_RATE_PER_SECOND: '1000', RBM_RATE_BURST: '100', RBM_MAX_IN_FLIGHT: '64', CIRCUIT_KEY_PREFIX: this.circuitKeyPrefix },
      // The witness file of signed checkpoints lives beside the logs, outside the database.
      'audit-sink': { AUDIT_SIGNING_KEY: this.auditSigningKey, AUDIT_CHECKPOINT_DIR: this.options.logDir, AUDIT_OPERATOR_TOKENS: `operator:${this.auditOperatorToken}` },
      // Tenant 'demo' manages its callback endpoints with its routing key; tests' receivers listen
      // on http://127.0.0.1 (development and loopback are test settings only).
      'webhook-dispatcher': { TENANT_API_KEYS: `demo:${this.demoApiKey}`, WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'), WEBHOOK_ENVIRONMENT: 'development', WEBHOOK_ALLOWED_TARGETS: 'loopback' },
    };
    // The recipient-hash key goes to every service that hashes numbers: audit-sink only stores
    // hashes, webhook-dispatcher never sees one.
    const identifierHash = { IDENTIFIER_HASH_KEY: randomBytes(24).toString('hex') };
    for (const service of SERVICES) {
      const login = saslEnv(this.adminSasl && this.saslOf(`sb-${service}`));
      const hashing = service === 'audit-sink' || service === 'webhook-dispatcher' ? {} : identifierHash;
      const launch = { entry: path.join(dist, 'services', service, 'src', 'main.js'), env: { ...common, ...hashing, ...login, DATABASE_SCHEMA: this.schemaOf(service), ...own[service] } };
      this.launches.set(service, launch);
      this.add(service, launch.entry, { ...launch.env, HTTP_PORT: String(this.ports[service]) });
    }
    this.processes.forEach((process) => process.start());
    await Promise.all(SERVICES.map((service) => this.waitReady(service)));
    await this.registerProducerKeys();
  }

  /** Registers the tenants' producer keys through routing's admin API, as an operator would. */
  private async registerProducerKeys(): Promise<void> {
    for (const [tenant, key] of this.producerKeys) {
      const response = await fetch(`http://127.0.0.1:${this.ports['routing-admin']}/v1/admin/tenants/${tenant}/producer-keys/${key.keyId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey: key.publicKey }),
      });
      if (response.status !== 204) throw new Error(`registering the producer key of ${tenant} failed: HTTP ${response.status}`);
    }
  }

  /**
   * Starts one more instance of a running service: same environment, so the same consumer
   * groups (Kafka spreads the partitions over both), its own HTTP port. Resolves once ready.
   */
  async addInstance(service: StackService): Promise<ServiceProcess> {
    const launch = this.launches.get(service);
    if (!launch) throw new Error(`${service} is not started`);
    this.extraInstances += 1;
    const name = `${service}#${this.extraInstances + 1}`;
    const port = this.options.basePort + EXTRA_PORTS_FROM + this.extraInstances;
    this.ports[name] = port;
    // routing's admin listener needs a port of its own too (extra instances' admin ports: +20 above).
    const admin: Record<string, string> = service === 'routing' ? { ADMIN_HTTP_PORT: String(port + 20) } : {};
    const instance = this.add(name, launch.entry, { ...launch.env, HTTP_PORT: String(port), ...admin });
    instance.start();
    await this.waitReady(name);
    return instance;
  }

  /** Process ids of the running services and simulators, by name. */
  pids(): Record<string, number> {
    return Object.fromEntries(this.processes.flatMap((p) => (p.pid === undefined ? [] : [[p.name, p.pid]])));
  }

  async stop(): Promise<void> {
    // Services first (they drain their consumers), then the simulators they talk to.
    const services = this.processes.filter((p) => !p.name.endsWith('-simulator'));
    await Promise.all(services.map((p) => p.stop()));
    await Promise.all(this.processes.filter((p) => p.name.endsWith('-simulator')).map((p) => p.stop()));
  }

  /** No collector runs here; with OTEL_EXPORTER_OTLP_ENDPOINT set, traces go there. */
  private traceExport(): Record<string, string> {
    const url = this.options.otlpTracesUrl;
    if (!url) return { OTEL_TRACES_EXPORTER: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? 'otlp' : 'none' };
    return { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200' };
  }

  /** A fresh agent key in the log folder (mode 600), its token_uri the hub simulator's /token. */
  private rbmServiceAccount(hubUrl: string): { RBM_AUTH: string; RBM_SERVICE_ACCOUNT_KEY_FILE: string } {
    mkdirSync(this.options.logDir, { recursive: true });
    const file = path.join(this.options.logDir, 'rbm-agent-key.json');
    writeServiceAccountKey(file, `${hubUrl}/token`);
    return { RBM_AUTH: 'service-account', RBM_SERVICE_ACCOUNT_KEY_FILE: file };
  }

  private hubProfilesFile(): Record<string, string> {
    if (!this.options.hubPrefixProfiles?.length) return {};
    mkdirSync(this.options.logDir, { recursive: true });
    const file = path.join(this.options.logDir, 'hub-profiles.json');
    writeFileSync(file, JSON.stringify({ prefixProfiles: this.options.hubPrefixProfiles }));
    return { HUB_SIM_PROFILES_FILE: file };
  }

  private linkKeyList(): string {
    return Object.entries(this.linkApiKeys)
      .map(([tenant, key]) => `${tenant}:${key}`)
      .join(',');
  }

  /** The Redis key whose presence tells routing the channel has no usable path (as a gateway sets it). */
  circuitKey(channel: 'RCS' | 'RCS_E2EE' | 'SMS'): string {
    return `${this.circuitKeyPrefix}${channel}`;
  }

  /** Each service owns its schema (the audit log keeps the stack's own name). */
  schemaOf(service: string): string {
    return service === 'audit-sink' ? this.databaseSchema : `${this.databaseSchema}_${service.replace(/-/g, '_')}`;
  }

  /** The SCRAM login of one of the local broker's principals (e.g. `sb-producer`). */
  saslOf(principal: string): KafkaSasl {
    const sasl = localBrokerSasl(this.kafkaCredentialsDir, principal);
    if (!sasl) throw new Error(`no broker credentials for ${principal} in ${this.kafkaCredentialsDir} (run deploy/local/kafka.sh up)`);
    return sasl;
  }

  /**
   * Like a deployment's topics job: every declared topic exists, and every service principal has
   * exactly its ACLs under this stack's prefix, before the services start.
   */
  private async provisionTopics(): Promise<void> {
    const names = new TopicNames(this.topicPrefix);
    const kafka = createKafka({ serviceName: 'stack', brokers: this.options.kafkaBrokers.split(','), sasl: this.adminSasl, topicPrefix: this.topicPrefix, retryDelaysMs: [], partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(names, RETRY_TIERS));
    if (this.adminSasl) await applyBusAcls(kafka, names, busAcls(names, RETRY_TIERS));
    await waitForGroupCoordinator(kafka, names.consumerGroup('routing'));
  }

  private add(name: string, entry: string, env: Record<string, string>): ServiceProcess {
    const process = new ServiceProcess(name, entry, env, this.options.logDir);
    this.processes.push(process);
    return process;
  }

  private async waitReady(service: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const url = `http://127.0.0.1:${this.ports[service]}/health/ready`;
    while (Date.now() < deadline) {
      if (this.processes.find((p) => p.name === service)?.exited) throw new Error(`${service} exited during start (see ${this.options.logDir}/${service}.log)`);
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${service} not ready after ${timeoutMs} ms (see ${this.options.logDir}/${service}.log)`);
  }
}
