import { spawn } from 'node:child_process';
import path from 'node:path';
import { eventually } from '@switchback/testing';
import { registerHandler } from '../src/event-handler';
import { BusFixture, sendRequest } from './bus-fixture';

describe('a consumer killed before commit', () => {
  const bus = new BusFixture('crash');
  afterAll(async () => bus.close());

  it('hands the message to the next member of the group', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'crashing-consumer.fixture.ts'), bus.options.brokers.join(','), bus.options.topicPrefix], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await eventually(() => expect(output).toContain('ready'), 40_000, 100);

    await bus.publisher.connect();
    await bus.publisher.publish('sendRequested', sendRequest('survivor'), { key: 'r', messageId: 'survivor' });
    expect(await killed).toBe('SIGKILL');
    expect(output).toContain('handling survivor');

    const handled: string[] = [];
    await bus.start([registerHandler('sendRequested', async (event) => void handled.push(event.messageId))]);
    await eventually(() => expect(handled).toEqual(['survivor']), 40_000);
  }, 90_000);
});
