// SMSC simulator (SMPP 3.4 over the npm `smpp` package) as a process; runs until SIGTERM/SIGINT.
//
// Environment:
//   SMSC_SIM_PORT                SMPP listen port (default 2775; 0 = ephemeral)
//   SMSC_SIM_HOST                listen address for SMPP and admin HTTP (default 127.0.0.1)
//   SMSC_SIM_SYSTEM_ID           accepted system_id (default switchback)
//   SMSC_SIM_PASSWORD            accepted password (default secret)
//   SMSC_SIM_RECEIPT_DELAY_MS    submit_sm -> delivery receipt (default 50)
//   SMSC_SIM_MESSAGE_ID_FORMAT   hex (default) | decimal | hex-resp-decimal-receipt | hex-resp-lowercase-receipt
//   SMSC_SIM_ADMIN_PORT          HTTP: GET /_sim/messages, /_sim/stats, /_sim/sessions, /_sim/behaviour;
//                                POST /_sim/behaviour (JSON patch: scriptedStatuses, throttleAfterPerSecond,
//                                receiptDelayMs, dropReceipts, dropNextReceipts, duplicateReceipts,
//                                receiptStat, messageIdFormat, responseDelayMs), POST /_sim/disconnect
//                                (default 2776; off = none; a busy port is logged, SMPP keeps running)
//   SMSC_SIM_REJECT_PREFIXES     optional, e.g. +1999:0x0B,4470:0x0B (destination prefix:command_status)
//   SMSC_SIM_THROTTLE_PER_SECOND optional: ESME_RTHROTTLED past N submits per second
//   SMSC_SIM_DROP_RECEIPTS       true = never send receipts
//   SMSC_SIM_RESPONSE_DELAY_MS   optional: delay of every submit_sm_resp (fills the ESME's window)
//   SMSC_SIM_RECEIPT_STAT        DELIVRD (default) | UNDELIV | EXPIRED | REJECTD | DELETED
//   SMSC_SIM_DUPLICATE_RECEIPTS  true = send every receipt twice
//
// Logs one JSON line per notable event on stdout (ids, statuses and lengths; never text or numbers).
import { startSmscAdminServer, type SmscAdminServer } from './admin/admin-http.server';
import { SmscConfigError, smscConfigFromEnv, type SmscCliConfig } from './config/smsc-env.config';
import { errorReason } from '@switchback/simulator-support';
import { jsonLineLogger, type SimLogger } from '@switchback/simulator-support';
import { startSmscSimulator, type SmscSimulator } from './smsc-simulator';

function loadConfig(log: SimLogger): SmscCliConfig | undefined {
  try {
    return smscConfigFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof SmscConfigError)) throw error;
    log({ event: 'config.invalid', error: error.message });
    return undefined;
  }
}

/** The admin port is a convenience: if it is taken (two stacks on one machine), SMPP still runs. */
async function startAdmin(smsc: SmscSimulator, port: number | null, host: string, log: SimLogger): Promise<SmscAdminServer | undefined> {
  if (port === null) return undefined;
  try {
    const admin = await startSmscAdminServer(smsc, port, host);
    log({ event: 'admin.listening', port: admin.port });
    return admin;
  } catch (error) {
    log({ event: 'admin.unavailable', port, error: errorReason(error) });
    return undefined;
  }
}

async function main(): Promise<void> {
  const log = jsonLineLogger('smsc-simulator');
  const config = loadConfig(log);
  if (!config) {
    process.exitCode = 2;
    return;
  }
  const smsc = await startSmscSimulator({ ...config.smsc, log });
  const admin = await startAdmin(smsc, config.adminPort, config.smsc.host ?? '127.0.0.1', log);
  const stop = (signal: NodeJS.Signals) => {
    log({ event: 'stopping', signal });
    void Promise.all([smsc.close(), admin?.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), component: 'smsc-simulator', event: 'fatal', error: errorReason(error) })}\n`);
  process.exit(1);
});
