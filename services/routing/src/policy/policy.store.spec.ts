import { RecordingEventSink } from '@switchback/bus';
import type { ConnectorRegion } from '@switchback/contracts';
import { ProblemException, type Clock } from '@switchback/runtime';
import { PolicyStore } from './policy.store';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema } from './tenant-policy';
import type { TenantPolicyEntity } from './tenant-policy.entity';
import type { TenantPolicyRepository } from './tenant-policy.repository';

describe('PolicyStore', () => {
  let now = 1_000;
  const clock: Clock = { now: () => now };
  let rows: TenantPolicyEntity[];
  const repository = {
    findLatest: jest.fn(async (tenantId: string) => rows.filter((r) => r.tenantId === tenantId).sort((a, b) => b.version - a.version)[0] ?? null),
    append: jest.fn(async (tenantId: string, policy: unknown, actor: string, createdAt: Date) => {
      const row = { tenantId, version: rows.filter((r) => r.tenantId === tenantId).length + 1, policy, actor, createdAt };
      rows.push(row);
      return row;
    }),
  };
  const publisher = new RecordingEventSink();
  const store = (rcs: ConnectorRegion[] = ['GLOBAL'], sms: ConnectorRegion[] = ['GLOBAL']) =>
    new PolicyStore(repository as unknown as TenantPolicyRepository, publisher, clock, { POLICY_CACHE_TTL_MS: 5000, RCS_CONNECTOR_REGIONS: rcs, SMS_CONNECTOR_REGIONS: sms });

  beforeEach(() => {
    rows = [];
    now = 1_000;
    jest.clearAllMocks();
    publisher.clear();
  });

  it('gives the default policy as version 0 to a tenant that never set one', async () => {
    await expect(store().latest('acme')).resolves.toMatchObject({ version: 0, policy: DEFAULT_TENANT_POLICY });
  });

  it('serves reads from the cache until the TTL runs out, then sees a change made elsewhere', async () => {
    const policies = store();
    await policies.latest('acme');
    rows.push({ tenantId: 'acme', version: 1, policy: { smsAllowed: false }, actor: 'other-instance', createdAt: new Date(0) });
    now += 4_999;
    await expect(policies.latest('acme')).resolves.toMatchObject({ version: 0 });
    now += 1;
    await expect(policies.latest('acme')).resolves.toMatchObject({ version: 1, policy: { smsAllowed: false, onSensitive: 'secure_link' } });
    expect(repository.findLatest).toHaveBeenCalledTimes(2);
  });

  it('applies its own write at once and announces it with the actor and the policy', async () => {
    const policies = store();
    await policies.latest('acme');
    const policy = tenantPolicySchema.parse({ onSensitive: 'block' });
    await expect(policies.save('acme', policy, 'alice')).resolves.toMatchObject({ version: 1, actor: 'alice' });
    await expect(policies.latest('acme')).resolves.toMatchObject({ version: 1, policy: { onSensitive: 'block' } });
    expect(publisher.published).toEqual([
      {
        topic: 'policyChanged',
        event: expect.objectContaining({ tenantId: 'acme', version: 1, actor: 'alice', changedAtMs: 1000n, policyJson: JSON.stringify(policy) }),
        options: { key: 'acme', messageId: 'policy:acme:1' },
      },
    ]);
  });

  it('refuses a stored policy that no longer parses instead of guessing one', async () => {
    rows.push({ tenantId: 'acme', version: 3, policy: { onSensitive: 'yolo' }, actor: 'x', createdAt: new Date(0) });
    await expect(store().latest('acme')).rejects.toMatchObject({ code: 'stored_policy_invalid', retriable: false });
  });

  describe('residency', () => {
    const refusal = async (policy: object, rcs: ConnectorRegion[], sms: ConnectorRegion[]) => {
      const error = await store(rcs, sms).save('acme', tenantPolicySchema.parse(policy), 'alice').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProblemException);
      expect(rows).toEqual([]);
      expect(publisher.published).toEqual([]);
      return (error as ProblemException).getResponse();
    };

    it('saves a residency some connector serves', async () => {
      await expect(store(['EU', 'US'], ['US']).save('acme', tenantPolicySchema.parse({ residency: { regions: ['EU'] } }), 'alice')).resolves.toMatchObject({ version: 1, policy: { residency: { regions: ['EU'] } } });
    });

    it('refuses with a 422 problem a region no connector serves', async () => {
      await expect(refusal({ residency: { regions: ['EU', 'ASIA'] } }, ['EU'], ['EU'])).resolves.toMatchObject({ status: 422, errors: [{ field: 'residency.regions', message: 'no RCS hub or SMSC connector serves ASIA' }] });
    });

    it('refuses residency that leaves no carrier path (SMS not allowed, no hub in the region)', async () => {
      const body = await refusal({ residency: { regions: ['EU'] }, smsAllowed: false }, ['US'], ['EU']);
      expect(body).toMatchObject({ status: 422, errors: [{ field: 'residency.regions', message: 'no carrier path is left: RCS serves US, SMS is not allowed' }] });
    });
  });
});
