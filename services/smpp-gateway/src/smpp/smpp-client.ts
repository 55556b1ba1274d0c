import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CHANNEL_BREAKERS, type ChannelBreakers } from '@switchback/circuit';
import { CONFIG } from '@switchback/runtime';
import { readFileSync } from 'node:fs';
import type { Pdu } from 'smpp';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { BindPool } from './bind-pool';
import { EsmeSession, type EsmeLogger, type EsmeObserver } from './esme-session';
import type { DeliverSmSource } from './smpp-spans';
import { SmscUnavailableException } from './smpp.exception';
import { SmppMetrics } from './smpp.metrics';
import { smppConnectors, type SmppConnector } from './smpp-connectors';

const ESME_RX_T_APPN = 0x64;

export { connectorPathId } from './smpp-connectors';

function tlsOptions(config: SmppGatewayConfig, url: string): Record<string, unknown> {
  if (!url.startsWith('ssmpp:')) return {};
  return {
    rejectUnauthorized: config.SMPP_TLS_REJECT_UNAUTHORIZED,
    ...(config.SMPP_TLS_CA_FILE ? { ca: readFileSync(config.SMPP_TLS_CA_FILE) } : {}),
    ...(config.SMPP_TLS_SERVERNAME ? { servername: config.SMPP_TLS_SERVERNAME } : {}),
  };
}

function readSecret(connector: SmppConnector & { readonly passwordFile: string }): string {
  try {
    return readFileSync(connector.passwordFile, 'utf8').trim();
  } catch (error) {
    throw new Error(`SMPP_CONNECTORS: connector ${connector.id}: cannot read passwordFile (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A received deliver_sm, where it came in, and `ack(status)` to send its deliver_sm_resp. */
export type InboundDeliverSm = (pdu: Pdu, ack: (commandStatus?: number) => void, source: DeliverSmSource) => void;

/** A bind handed to one message, so all its parts travel on one connection, in order. */
export interface BindLease {
  readonly name: string;
  submit(fields: Record<string, unknown>): Promise<Pdu>;
}

/** One SMSC connector and its binds. */
interface Connector {
  readonly connector: SmppConnector;
  readonly pathId: string;
  readonly pool: BindPool<EsmeSession>;
}

/**
 * The connectors, one per URL in SMPP_URL (in order of preference), each with SMPP_BINDS
 * transceiver binds used round-robin. A bind that fails to connect or bind counts against its
 * connector's circuit breaker.
 */
@Injectable()
export class SmppClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmppClient');
  private readonly connectors: readonly Connector[];
  private deliverSm: InboundDeliverSm = (_pdu, ack) => ack(ESME_RX_T_APPN);

  constructor(
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
    metrics: SmppMetrics,
    @Inject(CHANNEL_BREAKERS) breakers: ChannelBreakers,
  ) {
    const connectors = smppConnectors(config);
    this.connectors = connectors.map((connector) => {
      const { url, pathId } = connector;
      const observer: EsmeObserver = {
        windowChanged: (bind, inUse) => metrics.windowChanged(bind, inUse),
        throttleWaited: (bind, ms) => metrics.throttleWaited(bind, ms),
        bindChanged: (bind, up) => metrics.bindChanged(bind, up),
        reconnectScheduled: (bind) => metrics.reconnectScheduled(bind),
        bindFailed: () => breakers.acquire(pathId)?.failure(),
      };
      // One connector keeps the plain bind names (bind-1 ...); several are told apart by host.
      const prefix = connectors.length === 1 ? '' : `${new URL(url.replace(/^s?smpp:/, 'http:')).host}/`;
      return { connector, pathId, pool: new BindPool(this.sessions(connector, prefix, observer)) };
    });
  }

  private sessions(connector: SmppConnector, prefix: string, observer: EsmeObserver): EsmeSession[] {
    const config = this.config;
    const { url, pathId } = connector;
    // Read once at boot: a missing secret file stops boot, naming the connector.
    const password = connector.passwordFile !== undefined ? readSecret({ ...connector, passwordFile: connector.passwordFile }) : config.SMPP_PASSWORD;
    const log: EsmeLogger = {
      log: (obj, msg) => this.logger.log(obj, msg),
      warn: (obj, msg) => this.logger.warn(obj, msg),
      error: (obj, msg) => this.logger.error(obj, msg),
    };
    const tls = tlsOptions(config, url);
    return Array.from(
      { length: config.SMPP_BINDS },
      (_, i) =>
        new EsmeSession(
          {
            name: `${prefix}bind-${i + 1}`,
            url,
            systemId: connector.systemId,
            password,
            systemType: config.SMPP_SYSTEM_TYPE,
            windowSize: config.SMPP_WINDOW_SIZE,
            ratePerSecond: config.SMPP_THROUGHPUT_PER_SECOND,
            burst: config.SMPP_THROUGHPUT_BURST ?? Math.max(1, Math.ceil(config.SMPP_THROUGHPUT_PER_SECOND / 10)),
            responseTimeoutMs: config.SMPP_RESPONSE_TIMEOUT_MS,
            enquireLinkMs: config.SMPP_ENQUIRE_LINK_MS,
            reconnectMinMs: config.SMPP_RECONNECT_MIN_MS,
            reconnectMaxMs: config.SMPP_RECONNECT_MAX_MS,
            tls,
          },
          log,
          observer,
          (pdu, ack) => this.deliverSm(pdu, ack, { connector: pathId, bind: `${prefix}bind-${i + 1}` }),
        ),
    );
  }

  /** Receives every deliver_sm of every bind; answer each through `ack`. */
  onDeliverSm(handler: InboundDeliverSm): void {
    this.deliverSm = handler;
  }

  onApplicationBootstrap(): void {
    this.sessionsOfAll().forEach((session) => session.start());
  }

  /** The connectors' path ids, in configured order. */
  get pathIds(): string[] {
    return this.connectors.map((c) => c.pathId);
  }

  /** The connectors as configured (region, priority, weight, path id). */
  get configured(): SmppConnector[] {
    return this.connectors.map((c) => c.connector);
  }

  get boundCount(): number {
    return this.connectors.reduce((sum, c) => sum + c.pool.boundCount, 0);
  }

  get bindCount(): number {
    return this.sessionsOfAll().length;
  }

  /** Window slots in use and the most ever used, per bind (for tests and diagnostics). */
  windows(): { name: string; bound: boolean; inUse: number; peak: number }[] {
    return this.sessionsOfAll().map((s) => ({ name: s.name, bound: s.isBound, inUse: s.window.inUse, peak: s.window.peak }));
  }

  /** The next bound bind of a connector (the first one by default). */
  lease(pathId?: string): BindLease {
    const connector = pathId === undefined ? this.connectors[0] : this.connectors.find((c) => c.pathId === pathId);
    const session = connector?.pool.next();
    if (!session) throw new SmscUnavailableException(`no bind to ${pathId} is up`);
    return { name: session.name, submit: (fields) => session.request('submit_sm', fields) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.sessionsOfAll().map((session) => session.stop(this.config.SMPP_SHUTDOWN_DRAIN_MS)));
  }

  private sessionsOfAll(): EsmeSession[] {
    return this.connectors.flatMap((c) => [...c.pool.members]);
  }
}
