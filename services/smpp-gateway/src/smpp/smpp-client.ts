import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { readFileSync } from 'node:fs';
import type { Pdu } from 'smpp';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { BindPool } from './bind-pool';
import { EsmeSession, type DeliverSmHandler, type EsmeLogger } from './esme-session';
import { SmscUnavailableException } from './smpp.exception';
import { SmppMetrics } from './smpp.metrics';

const ESME_RX_T_APPN = 0x64;

function tlsOptions(config: SmppGatewayConfig): Record<string, unknown> {
  if (!config.SMPP_URL.startsWith('ssmpp:')) return {};
  return {
    rejectUnauthorized: config.SMPP_TLS_REJECT_UNAUTHORIZED,
    ...(config.SMPP_TLS_CA_FILE ? { ca: readFileSync(config.SMPP_TLS_CA_FILE) } : {}),
    ...(config.SMPP_TLS_SERVERNAME ? { servername: config.SMPP_TLS_SERVERNAME } : {}),
  };
}

/** A bind handed to one message, so all its parts travel on one connection, in order. */
export interface BindLease {
  readonly name: string;
  submit(fields: Record<string, unknown>): Promise<Pdu>;
}

/** The connector: SMPP_BINDS transceiver binds to one SMSC, used round-robin. */
@Injectable()
export class SmppClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmppClient');
  private readonly pool: BindPool<EsmeSession>;
  private deliverSm: DeliverSmHandler = (_pdu, ack) => ack(ESME_RX_T_APPN);

  constructor(
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
    metrics: SmppMetrics,
  ) {
    const log: EsmeLogger = {
      log: (obj, msg) => this.logger.log(obj, msg),
      warn: (obj, msg) => this.logger.warn(obj, msg),
      error: (obj, msg) => this.logger.error(obj, msg),
    };
    const tls = tlsOptions(config);
    const sessions = Array.from(
      { length: config.SMPP_BINDS },
      (_, i) =>
        new EsmeSession(
          {
            name: `bind-${i + 1}`,
            url: config.SMPP_URL,
            systemId: config.SMPP_SYSTEM_ID,
            password: config.SMPP_PASSWORD,
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
          metrics,
          (pdu, ack) => this.deliverSm(pdu, ack),
        ),
    );
    this.pool = new BindPool(sessions);
  }

  /** Receives every deliver_sm of every bind; answer each through `ack`. */
  onDeliverSm(handler: DeliverSmHandler): void {
    this.deliverSm = handler;
  }

  onApplicationBootstrap(): void {
    this.pool.members.forEach((session) => session.start());
  }

  get boundCount(): number {
    return this.pool.boundCount;
  }

  get bindCount(): number {
    return this.pool.members.length;
  }

  /** Window slots in use and the most ever used, per bind (for tests and diagnostics). */
  windows(): { name: string; bound: boolean; inUse: number; peak: number }[] {
    return this.pool.members.map((s) => ({ name: s.name, bound: s.isBound, inUse: s.window.inUse, peak: s.window.peak }));
  }

  lease(): BindLease {
    const session = this.pool.next();
    if (!session) throw new SmscUnavailableException('no bind to the SMSC is up');
    return { name: session.name, submit: (fields) => session.request('submit_sm', fields) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pool.members.map((session) => session.stop(this.config.SMPP_SHUTDOWN_DRAIN_MS)));
  }
}
