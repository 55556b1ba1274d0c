// SMSC simulator process. Env: SMSC_SIM_PORT (2775), SMSC_SIM_SYSTEM_ID (switchback),
// SMSC_SIM_PASSWORD (secret), SMSC_SIM_RECEIPT_DELAY_MS (50).
import { SmscSimulator } from './smsc-simulator';

async function main(): Promise<void> {
  const env = process.env;
  const simulator = await new SmscSimulator({
    port: Number(env['SMSC_SIM_PORT'] ?? 2775),
    systemId: env['SMSC_SIM_SYSTEM_ID'] ?? 'switchback',
    password: env['SMSC_SIM_PASSWORD'] ?? 'secret',
    receiptDelayMs: Number(env['SMSC_SIM_RECEIPT_DELAY_MS'] ?? 50),
  }).start();
  simulator.on('sms', (sms: { smscMessageId: string; dataCoding: number }) =>
    console.log(JSON.stringify({ msg: 'submit_sm', id: sms.smscMessageId, dataCoding: sms.dataCoding })),
  );
  console.log(JSON.stringify({ msg: 'smsc simulator listening', port: simulator.port }));
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
