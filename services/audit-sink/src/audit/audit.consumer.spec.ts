import { create, KeyDeliveryMode, RoutingDecisionSchema, SecureLinkEventType, SecureLinkLifecycleSchema } from '@switchback/contracts';
import type { EventContext } from '@switchback/bus';
import type { AuditEntry } from '../chain/audit-entry';
import { AuditConsumer } from './audit.consumer';
import { AuditEntryException, type AuditLog } from './audit-log';

describe('AuditConsumer: secure link lifecycle', () => {
  const appended: AuditEntry[] = [];
  const consumer = new AuditConsumer({ append: async (entry: AuditEntry) => void appended.push(entry) } as unknown as AuditLog);
  const context = {} as EventContext;

  beforeEach(() => (appended.length = 0));

  it('records an escrowed link with its escrow key id, and each claim as its own row', async () => {
    const base = { linkId: 'lnk_1', tenantId: 'acme', messageId: 'm-9', maxViews: 2, keyMode: KeyDeliveryMode.FRAGMENT, expiresAtMs: 1_800_000_000_000n, occurredAtMs: 1_700_000_000_000n, escrowKeyId: 'esc-2026' };
    await consumer.secureLink(create(SecureLinkLifecycleSchema, { ...base, type: SecureLinkEventType.CREATED, views: 0 }), context);
    await consumer.secureLink(create(SecureLinkLifecycleSchema, { ...base, type: SecureLinkEventType.CLAIMED, views: 1 }), context);
    await consumer.secureLink(create(SecureLinkLifecycleSchema, { ...base, type: SecureLinkEventType.CLAIMED, views: 2 }), context);
    expect(appended[0]).toEqual({
      eventKey: 'securelink:lnk_1:created:0',
      eventType: 'secure_link_lifecycle',
      messageId: 'm-9',
      tenantId: 'acme',
      recipientHash: '',
      channel: '',
      outcome: 'created',
      fallbackReason: null,
      detail: { linkId: 'lnk_1', views: 0, maxViews: 2, keyMode: 'fragment', expiresAt: '2027-01-15T08:00:00.000Z', escrowKeyId: 'esc-2026' },
      occurredAt: new Date(1_700_000_000_000),
    });
    expect(new Set(appended.map((e) => e.eventKey)).size).toBe(3);
  });

  it('records who revoked, and null escrow when the link had none', async () => {
    await consumer.secureLink(create(SecureLinkLifecycleSchema, { linkId: 'lnk_2', tenantId: 'acme', type: SecureLinkEventType.REVOKED, actor: 'holder', occurredAtMs: 5n }), context);
    expect(appended[0]).toMatchObject({ outcome: 'revoked', detail: { escrowKeyId: null, actor: 'holder' } });
  });
});

describe('AuditConsumer: times out of range', () => {
  const consumer = new AuditConsumer({ append: async () => ({}) } as unknown as AuditLog);

  it('refuses a detail time no Date can hold with a permanent, typed error (dead letter, not retries)', async () => {
    const event = create(RoutingDecisionSchema, { messageId: 'm-1', tenantId: 'acme', decidedAtMs: 1_700_000_000_000n, holdExpiresAtMs: 9_223_372_036_854_775_807n });
    const refused = consumer.decision(event, {} as EventContext);
    await expect(refused).rejects.toBeInstanceOf(AuditEntryException);
    await expect(refused).rejects.toMatchObject({ retriable: false, code: 'audit_entry_invalid', message: 'holdExpiresAtMs is not a date' });
  });
});
