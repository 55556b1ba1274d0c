// `make up`: runs the platform until SIGTERM/SIGINT (`make down`). Env: STACK_BASE_PORT (4000).
import path from 'node:path';
import { Stack } from './stack';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../../..');
  const stack = new Stack({
    distDir: path.join(root, 'dist'),
    logDir: path.join(root, '.tools', 'logs'),
    kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    namespace: 'sbdev',
    basePort: Number(process.env['STACK_BASE_PORT'] ?? 4000),
    databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback',
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    smsOnlyPrefixes: ['+4477009'],
  });
  await stack.start();
  console.log(`switchback is up: ${JSON.stringify(stack.ports)} (topics prefixed "${stack.topicPrefix}")`);
  const stop = () => void stack.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
