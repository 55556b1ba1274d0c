import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { DataSource } from 'typeorm';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';
import type { WebhookEventType } from '../webhooks/webhook-event';
import { newSigningSecret, SecretBox } from './secret-box';
import type { DeliveryTarget, DisableReason, WebhookEndpointView } from './webhook-endpoint';

interface EndpointRow {
  tenant_id: string;
  id: string;
  url: string;
  event_types: string[];
  secret: Buffer;
  previous_secret: Buffer | null;
  previous_secret_until: Date | null;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

const view = (row: EndpointRow): WebhookEndpointView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types as WebhookEventType[],
  enabled: row.enabled,
  disabledReason: row.disabled_reason,
  failingSince: iso(row.failing_since),
  previousSecretUntil: iso(row.previous_secret_until),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** webhook_endpoints and webhook_deliveries (Postgres): the only SQL of the service. */
@Injectable()
export class WebhookEndpointRepository {
  private readonly box: SecretBox;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) config: Pick<WebhookDispatcherConfig, 'WEBHOOK_SECRET_KEY'>,
  ) {
    this.box = new SecretBox(config.WEBHOOK_SECRET_KEY);
  }

  /**
   * Creates the endpoint (with a new secret, returned this once) or replaces its URL and event
   * types; either way it is enabled again. undefined when the tenant has `max` endpoints already.
   */
  async put(tenantId: string, id: string, url: string, eventTypes: readonly WebhookEventType[], now: Date, max: number): Promise<{ endpoint: WebhookEndpointView; secret?: string } | undefined> {
    const secret = newSigningSecret();
    const rows: (EndpointRow & { inserted: boolean })[] = await this.db.query(
      `INSERT INTO webhook_endpoints (tenant_id, id, url, event_types, secret, enabled, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, true, $6, $6
       WHERE (SELECT count(*) FROM webhook_endpoints WHERE tenant_id = $1 AND id <> $2) < $7
       ON CONFLICT (tenant_id, id) DO UPDATE SET url = EXCLUDED.url, event_types = EXCLUDED.event_types, enabled = true,
         disabled_reason = NULL, disabled_at = NULL, failing_since = NULL, updated_at = EXCLUDED.updated_at
       RETURNING *, (xmax = 0) AS inserted`,
      [tenantId, id, url, eventTypes, this.box.seal(secret, tenantId, id), now, max],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.inserted ? { endpoint: view(row), secret } : { endpoint: view(row) };
  }

  async list(tenantId: string): Promise<WebhookEndpointView[]> {
    const rows: EndpointRow[] = await this.db.query('SELECT * FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY id', [tenantId]);
    return rows.map(view);
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpointView | undefined> {
    const rows: EndpointRow[] = await this.db.query('SELECT * FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0] ? view(rows[0]) : undefined;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]);
    await this.db.query('DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2', [tenantId, id]);
    return rows.length > 0;
  }

  /** A new current secret; the old one keeps signing beside it until `until`. */
  async rotate(tenantId: string, id: string, until: Date, now: Date): Promise<string | undefined> {
    const secret = newSigningSecret();
    const rows: unknown[] = await this.db.query(
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $3, secret = $4, updated_at = $5
       WHERE tenant_id = $1 AND id = $2 RETURNING id`,
      [tenantId, id, until, this.box.seal(secret, tenantId, id), now],
    );
    return rows.length > 0 ? secret : undefined;
  }

  /** The tenant's enabled endpoints that asked for this event type, with the secrets that sign now. */
  async targets(tenantId: string, type: WebhookEventType, now: Date): Promise<DeliveryTarget[]> {
    const rows: EndpointRow[] = await this.db.query('SELECT * FROM webhook_endpoints WHERE tenant_id = $1 AND enabled AND $2 = ANY(event_types) ORDER BY id', [tenantId, type]);
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      id: row.id,
      url: row.url,
      secrets: [
        this.box.open(row.secret, row.tenant_id, row.id),
        ...(row.previous_secret && row.previous_secret_until && row.previous_secret_until > now ? [this.box.open(row.previous_secret, row.tenant_id, row.id)] : []),
      ],
      failingSince: row.failing_since ? row.failing_since.getTime() : null,
    }));
  }

  async wasDelivered(target: DeliveryTarget, webhookId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2 AND webhook_id = $3', [target.tenantId, target.id, webhookId]);
    return rows.length > 0;
  }

  /** The endpoint acknowledged it: remembered (no second send on a retry) and the endpoint is healthy again. */
  async delivered(target: DeliveryTarget, webhookId: string, now: Date): Promise<void> {
    await this.db.query('INSERT INTO webhook_deliveries (tenant_id, endpoint_id, webhook_id, delivered_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [target.tenantId, target.id, webhookId, now]);
    if (target.failingSince !== null) await this.db.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE tenant_id = $1 AND id = $2', [target.tenantId, target.id]);
  }

  /** Marks the start of a failing streak (kept if one is running); returns when it started. */
  async failed(target: DeliveryTarget, now: Date): Promise<number> {
    const rows: { failing_since: Date }[] = await this.db.query(
      'UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $3) WHERE tenant_id = $1 AND id = $2 RETURNING failing_since',
      [target.tenantId, target.id, now],
    );
    return rows[0]?.failing_since.getTime() ?? now.getTime();
  }

  /** True if this call disabled it (false: already disabled, or deleted). */
  async disable(target: DeliveryTarget, reason: DisableReason, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      'UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, disabled_at = $4, updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND enabled RETURNING id',
      [target.tenantId, target.id, reason, now],
    );
    return rows.length > 0;
  }

  async forgetDeliveriesBefore(cutoff: Date): Promise<void> {
    await this.db.query('DELETE FROM webhook_deliveries WHERE delivered_at < $1', [cutoff]);
  }
}
