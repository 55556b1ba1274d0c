// SMS submits per second through smpp-gateway's dispatcher (DispatchCommand → encode, leg
// registration in Redis, submit_sm on the gateway's ESME with its window and throughput limit,
// receipt-map write in Redis, DeliveryOutcome built; only the Kafka publish is left out) against
// a bare npm `smpp` client keeping the same window of submit_sm outstanding, same text and
// destinations, in the same run on the same freshly started SMSC simulator.
import { Channel, type DispatchCommand } from '@switchback/contracts';
import { breakerOptions, ChannelBreakers } from '@switchback/circuit';
import { KeyedHasher } from '@switchback/crypto';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { connect, type Pdu, type Session } from 'smpp';
import { smppGatewayConfigSchema } from '../../services/smpp-gateway/src/config/smpp-gateway.config';
import { LegSubmitter } from '../../services/smpp-gateway/src/delivery/leg-submitter';
import { SmsDispatcher } from '../../services/smpp-gateway/src/delivery/sms-dispatcher';
import { SubmitIntentStore } from '../../services/smpp-gateway/src/delivery/submit-intent.store';
import { LegStore } from '../../services/smpp-gateway/src/receipts/leg-store';
import { SmppClient } from '../../services/smpp-gateway/src/smpp/smpp-client';
import { smppConnectors } from '../../services/smpp-gateway/src/smpp/smpp-connectors';
import { SmppMetrics, SmppMetricNames } from '../../services/smpp-gateway/src/smpp/smpp.metrics';
import { benchCommands, countingOutcomes, runRound, type RoundResult } from './gateway-round';
import { SimProcess } from './gateway-sim-process';

const NO_FLAG = { raise: async (): Promise<void> => undefined, lower: async (): Promise<void> => undefined };

export const SMS_TEXT = 'Your Switchback code is 482913. It expires in 10 minutes. Do not share it.';
const SYSTEM_ID = 'switchback';
const PASSWORD = 'secret';
const SOURCE_ADDR = 'Switchback';

export interface SmppRunOptions {
  /** submit_sm outstanding at once, for both clients (the gateway's SMPP_WINDOW_SIZE). */
  readonly window: number;
  /** DispatchCommands handled at once by the gateway (≥ window, so the window is the bound). */
  readonly dispatchConcurrency: number;
}

export type SmppRunResult = RoundResult;

/** A freshly started SMSC simulator process: receipts off (only submits are measured). */
export async function startSmsc(): Promise<{ sim: SimProcess; url: string; submits: () => Promise<number> }> {
  const sim = await SimProcess.start('smsc-simulator', { SMSC_SIM_HOST: '127.0.0.1', SMSC_SIM_PORT: '0', SMSC_SIM_ADMIN_PORT: '0', SMSC_SIM_SYSTEM_ID: SYSTEM_ID, SMSC_SIM_PASSWORD: PASSWORD, SMSC_SIM_DROP_RECEIPTS: 'true' }, ['listening', 'admin.listening']);
  const admin = `http://127.0.0.1:${sim.port('admin.listening')}`;
  return {
    sim,
    url: `smpp://127.0.0.1:${sim.port('listening')}`,
    submits: async () => ((await (await fetch(`${admin}/_sim/stats`)).json()) as { submits: number }).submits,
  };
}

export const destinationOf = (i: number): string => `+4477009${String(100_000 + (i % 900_000))}`;

/** The bare client: one bind_transceiver, `window` submit_sm outstanding, nothing else. */
export class BareSmppClient {
  private constructor(private readonly session: Session) {}

  static async bind(url: string): Promise<BareSmppClient> {
    return new Promise((resolve, reject) => {
      const session = connect({ url }, () =>
        session.bind_transceiver({ system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 }, (pdu) => {
          if (pdu.command_status === 0) resolve(new BareSmppClient(session));
          else reject(new Error(`bind refused: ${pdu.command_status}`));
        }),
      );
      session.on('error', reject);
      session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
      session.on('deliver_sm', (pdu: Pdu) => session.send(pdu.response()));
    });
  }

  run(from: number, count: number, window: number): Promise<SmppRunResult> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let done = 0;
      let failed = false;
      const started = performance.now();
      const pump = () => {
        while (sent - done < window && sent < count) {
          const i = from + sent++;
          this.session.submit_sm(
            { source_addr: SOURCE_ADDR, source_addr_ton: 5, source_addr_npi: 0, destination_addr: destinationOf(i).slice(1), dest_addr_ton: 1, dest_addr_npi: 1, registered_delivery: 1, short_message: SMS_TEXT },
            (pdu) => {
              if (failed) return;
              if (pdu.command_status !== 0) {
                failed = true;
                reject(new Error(`bare submit_sm refused: ${pdu.command_status}`));
                return;
              }
              done += 1;
              if (done === count) resolve({ perSecond: count / ((performance.now() - started) / 1000), count });
              else pump();
            },
          );
        }
      };
      pump();
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.session.unbind({}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.session.destroy();
  }
}

/** smpp-gateway's SmppClient (1 bind) and SmsDispatcher, built as DeliveryModule builds them, minus Kafka. */
export class GatewaySmpp {
  private constructor(
    private readonly client: SmppClient,
    private readonly dispatcher: SmsDispatcher,
    private readonly registry: Registry,
    private readonly outcomes: { submitted: number; other: number },
  ) {}

  static async start(url: string, redis: Redis, keyPrefix: string, window: number): Promise<GatewaySmpp> {
    const config = smppGatewayConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'bench-key-0123456789abcdef',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      REDIS_KEY_PREFIX: keyPrefix,
      SMPP_URL: url,
      SMPP_SYSTEM_ID: SYSTEM_ID,
      SMPP_PASSWORD: PASSWORD,
      SMPP_SOURCE_ADDR: SOURCE_ADDR,
      SMPP_BINDS: '1',
      SMPP_WINDOW_SIZE: String(window),
      // The schema's maximum; a full bucket of 10 000 covers a whole run: the limit never waits.
      SMPP_THROUGHPUT_PER_SECOND: '10000',
      SMPP_THROUGHPUT_BURST: '10000',
      SMPP_RESPONSE_TIMEOUT_MS: '5000',
      SMPP_SHUTDOWN_DRAIN_MS: '2000',
    });
    const registry = new Registry();
    const metrics = new SmppMetrics(registry);
    // The production breakers with no-op sinks: their bookkeeping is part of the measured path.
    const breakers = new ChannelBreakers(Channel.SMS, smppConnectors(config).map((c) => c.pathId), breakerOptions(config), { now: Date.now }, [], NO_FLAG);
    const client = new SmppClient(config, metrics, breakers);
    const { counts: outcomes, publisher } = countingOutcomes();
    const legStore = new LegStore(redis, config);
    // Intent before submit (one Redis claim per leg) is part of the gateway's cost too.
    const intents = new SubmitIntentStore(redis, config);
    const submitter = new LegSubmitter(client, legStore, intents, metrics, config, breakers);
    const dispatcher = new SmsDispatcher(submitter, legStore, intents, publisher, new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: config.IDENTIFIER_HASH_KEY_ID }), metrics, config);
    const result = new GatewaySmpp(client, dispatcher, registry, outcomes);
    client.onApplicationBootstrap();
    const deadline = Date.now() + 10_000;
    while (client.boundCount < 1) {
      if (Date.now() > deadline) {
        await client.onApplicationShutdown();
        throw new Error('smpp-gateway client did not bind within 10 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return result;
  }

  static commands(runId: string, from: number, count: number): DispatchCommand[] {
    return benchCommands(runId, from, count, Channel.SMS, destinationOf, SMS_TEXT);
  }

  /** Dispatches every command, `concurrency` at a time; all must come back SUBMITTED. */
  run(commands: readonly DispatchCommand[], concurrency: number): Promise<SmppRunResult> {
    return runRound('smpp-gateway', commands, concurrency, (command) => this.dispatcher.dispatch(command), this.outcomes);
  }

  /** Most submit_sm ever outstanding on the bind, and whether the throughput limit ever waited. */
  async limits(): Promise<{ windowPeak: number; throttleWaits: number }> {
    const waits = (await this.registry.getSingleMetric(SmppMetricNames.throttleWaits)?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
    return { windowPeak: Math.max(...this.client.windows().map((w) => w.peak)), throttleWaits: waits };
  }

  stop(): Promise<void> {
    return this.client.onApplicationShutdown();
  }
}
