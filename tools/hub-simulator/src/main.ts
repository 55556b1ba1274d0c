// Carrier hub simulator process. Env: HUB_SIM_PORT (4010), HUB_SIM_CLIENT_TOKEN,
// HUB_SIM_WEBHOOK_URL, HUB_SIM_DELIVERY_DELAY_MS (50), HUB_SIM_SMS_ONLY_PREFIXES (comma list).
import { HubSimulator } from './hub-simulator';

async function main(): Promise<void> {
  const env = process.env;
  const simulator = await new HubSimulator({
    port: Number(env['HUB_SIM_PORT'] ?? 4010),
    clientToken: env['HUB_SIM_CLIENT_TOKEN'] ?? 'hub-sim-client-token',
    webhookUrl: env['HUB_SIM_WEBHOOK_URL'],
    deliveryDelayMs: Number(env['HUB_SIM_DELIVERY_DELAY_MS'] ?? 50),
    smsOnlyPrefixes: (env['HUB_SIM_SMS_ONLY_PREFIXES'] ?? '').split(',').filter(Boolean),
  }).start();
  console.log(JSON.stringify({ msg: 'hub simulator listening', port: simulator.port }));
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
