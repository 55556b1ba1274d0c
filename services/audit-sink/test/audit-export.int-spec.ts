import type { EventContext } from '@switchback/bus';
import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, KeyDeliveryMode, RoutingDecisionSchema, SecureLinkEventType, SecureLinkLifecycleSchema } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { createHmac, randomBytes } from 'node:crypto';
import { sbctl, startAudit, type AuditHarness } from './audit-harness';

// Export by time range, tenant or recipient hash, as JSON Lines and CSV: metadata only. The
// message's text and the phone number went through routing, never into the audit log.
const PHONE = '+447700900123';
const CANARY = `canary-${randomBytes(6).toString('hex')}`;
const context = {} as EventContext;

describe('audit export (real Postgres, real sbctl)', () => {
  let audit: AuditHarness;
  const hasher = new KeyedHasher({ key: 'an-int-test-key-0123456789', keyId: 'k1' });
  const recipientHash = hasher.hash(PHONE);

  beforeAll(async () => {
    audit = await startAudit('audit_export');
    const contentFingerprint = createHmac('sha256', 'fp').update(`${CANARY} your code is 123456`).digest('hex').slice(0, 16);
    await audit.consumer.decision(create(RoutingDecisionSchema, { messageId: 'm-1', tenantId: 'acme', recipientHash, channel: Channel.SMS, actionTaken: ActionTaken.SECURE_LINK_CREATED, decidedAtMs: BigInt(Date.parse('2026-11-02T10:00:00Z')), contentFingerprint, detectorIds: ['otp'] }), context);
    await audit.consumer.secureLink(create(SecureLinkLifecycleSchema, { linkId: 'lnk_9', tenantId: 'acme', messageId: 'm-1', type: SecureLinkEventType.CREATED, keyMode: KeyDeliveryMode.FRAGMENT, maxViews: 1, expiresAtMs: 1n, occurredAtMs: BigInt(Date.parse('2026-11-02T10:00:01Z')), escrowKeyId: 'esc-1' }), context);
    await audit.consumer.outcome(create(DeliveryOutcomeSchema, { messageId: 'm-2', tenantId: 'globex', recipientHash: hasher.hash('+447700900999'), channel: Channel.SMS, status: DeliveryStatus.DELIVERED, leg: 1, occurredAtMs: 5n }), context);
  });

  afterAll(async () => {
    await audit?.close();
  });

  const run = (...args: string[]) => sbctl(audit.schema, ['audit', 'export', ...args]);

  it('exports a tenant as JSON Lines, with escrowed links, and no content or phone number', async () => {
    const result = await run('--tenant', 'acme');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.seq, l.event_type, l.tenant_id])).toEqual([
      ['1', 'routing_decision', 'acme'],
      ['2', 'secure_link_lifecycle', 'acme'],
    ]);
    expect(lines[1].detail).toMatchObject({ escrowKeyId: 'esc-1', linkId: 'lnk_9' });
    for (const secret of [CANARY, PHONE, PHONE.slice(1), '123456']) expect(result.stdout).not.toContain(secret);
  });

  it('exports a recipient hash as CSV, and a time range', async () => {
    const csv = await run('--format', 'csv', '--recipient', recipientHash);
    const rows = csv.stdout.split('\n');
    expect(rows[0]).toBe('seq,recorded_at,occurred_at,event_type,event_key,message_id,tenant_id,recipient_hash,hash_key_id,channel,outcome,fallback_reason,detail,prev_hash,row_hash');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^1,.*,routing_decision,.*,acme,k1:/);
    for (const secret of [CANARY, PHONE, PHONE.slice(1)]) expect(csv.stdout).not.toContain(secret);

    const now = new Date();
    expect((await run('--since', new Date(now.getTime() - 3_600_000).toISOString(), '--until', new Date(now.getTime() + 3_600_000).toISOString())).stdout.split('\n')).toHaveLength(3);
    expect((await run('--until', '2020-01-01T00:00:00Z')).stdout).toBe('');
    expect(await run('--format', 'xml')).toMatchObject({ code: 64, stderr: '--format must be jsonl or csv' });
  });
});
