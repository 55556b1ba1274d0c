import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { EventEmitter } from 'node:events';
import { connect, type Pdu, type Session } from 'smpp';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { SmscUnavailableException, submitFailure } from './smpp.exception';

const MAX_BACKOFF_MS = 30_000;

/**
 * One bind_transceiver session to the SMSC, wrapped with what the npm `smpp` package lacks:
 * response timeouts, reconnect with backoff, and a typed submit. Emits 'deliver_sm' PDUs.
 */
@Injectable()
export class SmppConnection extends EventEmitter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SmppConnection.name);
  private session?: Session;
  private bound = false;
  private closing = false;
  private backoffMs = 500;

  constructor(@Inject(CONFIG) private readonly config: SmppGatewayConfig) {
    super();
  }

  onModuleInit(): void {
    this.open();
  }

  get isBound(): boolean {
    return this.bound;
  }

  async submit(fields: Record<string, unknown>): Promise<string> {
    const session = this.session;
    if (!session || !this.bound) throw new SmscUnavailableException('not bound to the SMSC');
    const response = await new Promise<Pdu>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SmscUnavailableException('submit_sm_resp timed out')), this.config.SMPP_RESPONSE_TIMEOUT_MS);
      try {
        session.submit_sm(fields, (pdu) => {
          clearTimeout(timer);
          resolve(pdu);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
    if (response.command_status !== 0) throw submitFailure(response.command_status);
    return String(response['message_id'] ?? '');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      session.unbind({}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    session.close();
  }

  private open(): void {
    const session = connect({ url: this.config.SMPP_URL, auto_enquire_link_period: this.config.SMPP_ENQUIRE_LINK_MS }, () => {
      session.bind_transceiver({ system_id: this.config.SMPP_SYSTEM_ID, password: this.config.SMPP_PASSWORD }, (pdu) => {
        if (pdu.command_status !== 0) {
          this.logger.error({ status: pdu.command_status }, 'SMSC refused the bind');
          return session.close();
        }
        this.bound = true;
        this.backoffMs = 500;
        this.logger.log('bound to the SMSC as transceiver');
      });
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      session.send(pdu.response());
      this.emit('deliver_sm', pdu);
    });
    session.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'SMPP session error'));
    session.on('close', () => this.reconnect());
    this.session = session;
  }

  private reconnect(): void {
    this.bound = false;
    if (this.closing) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.logger.warn({ delayMs: delay }, 'SMPP session closed; reconnecting');
    setTimeout(() => this.closing || this.open(), delay).unref();
  }
}
