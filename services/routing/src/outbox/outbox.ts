import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { fromBinary, toBinary, Topics, type EventOf, type TopicKey } from '@switchback/contracts';
import { errorCode } from '@switchback/errors';
import { Coalescer } from '@switchback/persistence';
import { CONFIG } from '@switchback/runtime';
import { captureTraceContext, withResumedSpan } from '@switchback/telemetry';
import { DataSource, type EntityManager } from 'typeorm';
import type { RoutingConfig } from '../config/routing.config';
import { HoldCipher } from '../hold/hold-cipher';
import type { StagedEvent } from './staged-events';

/** Events written in a committed transaction, to publish now; `ids` are their outbox rows. */
export interface StagedOutbox {
  readonly ids: readonly string[];
  readonly events: readonly StagedEvent[];
}

interface OutboxRow {
  id: string;
  topic: string;
  event_key: string;
  message_id: string;
  bus_message_id: string;
  tenant_id: string;
  key_id: string;
  payload: Buffer;
  traceparent: string | null;
  tracestate: string | null;
}

const isTopicKey = (topic: string): topic is TopicKey => Object.hasOwn(Topics, topic);
const tenantOf = (event: EventOf<TopicKey>): string => ('tenantId' in event && typeof event.tenantId === 'string' ? event.tenantId : '');
const messageIdOf = (event: EventOf<TopicKey>, fallback: string): string => ('messageId' in event && typeof event.messageId === 'string' && event.messageId ? event.messageId : fallback);

/**
 * The transactional outbox of routing. A transaction that locks a message row writes the events
 * it calls for here (`stage`, same transaction, sealed with the hold key: dispatch commands
 * carry the text) instead of publishing under the lock. After the commit the caller publishes
 * them and deletes the rows (`deliver`); rows a crash or a broker outage left behind are
 * published by the relay once they are OUTBOX_RELAY_AFTER_MS old (at least once: consumers
 * deduplicate by message id and leg).
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger(Outbox.name);
  private readonly deletes = new Coalescer<string>((ids) => this.deleteRows(ids));

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly cipher: HoldCipher,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'OUTBOX_RELAY_AFTER_MS'>,
  ) {}

  /** Writes the events in the caller's transaction (one statement). */
  async stage(manager: EntityManager, events: readonly StagedEvent[]): Promise<StagedOutbox> {
    if (events.length === 0) return { ids: [], events };
    const trace = captureTraceContext();
    const rows = events.map(({ topic, event, options }) => {
      const tenantId = tenantOf(event);
      const messageId = messageIdOf(event, options.messageId);
      const payload = this.cipher.seal(toBinary(Topics[topic].schema, event as never), { tenantId, messageId, field: `outbox:${topic}` });
      return { topic, key: options.key, messageId, busMessageId: options.messageId, tenantId, payload };
    });
    const inserted = (await manager.query(
      `INSERT INTO outbox_events (topic, event_key, message_id, bus_message_id, tenant_id, key_id, payload, traceparent, tracestate)
       SELECT topic, event_key, message_id, bus_message_id, tenant_id, $7, payload, $8, $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[]) WITH ORDINALITY AS e(topic, event_key, message_id, bus_message_id, tenant_id, payload, n)
       ORDER BY n RETURNING id`,
      [rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.messageId), rows.map((r) => r.busMessageId), rows.map((r) => r.tenantId), rows.map((r) => r.payload), this.cipher.keyId, trace?.traceparent ?? null, trace?.tracestate ?? null],
    )) as { id: string }[];
    return { ids: inserted.map((row) => String(row.id)), events };
  }

  /**
   * Publishes what a committed transaction staged, then deletes its rows. A publish that fails
   * leaves the rows to the relay (the transaction is committed: failing the caller would only
   * redeliver an outcome whose transition already happened).
   */
  async deliver(staged: StagedOutbox): Promise<void> {
    if (staged.ids.length === 0) return;
    try {
      await Promise.all(staged.events.map(({ topic, event, options }) => this.publisher.publish(topic, event as never, options)));
    } catch (error) {
      this.logger.warn({ code: errorCode(error), events: staged.ids.length }, 'outbox events not published after commit; the relay will');
      return;
    }
    await Promise.all(staged.ids.map((id) => this.deletes.submit(id))).catch((error: unknown) => {
      this.logger.warn({ code: errorCode(error) }, 'published outbox rows not deleted; the relay may publish them again');
    });
  }

  /**
   * Publishes up to `limit` rows older than OUTBOX_RELAY_AFTER_MS and deletes them, in one
   * transaction that locks only outbox rows (SKIP LOCKED: instances share the work). Returns
   * how many it published.
   */
  relayDue(limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, topic, event_key, message_id, bus_message_id, tenant_id, key_id, payload, traceparent, tracestate FROM outbox_events
          WHERE created_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_RELAY_AFTER_MS, limit],
      )) as OutboxRow[];
      const published: string[] = [];
      for (const row of rows) {
        if (!isTopicKey(row.topic)) {
          this.logger.error({ id: row.id, topic: row.topic }, 'outbox row for a topic this version does not know; left in place');
          continue;
        }
        const topic = row.topic;
        const event = fromBinary(Topics[topic].schema, this.cipher.open(row.key_id, row.payload, { tenantId: row.tenant_id, messageId: row.message_id, field: `outbox:${topic}` }));
        const trace = row.traceparent ? { traceparent: row.traceparent, ...(row.tracestate ? { tracestate: row.tracestate } : {}) } : undefined;
        await withResumedSpan('outbox relay', trace, { 'sb.message_id': row.message_id, 'messaging.destination.name': topic }, () =>
          this.publisher.publish(topic, event as never, { key: row.event_key, messageId: row.bus_message_id }),
        );
        published.push(row.id);
      }
      if (published.length > 0) await manager.query('DELETE FROM outbox_events WHERE id = ANY($1::bigint[])', [published]);
      return published.length;
    });
  }

  private async deleteRows(ids: readonly string[]): Promise<void> {
    await this.dataSource.query('DELETE FROM outbox_events WHERE id = ANY($1::bigint[])', [ids]);
  }
}
