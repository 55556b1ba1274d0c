import { DEFAULT_TENANT_POLICY, tenantPolicySchema } from './tenant-policy';

describe('tenantPolicySchema', () => {
  it('defaults to a fail-closed policy: secure links, SMS allowed, OTPs secret, RCS by default', () => {
    expect(DEFAULT_TENANT_POLICY).toEqual({
      onSensitive: 'secure_link',
      smsAllowed: true,
      secureLink: { ttlSeconds: 3600, maxViews: 1, keyMode: 'fragment' },
      allowedRegions: [],
      otpHandling: 'fail_closed',
      downgradeHandling: 'no_e2ee_trust',
      allowSenderDowngrade: false,
      rollout: { mode: 'default_rcs', pilotPercent: 0, dualDeliveryInPilot: true },
      holdTtlSeconds: 86_400,
    });
  });

  it('fills nested defaults of a partial body', () => {
    const policy = tenantPolicySchema.parse({ rollout: { mode: 'pilot', pilotPercent: 10 }, secureLink: { keyMode: 'passphrase' } });
    expect(policy.rollout).toEqual({ mode: 'pilot', pilotPercent: 10, dualDeliveryInPilot: true });
    expect(policy.secureLink).toEqual({ ttlSeconds: 3600, maxViews: 1, keyMode: 'passphrase' });
  });

  it.each([
    ['an unknown onSensitive', { onSensitive: 'send_anyway' }, 'onSensitive'],
    ['a lower-case region', { allowedRegions: ['gb'] }, 'allowedRegions.0'],
    ['a pilot share above 100 %', { rollout: { pilotPercent: 101 } }, 'rollout.pilotPercent'],
    ['an unknown key (typo)', { smsAllowd: false }, ''],
    ['a string where a boolean belongs', { smsAllowed: 'no' }, 'smsAllowed'],
  ])('rejects %s', (_label, body, path) => {
    const result = tenantPolicySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
