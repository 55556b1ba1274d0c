import { Logger } from '@nestjs/common';
import { RecordingEventSink } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema } from '@switchback/contracts';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HoldCipher } from '../hold/hold-cipher';
import { Outbox } from './outbox';
import { StagedEvents } from './staged-events';

function setup(publishFails: boolean) {
  const queries: string[] = [];
  const dataSource = { query: async (sql: string) => void queries.push(sql) } as unknown as DataSource;
  const publisher = new RecordingEventSink();
  if (publishFails) publisher.failWith(new Error('broker down'));
  const outbox = new Outbox(dataSource, publisher, new HoldCipher({ id: 'k1', key: randomBytes(32) }), { OUTBOX_RELAY_AFTER_MS: 5_000 });
  const staged = new StagedEvents();
  void staged.publish('dispatchSms', create(DispatchCommandSchema, { messageId: 'm-1', tenantId: 'acme', channel: Channel.SMS, leg: 2 }), { key: 'h', messageId: 'm-1' });
  return { outbox, staged, queries, published: publisher.published };
}

beforeAll(() => Logger.overrideLogger(false));

describe('Outbox.deliver', () => {
  it('publishes the staged events, then deletes their rows', async () => {
    const { outbox, staged, queries, published } = setup(false);
    await outbox.deliver({ ids: ['7'], events: staged.events });
    expect(published.map((p) => p.topic)).toEqual(['dispatchSms']);
    expect(queries).toEqual([expect.stringContaining('DELETE FROM outbox_events')]);
  });

  it('leaves the rows to the relay when the broker refuses, without failing the committed caller', async () => {
    const { outbox, staged, queries } = setup(true);
    await expect(outbox.deliver({ ids: ['7'], events: staged.events })).resolves.toBeUndefined();
    expect(queries).toEqual([]);
  });
});
