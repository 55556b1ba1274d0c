import { FAILOVER_DEFAULTS, failoverRuleFor } from './failover-policy';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema } from './tenant-policy';

describe('tenantPolicySchema', () => {
  it('defaults to a fail-closed policy: secure links, SMS allowed, OTPs secret, RCS by default', () => {
    expect(DEFAULT_TENANT_POLICY).toEqual({
      onSensitive: 'secure_link',
      smsAllowed: true,
      secureLink: { ttlSeconds: 3600, maxViews: 1, keyMode: 'fragment', codeDelivery: 'other_channel', codeFallback: 'hold' },
      allowedRegions: [],
      residency: { regions: [] },
      otpHandling: 'fail_closed',
      otpDualDelivery: false,
      downgradeHandling: 'no_e2ee_trust',
      allowSenderDowngrade: false,
      rollout: { mode: 'default_rcs', pilotPercent: 0, dualDeliveryInPilot: true },
      holdTtlSeconds: 86_400,
      failover: FAILOVER_DEFAULTS,
    });
  });

  it('takes residency as connector regions, refusing unknown regions and keys', () => {
    expect(tenantPolicySchema.parse({ residency: { regions: ['EU'] } }).residency).toEqual({ regions: ['EU'] });
    expect(tenantPolicySchema.safeParse({ residency: { regions: ['FR'] } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ residency: { region: 'EU' } }).success).toBe(false);
  });

  it('defaults failover per traffic type: OTPs time out after 30 s, promotions never on a timeout', () => {
    expect(DEFAULT_TENANT_POLICY.failover.otp).toEqual({ onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 30, maxFailovers: 2 });
    expect(DEFAULT_TENANT_POLICY.failover.promotional.deliveryTimeoutS).toBe(0);
    expect(failoverRuleFor(DEFAULT_TENANT_POLICY.failover, 'unspecified')).toBe(DEFAULT_TENANT_POLICY.failover.default);
    expect(failoverRuleFor(DEFAULT_TENANT_POLICY.failover, 'alert')).toBe(DEFAULT_TENANT_POLICY.failover.alert);
  });

  it('fills the omitted failover fields and types of a partial body', () => {
    const policy = tenantPolicySchema.parse({ failover: { otp: { deliveryTimeoutS: 10 } } });
    expect(policy.failover.otp).toEqual({ ...FAILOVER_DEFAULTS.otp, deliveryTimeoutS: 10 });
    expect(policy.failover.transactional).toEqual(FAILOVER_DEFAULTS.transactional);
  });

  it('fills nested defaults of a partial body', () => {
    const policy = tenantPolicySchema.parse({ rollout: { mode: 'pilot', pilotPercent: 10 }, secureLink: { keyMode: 'passphrase' } });
    expect(policy.rollout).toEqual({ mode: 'pilot', pilotPercent: 10, dualDeliveryInPilot: true });
    expect(policy.secureLink).toEqual({ ttlSeconds: 3600, maxViews: 1, keyMode: 'passphrase', codeDelivery: 'other_channel', codeFallback: 'hold' });
  });

  it.each([
    ['an unknown onSensitive', { onSensitive: 'send_anyway' }, 'onSensitive'],
    ['a lower-case region', { allowedRegions: ['gb'] }, 'allowedRegions.0'],
    ['a pilot share above 100 %', { rollout: { pilotPercent: 101 } }, 'rollout.pilotPercent'],
    ['an unknown key (typo)', { smsAllowd: false }, ''],
    ['a string where a boolean belongs', { smsAllowed: 'no' }, 'smsAllowed'],
    ['a negative delivery timeout', { failover: { otp: { deliveryTimeoutS: -1 } } }, 'failover.otp.deliveryTimeoutS'],
    ['more than 3 failovers', { failover: { alert: { maxFailovers: 4 } } }, 'failover.alert.maxFailovers'],
    ['an unknown traffic type', { failover: { marketing: {} } }, 'failover'],
    ['an unknown code fallback', { secureLink: { codeFallback: 'same_channel' } }, 'secureLink.codeFallback'],
    ['an unknown code delivery', { secureLink: { codeDelivery: 'sms' } }, 'secureLink.codeDelivery'],
    ['an unknown failover field (typo)', { failover: { otp: { onUnreachble: false } } }, 'failover.otp'],
  ])('rejects %s', (_label, body, path) => {
    const result = tenantPolicySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
