import { ActionTaken as A, Channel as C, E2eeCapability as E, FallbackReason as R, KeyDeliveryMode as K } from '@switchback/contracts';
import { classify, type TrafficType } from '@switchback/sensitivity';
import type { Cohort } from '../cohort/cohort';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema, type TenantPolicy } from '../policy/tenant-policy';
import { decide } from './decide';
import type { CapabilityView, Decision, DecisionInput, SecureLinkPlan } from './decision';

const NOW = 1_800_000_000_000;

// Capabilities, weakest to strongest, plus the untrusted variants.
const cap = (patch: Partial<CapabilityView>): CapabilityView => ({ rcs: false, rcsE2ee: false, inappE2ee: false, region: 'GB', downgradeSuspected: false, guess: false, ...patch });
const SMS_ONLY = cap({});
const RCS = cap({ rcs: true });
const INAPP = cap({ inappE2ee: true });
const RCS_INAPP = cap({ rcs: true, inappE2ee: true });
const RCS_E2EE = cap({ rcs: true, rcsE2ee: true });
const ALL = cap({ rcs: true, rcsE2ee: true, inappE2ee: true });
const GUESS_RCS_E2EE = cap({ rcs: true, rcsE2ee: true, guess: true });
const GUESS_RCS = cap({ rcs: true, guess: true });
const GUESS_SMS = cap({ guess: true });
const DOWNGRADED_RCS = cap({ rcs: true, downgradeSuspected: true });
const DOWNGRADED_RCS_E2EE = cap({ rcs: true, rcsE2ee: true, downgradeSuspected: true });
const FR_RCS = cap({ rcs: true, region: 'FR' });
const NO_REGION_E2EE = cap({ rcs: true, rcsE2ee: true, region: '' });

// Classifications.
type Cls = DecisionInput['classification'];
const PLAIN: Cls = { level: 'none', detectors: [] };
const PERSONAL: Cls = { level: 'personal', detectors: ['pii.iban'] };
const SECRET: Cls = { level: 'secret', detectors: ['secret.aws_access_key'] };
const OTP: Cls = { level: 'secret', detectors: ['secret.otp_code', 'traffic.otp'] };
const OTP_BARE: Cls = { level: 'secret', detectors: ['traffic.otp'] };
const OTP_WITH_IBAN: Cls = { level: 'secret', detectors: ['pii.iban', 'secret.otp_code', 'traffic.otp'] };
const PUBLIC_DOWNGRADED: Cls = { level: 'none', detectors: ['label.public', 'pii.iban'] };

// Cohorts, as the assigner hands them out.
const DEFAULT: Cohort = { name: 'default', rcsAllowed: true, dualSms: false };
const PILOT: Cohort = { name: 'pilot', rcsAllowed: true, dualSms: true };
const PILOT_SINGLE: Cohort = { name: 'pilot', rcsAllowed: true, dualSms: false };
const CONTROL: Cohort = { name: 'control', rcsAllowed: false, dualSms: false };
const OPT_IN: Cohort = { name: 'opt_in', rcsAllowed: true, dualSms: false };
const KILL: Cohort = { name: 'kill_switch', rcsAllowed: false, dualSms: false };

// Policies.
const P = (patch: Record<string, unknown> = {}): TenantPolicy => tenantPolicySchema.parse(patch);
const DEF = DEFAULT_TENANT_POLICY;
const BLOCK = P({ onSensitive: 'block' });
const NO_SMS = P({ smsAllowed: false });
const NO_SMS_BLOCK = P({ smsAllowed: false, onSensitive: 'block' });
const GB_ONLY = P({ allowedRegions: ['GB', 'IE'] });
const SMS_FIRST = P({ otpHandling: 'sms_first' });
const RCS_FIRST = P({ otpHandling: 'rcs_first' });
const DG_BLOCK = P({ downgradeHandling: 'block_sensitive' });
const PASSPHRASE = P({ secureLink: { keyMode: 'passphrase', ttlSeconds: 600, maxViews: 2 } });
const DEVICE_KEY = P({ secureLink: { keyMode: 'device_key' } });

const CODE = P({ secureLink: { keyMode: 'second_channel_code' } });
const CODE_BLOCK = P({ secureLink: { keyMode: 'second_channel_code', codeFallback: 'block' } });
const CODE_LINK_ONLY = P({ secureLink: { keyMode: 'second_channel_code', codeFallback: 'link_without_code' } });
const CODE_NO_SMS = P({ smsAllowed: false, secureLink: { keyMode: 'second_channel_code' } });
const HOLD = NOW + 86_400_000;
const LINK_SMS: SecureLinkPlan = { channel: C.SMS, keyMode: K.FRAGMENT, ttlSeconds: 3600, maxViews: 1 };
const LINK_RCS: SecureLinkPlan = { ...LINK_SMS, channel: C.RCS };
const CODE_LINK_RCS: SecureLinkPlan = { ...LINK_RCS, keyMode: K.SECOND_CHANNEL_CODE, code: { via: 'channel', channel: C.SMS } };

type Row = [string, CapabilityView | undefined, Cls, TrafficType, TenantPolicy, Cohort, C, A, R, Partial<Decision>?];

// prettier-ignore
const TABLE: Row[] = [
  // --- non-sensitive: the first available rung, strongest first
  ['plain, every rung → RCS_E2EE',                 ALL,       PLAIN, 'transactional', DEF, DEFAULT, C.RCS_E2EE,   A.SENT_E2EE,  R.NONE, { e2eeCapability: E.AVAILABLE }],
  ['plain, in-app key + RCS → INAPP_E2EE',         RCS_INAPP, PLAIN, 'transactional', DEF, DEFAULT, C.INAPP_E2EE, A.SENT_E2EE,  R.NONE],
  ['plain, in-app key only → INAPP_E2EE',          INAPP,     PLAIN, 'transactional', DEF, DEFAULT, C.INAPP_E2EE, A.SENT_E2EE,  R.NONE],
  ['plain, RCS without E2EE → RCS',                RCS,       PLAIN, 'transactional', DEF, DEFAULT, C.RCS,        A.SENT_PLAIN, R.NONE, { e2eeCapability: E.UNAVAILABLE }],
  ['plain, SMS only → SMS',                        SMS_ONLY,  PLAIN, 'promotional',   DEF, DEFAULT, C.SMS,        A.SENT_PLAIN, R.NOT_RCS_REACHABLE],
  ['plain, no snapshot → SMS, unknown',            undefined, PLAIN, 'unspecified',   DEF, DEFAULT, C.SMS,        A.SENT_PLAIN, R.CAPABILITY_UNKNOWN, { e2eeCapability: E.UNKNOWN }],
  ['plain, SMS only, SMS forbidden → blocked',     SMS_ONLY,  PLAIN, 'transactional', NO_SMS, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.SMS_NOT_ALLOWED, { holdExpiresAtMs: HOLD }],
  ['plain, RCS, SMS forbidden → RCS',              RCS,       PLAIN, 'transactional', NO_SMS, DEFAULT, C.RCS,      A.SENT_PLAIN, R.NONE],
  ['plain, public label downgraded → plain',       RCS,       PUBLIC_DOWNGRADED, 'alert', DEF, DEFAULT, C.RCS,     A.SENT_PLAIN, R.NONE],
  // --- capability guess: E2EE claims are not trusted
  ['plain, guessed RCS_E2EE → RCS, unknown',       GUESS_RCS_E2EE, PLAIN, 'transactional', DEF, DEFAULT, C.RCS,   A.SENT_PLAIN, R.CAPABILITY_UNKNOWN, { e2eeCapability: E.UNKNOWN }],
  ['plain, guessed SMS only → SMS, unknown',       GUESS_SMS, PLAIN, 'transactional', DEF, DEFAULT, C.SMS,        A.SENT_PLAIN, R.CAPABILITY_UNKNOWN],
  ['secret, guessed RCS_E2EE → link on RCS',       GUESS_RCS_E2EE, SECRET, 'transactional', DEF, DEFAULT, C.RCS,  A.SECURE_LINK_CREATED, R.CAPABILITY_UNKNOWN, { secureLink: LINK_RCS }],
  ['secret, guessed, block policy → blocked',      GUESS_RCS, SECRET, 'transactional', BLOCK, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.CAPABILITY_UNKNOWN, { holdExpiresAtMs: HOLD }],
  // --- downgrade suspected
  ['plain, downgraded E2EE → RCS',                 DOWNGRADED_RCS_E2EE, PLAIN, 'transactional', DEF, DEFAULT, C.RCS, A.SENT_PLAIN, R.DOWNGRADE_SUSPECTED, { e2eeCapability: E.UNAVAILABLE }],
  ['secret, downgraded, no_e2ee_trust → link',     DOWNGRADED_RCS_E2EE, SECRET, 'transactional', DEF, DEFAULT, C.RCS, A.SECURE_LINK_CREATED, R.DOWNGRADE_SUSPECTED, { secureLink: LINK_RCS }],
  ['secret, downgraded, block_sensitive → block',  DOWNGRADED_RCS, SECRET, 'transactional', DG_BLOCK, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.DOWNGRADE_SUSPECTED],
  ['plain, downgraded, block_sensitive → RCS',     DOWNGRADED_RCS, PLAIN, 'transactional', DG_BLOCK, DEFAULT, C.RCS, A.SENT_PLAIN, R.DOWNGRADE_SUSPECTED],
  // --- sensitive: E2EE, else secure link on the best plaintext rung, else blocked
  ['secret, RCS_E2EE → RCS_E2EE',                  RCS_E2EE,  SECRET, 'transactional', DEF, DEFAULT, C.RCS_E2EE,  A.SENT_E2EE, R.NONE],
  ['personal, in-app key → INAPP_E2EE',            INAPP,     PERSONAL, 'transactional', DEF, DEFAULT, C.INAPP_E2EE, A.SENT_E2EE, R.NONE],
  ['secret, RCS → secure link on RCS',             RCS,       SECRET, 'transactional', DEF, DEFAULT, C.RCS,       A.SECURE_LINK_CREATED, R.CARRIER, { secureLink: LINK_RCS }],
  ['personal, SMS only → secure link on SMS',      SMS_ONLY,  PERSONAL, 'transactional', DEF, DEFAULT, C.SMS,     A.SECURE_LINK_CREATED, R.NOT_RCS_REACHABLE, { secureLink: LINK_SMS }],
  ['secret, link settings from the policy',        SMS_ONLY,  SECRET, 'transactional', PASSPHRASE, DEFAULT, C.SMS, A.SECURE_LINK_CREATED, R.NOT_RCS_REACHABLE, { secureLink: { ...LINK_SMS, keyMode: K.PASSPHRASE, ttlSeconds: 600, maxViews: 2 } }],
  ['secret, device-key link without a key → block', SMS_ONLY, SECRET, 'transactional', DEVICE_KEY, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.DEVICE_MISMATCH],
  ['secret, SMS only, SMS forbidden → blocked',    SMS_ONLY,  SECRET, 'transactional', NO_SMS, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.SMS_NOT_ALLOWED],
  ['code mode, RCS and SMS → link on RCS, code on SMS', RCS, SECRET, 'transactional', CODE, DEFAULT, C.RCS,     A.SECURE_LINK_CREATED, R.CARRIER, { secureLink: CODE_LINK_RCS }],
  ['code mode, SMS only → held (no second path)',  SMS_ONLY,  SECRET, 'transactional', CODE, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.NO_SECOND_CHANNEL, { holdExpiresAtMs: HOLD }],
  ['code mode, control cohort → held, not SMS twice', RCS,    SECRET, 'transactional', CODE, CONTROL, C.UNSPECIFIED, A.BLOCKED, R.NO_SECOND_CHANNEL, { holdExpiresAtMs: HOLD }],
  ['code mode, RCS, SMS forbidden → held',         RCS,       SECRET, 'transactional', CODE_NO_SMS, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.NO_SECOND_CHANNEL, { holdExpiresAtMs: HOLD }],
  ['code mode, SMS only, block → blocked, no hold time', SMS_ONLY, SECRET, 'transactional', CODE_BLOCK, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.NO_SECOND_CHANNEL, { holdExpiresAtMs: NOW }],
  ['code mode, SMS only, link_without_code → fragment link', SMS_ONLY, SECRET, 'transactional', CODE_LINK_ONLY, DEFAULT, C.SMS, A.SECURE_LINK_CREATED, R.NO_SECOND_CHANNEL, { secureLink: LINK_SMS }],
  ['secret, RCS, SMS forbidden → link on RCS',     RCS,       SECRET, 'transactional', NO_SMS, DEFAULT, C.RCS,    A.SECURE_LINK_CREATED, R.CARRIER, { secureLink: LINK_RCS }],
  ['secret, RCS, block policy → blocked',          RCS,       SECRET, 'transactional', BLOCK, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.POLICY_BLOCKED, { holdExpiresAtMs: HOLD }],
  ['personal, SMS only, block + no SMS → blocked', SMS_ONLY,  PERSONAL, 'transactional', NO_SMS_BLOCK, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.POLICY_BLOCKED],
  ['secret, E2EE, block policy → still E2EE',      ALL,       SECRET, 'transactional', BLOCK, DEFAULT, C.RCS_E2EE, A.SENT_E2EE, R.NONE],
  // --- region (data residency), for every kind of content
  ['plain, outside the allowed regions → blocked', FR_RCS,    PLAIN, 'transactional', GB_ONLY, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.REGION_BLOCKED, { holdExpiresAtMs: HOLD }],
  ['secret E2EE, unknown region → blocked',        NO_REGION_E2EE, SECRET, 'transactional', GB_ONLY, DEFAULT, C.UNSPECIFIED, A.BLOCKED, R.REGION_BLOCKED],
  ['plain, inside the allowed regions → RCS',      RCS,       PLAIN, 'transactional', GB_ONLY, DEFAULT, C.RCS,    A.SENT_PLAIN, R.NONE],
  ['plain, no allow-list, any region → RCS',       FR_RCS,    PLAIN, 'transactional', DEF, DEFAULT, C.RCS,        A.SENT_PLAIN, R.NONE],
  // --- rollout cohorts
  ['pilot, plain RCS → RCS + dual SMS leg',        RCS,       PLAIN, 'transactional', DEF, PILOT, C.RCS,          A.SENT_PLAIN, R.NONE, { dualChannel: C.SMS }],
  ['pilot, plain E2EE → RCS_E2EE + dual SMS',      RCS_E2EE,  PLAIN, 'transactional', DEF, PILOT, C.RCS_E2EE,     A.SENT_E2EE, R.NONE, { dualChannel: C.SMS }],
  ['pilot, SMS only → no second SMS leg',          SMS_ONLY,  PLAIN, 'transactional', DEF, PILOT, C.SMS,          A.SENT_PLAIN, R.NOT_RCS_REACHABLE, { dualChannel: C.UNSPECIFIED }],
  ['pilot, SMS forbidden → no dual leg',           RCS,       PLAIN, 'transactional', NO_SMS, PILOT, C.RCS,       A.SENT_PLAIN, R.NONE, { dualChannel: C.UNSPECIFIED }],
  ['pilot, sensitive E2EE → no dual leg',          RCS_E2EE,  SECRET, 'transactional', DEF, PILOT, C.RCS_E2EE,    A.SENT_E2EE, R.NONE, { dualChannel: C.UNSPECIFIED }],
  ['pilot, sensitive RCS → link, no dual leg',     RCS,       SECRET, 'transactional', DEF, PILOT, C.RCS,         A.SECURE_LINK_CREATED, R.CARRIER, { dualChannel: C.UNSPECIFIED }],
  ['pilot without dual delivery → single leg',     RCS,       PLAIN, 'transactional', DEF, PILOT_SINGLE, C.RCS,   A.SENT_PLAIN, R.NONE, { dualChannel: C.UNSPECIFIED }],
  ['control, plain RCS → SMS (cohort)',            RCS,       PLAIN, 'transactional', DEF, CONTROL, C.SMS,        A.SENT_PLAIN, R.COHORT],
  ['control, plain RCS_E2EE + in-app → in-app',    ALL,       PLAIN, 'transactional', DEF, CONTROL, C.INAPP_E2EE, A.SENT_E2EE, R.COHORT],
  ['control, secret RCS_E2EE → link on SMS',       RCS_E2EE,  SECRET, 'transactional', DEF, CONTROL, C.SMS,       A.SECURE_LINK_CREATED, R.COHORT, { secureLink: LINK_SMS }],
  ['control, SMS only → SMS, not reachable',       SMS_ONLY,  PLAIN, 'transactional', DEF, CONTROL, C.SMS,        A.SENT_PLAIN, R.NOT_RCS_REACHABLE],
  ['opt-in, plain RCS → RCS',                      RCS,       PLAIN, 'transactional', DEF, OPT_IN, C.RCS,         A.SENT_PLAIN, R.NONE],
  ['kill switch, plain RCS_E2EE → SMS',            RCS_E2EE,  PLAIN, 'transactional', DEF, KILL, C.SMS,           A.SENT_PLAIN, R.KILL_SWITCH],
  ['kill switch, secret RCS_E2EE → link on SMS',   RCS_E2EE,  SECRET, 'transactional', DEF, KILL, C.SMS,          A.SECURE_LINK_CREATED, R.KILL_SWITCH, { secureLink: LINK_SMS }],
  ['kill switch, secret, block → blocked',         RCS_E2EE,  SECRET, 'transactional', BLOCK, KILL, C.UNSPECIFIED, A.BLOCKED, R.KILL_SWITCH],
  ['kill switch, in-app key still used (its best)', RCS_INAPP, SECRET, 'transactional', DEF, KILL, C.INAPP_E2EE, A.SENT_E2EE, R.NONE],
  ['kill switch + no SMS, plain → blocked',        RCS,       PLAIN, 'transactional', NO_SMS, KILL, C.UNSPECIFIED, A.BLOCKED, R.SMS_NOT_ALLOWED],
  // --- OTP handling
  ['OTP, fail_closed, RCS → secure link',          RCS,       OTP,  'otp', DEF, DEFAULT, C.RCS,                   A.SECURE_LINK_CREATED, R.CARRIER, { secureLink: LINK_RCS }],
  ['OTP, fail_closed, E2EE → E2EE',                RCS_E2EE,  OTP,  'otp', DEF, DEFAULT, C.RCS_E2EE,              A.SENT_E2EE, R.NONE],
  ['OTP, sms_first, RCS → plain SMS',              RCS,       OTP,  'otp', SMS_FIRST, DEFAULT, C.SMS,             A.SENT_PLAIN, R.NONE],
  ['OTP, sms_first, no code in text → plain SMS',  RCS,       OTP_BARE, 'otp', SMS_FIRST, DEFAULT, C.SMS,         A.SENT_PLAIN, R.NONE],
  ['OTP, sms_first, SMS forbidden → plain RCS',    RCS,       OTP,  'otp', P({ otpHandling: 'sms_first', smsAllowed: false }), DEFAULT, C.RCS, A.SENT_PLAIN, R.NONE],
  ['OTP, sms_first, E2EE still preferred',         RCS_E2EE,  OTP,  'otp', SMS_FIRST, DEFAULT, C.RCS_E2EE,        A.SENT_E2EE, R.NONE],
  ['OTP, rcs_first, RCS → plain RCS',              RCS,       OTP,  'otp', RCS_FIRST, DEFAULT, C.RCS,             A.SENT_PLAIN, R.NONE],
  ['OTP, rcs_first, SMS only → plain SMS',         SMS_ONLY,  OTP,  'otp', RCS_FIRST, DEFAULT, C.SMS,             A.SENT_PLAIN, R.NOT_RCS_REACHABLE],
  ['OTP, rcs_first, pilot → no dual OTP leg',      RCS,       OTP,  'otp', RCS_FIRST, PILOT, C.RCS,               A.SENT_PLAIN, R.NONE, { dualChannel: C.UNSPECIFIED }],
  ['OTP + IBAN, sms_first → still fails closed',   RCS,       OTP_WITH_IBAN, 'otp', SMS_FIRST, DEFAULT, C.RCS,    A.SECURE_LINK_CREATED, R.CARRIER],
  ['code without OTP traffic, sms_first → link',   SMS_ONLY,  { level: 'secret', detectors: ['secret.otp_code'] }, 'transactional', SMS_FIRST, DEFAULT, C.SMS, A.SECURE_LINK_CREATED, R.NOT_RCS_REACHABLE],
];

describe('decide (decision table)', () => {
  it.each(TABLE)('%s', (_label, capability, classification, trafficType, policy, cohort, channel, actionTaken, fallbackReason, extra = {}) => {
    const decision = decide({ capability, classification, trafficType, policy, cohort, nowMs: NOW });
    expect(decision).toMatchObject({ channel, actionTaken, fallbackReason, ...extra });
    if (actionTaken !== A.SECURE_LINK_CREATED) expect(decision.secureLink).toBeUndefined();
    if (actionTaken !== A.BLOCKED) expect(decision.holdExpiresAtMs).toBeUndefined();
  });
});

describe('decide (invariants over every combination)', () => {
  const caps = [undefined, SMS_ONLY, RCS, INAPP, RCS_INAPP, RCS_E2EE, ALL, GUESS_RCS_E2EE, GUESS_SMS, DOWNGRADED_RCS, DOWNGRADED_RCS_E2EE, FR_RCS, NO_REGION_E2EE];
  const classes = [PLAIN, PERSONAL, SECRET, OTP, OTP_WITH_IBAN];
  const policies = [DEF, BLOCK, NO_SMS, NO_SMS_BLOCK, GB_ONLY, SMS_FIRST, RCS_FIRST, DG_BLOCK, PASSPHRASE, DEVICE_KEY, CODE, CODE_LINK_ONLY];
  const cohorts = [DEFAULT, PILOT, CONTROL, OPT_IN, KILL];
  const traffic: TrafficType[] = ['otp', 'transactional'];
  // Failovers and open circuits: none, the E2EE rung, every RCS rung, SMS, everything.
  const exclusions = [undefined, new Map([[C.RCS_E2EE, R.DELIVERY_FAILED]]), new Map([[C.RCS_E2EE, R.DELIVERY_TIMEOUT], [C.INAPP_E2EE, R.DELIVERY_TIMEOUT], [C.RCS, R.DELIVERY_TIMEOUT]]), new Map([[C.SMS, R.CIRCUIT_OPEN]]), new Map([C.RCS_E2EE, C.INAPP_E2EE, C.RCS, C.SMS].map((c) => [c, R.TTL_EXPIRED]))];
  const all = caps.flatMap((capability) =>
    classes.flatMap((classification) =>
      policies.flatMap((policy) =>
        cohorts.flatMap((cohort) => traffic.flatMap((trafficType) => exclusions.map((excluded) => ({ capability, classification, policy, cohort, trafficType, nowMs: NOW, excluded })))),
      ),
    ),
  );
  const results = all.map((input) => ({ input, decision: decide(input) }));

  it('never sends sensitive content in plaintext (except an OTP-only message under an OTP policy)', () => {
    const leaks = results.filter(({ input, decision }) => {
      const otpPolicy = input.policy.otpHandling !== 'fail_closed' && input.trafficType === 'otp' && input.classification === OTP;
      return input.classification.level !== 'none' && !otpPolicy && (decision.actionTaken === A.SENT_PLAIN || decision.dualChannel !== C.UNSPECIFIED);
    });
    expect(leaks).toEqual([]);
  });

  it('uses an RCS rung only for cohorts that allow RCS', () => {
    const offenders = results.filter(({ input, decision }) => !input.cohort.rcsAllowed && (decision.channel === C.RCS || decision.channel === C.RCS_E2EE));
    expect(offenders).toEqual([]);
  });

  it('uses SMS only when the policy allows it, and only E2EE rungs for SENT_E2EE', () => {
    expect(results.filter(({ input, decision }) => !input.policy.smsAllowed && (decision.channel === C.SMS || decision.dualChannel === C.SMS))).toEqual([]);
    expect(results.filter(({ decision }) => decision.actionTaken === A.SENT_E2EE && decision.channel !== C.RCS_E2EE && decision.channel !== C.INAPP_E2EE)).toEqual([]);
  });

  it('never trusts an E2EE rung from a guessed or downgraded capability', () => {
    const trusted = results.filter(({ input, decision }) => (!input.capability || input.capability.guess || input.capability.downgradeSuspected) && decision.actionTaken === A.SENT_E2EE);
    expect(trusted).toEqual([]);
  });

  it('blocks with a hold expiry and no channel, and only then', () => {
    for (const { decision } of results) {
      const isBlocked = decision.actionTaken === A.BLOCKED;
      expect({ blocked: isBlocked, channel: isBlocked ? decision.channel : 'any', hold: decision.holdExpiresAtMs !== undefined }).toEqual({ blocked: isBlocked, channel: isBlocked ? C.UNSPECIFIED : 'any', hold: isBlocked });
    }
  });

  it('never uses an excluded rung, for a leg, a dual leg or a secure link carrier', () => {
    const used = results.filter(({ input, decision }) => [decision.channel, decision.dualChannel, decision.secureLink?.channel].some((c) => c !== undefined && input.excluded?.has(c)));
    expect(used).toEqual([]);
  });
});

describe('decide: where a code-mode link\'s code goes', () => {
  const base = { classification: SECRET, trafficType: 'transactional' as TrafficType, cohort: DEFAULT, nowMs: NOW };

  it('lets the sender relay the code when it holds one, even with SMS as the only channel: no code leg', () => {
    const decision = decide({ ...base, capability: SMS_ONLY, policy: CODE, senderHoldsCode: true });
    expect(decision).toMatchObject({ actionTaken: A.SECURE_LINK_CREATED, channel: C.SMS, secureLink: { channel: C.SMS, keyMode: K.SECOND_CHANNEL_CODE, code: { via: 'sender' } } });
  });

  it('after the RCS link leg failed over, has no second path left: the fallback policy applies', () => {
    const excluded = new Map([[C.RCS, R.DELIVERY_FAILED]]);
    expect(decide({ ...base, capability: RCS, policy: CODE, excluded })).toMatchObject({ actionTaken: A.BLOCKED, fallbackReason: R.NO_SECOND_CHANNEL });
    expect(decide({ ...base, capability: RCS, policy: CODE_LINK_ONLY, excluded }).secureLink).toEqual({ ...LINK_SMS });
  });

  it('over every combination: the code never rides the link\'s channel, nor a rung that is excluded or unusable', () => {
    const caps = [undefined, SMS_ONLY, RCS, RCS_E2EE, GUESS_RCS, GUESS_SMS, DOWNGRADED_RCS];
    const policies = [CODE, CODE_BLOCK, CODE_LINK_ONLY, CODE_NO_SMS, P({ secureLink: { keyMode: 'second_channel_code', codeDelivery: 'sender' } })];
    const cohorts = [DEFAULT, PILOT, CONTROL, KILL];
    const exclusions = [undefined, new Map([[C.RCS, R.DELIVERY_FAILED]]), new Map([[C.SMS, R.CIRCUIT_OPEN]])];
    const offenders = caps.flatMap((capability) =>
      policies.flatMap((policy) =>
        cohorts.flatMap((cohort) =>
          exclusions.flatMap((excluded) =>
            [false, true].flatMap((senderHoldsCode) => {
              const decision = decide({ ...base, capability, policy, cohort, excluded, senderHoldsCode });
              const link = decision.secureLink;
              if (!link) return decision.actionTaken === A.BLOCKED || decision.actionTaken === A.SENT_E2EE ? [] : [{ capability, policy, decision }];
              if (link.keyMode !== K.SECOND_CHANNEL_CODE) return link.keyMode === K.FRAGMENT && policy.secureLink.codeFallback === 'link_without_code' && decision.fallbackReason === R.NO_SECOND_CHANNEL ? [] : [{ capability, policy, decision }];
              const code = link.code;
              if (code?.via === 'sender') return senderHoldsCode ? [] : [{ capability, policy, decision }];
              const bad = !code || code.channel === link.channel || excluded?.has(code.channel) || (code.channel === C.SMS && !policy.smsAllowed) || (code.channel === C.RCS && (!capability?.rcs || !cohort.rcsAllowed));
              return bad ? [{ capability, policy, decision }] : [];
            }),
          ),
        ),
      ),
    );
    expect(offenders).toEqual([]);
  });
});

describe('decide with excluded rungs (failover, open circuits)', () => {
  const base = { classification: PLAIN, trafficType: 'transactional' as TrafficType, policy: DEF, cohort: DEFAULT, nowMs: NOW };

  it('falls from a failed RCS leg to SMS, naming the failover reason rather than the capability', () => {
    const decision = decide({ ...base, capability: RCS, excluded: new Map([[C.RCS_E2EE, R.DELIVERY_FAILED], [C.INAPP_E2EE, R.DELIVERY_FAILED], [C.RCS, R.DELIVERY_FAILED]]) });
    expect(decision).toMatchObject({ channel: C.SMS, actionTaken: A.SENT_PLAIN, fallbackReason: R.DELIVERY_FAILED });
  });

  it('sends a secret whose RCS E2EE leg failed as a secure link (or in-app E2EE), never plaintext', () => {
    const excluded = new Map([[C.RCS_E2EE, R.DELIVERY_FAILED], [C.RCS, R.DELIVERY_FAILED]]);
    expect(decide({ ...base, classification: SECRET, capability: RCS_E2EE, excluded })).toMatchObject({ channel: C.SMS, actionTaken: A.SECURE_LINK_CREATED, fallbackReason: R.DELIVERY_FAILED, secureLink: { channel: C.SMS } });
    expect(decide({ ...base, classification: SECRET, capability: ALL, excluded })).toMatchObject({ channel: C.INAPP_E2EE, actionTaken: A.SENT_E2EE, fallbackReason: R.DELIVERY_FAILED });
    expect(decide({ ...base, classification: SECRET, capability: RCS_E2EE, policy: BLOCK, excluded })).toMatchObject({ channel: C.UNSPECIFIED, actionTaken: A.BLOCKED, fallbackReason: R.DELIVERY_FAILED });
  });

  it('blocks, naming the exclusion, when no rung is left', () => {
    const excluded = new Map([C.RCS_E2EE, C.INAPP_E2EE, C.RCS, C.SMS].map((c) => [c, R.TTL_EXPIRED] as const));
    expect(decide({ ...base, capability: RCS, excluded })).toMatchObject({ channel: C.UNSPECIFIED, actionTaken: A.BLOCKED, fallbackReason: R.TTL_EXPIRED });
  });

  it('drops the dual SMS leg when the SMS circuit is open, and names an open circuit above the choice', () => {
    expect(decide({ ...base, capability: RCS, cohort: PILOT, excluded: new Map([[C.SMS, R.CIRCUIT_OPEN]]) })).toMatchObject({ channel: C.RCS, dualChannel: C.UNSPECIFIED, fallbackReason: R.NONE });
    expect(decide({ ...base, capability: RCS_E2EE, excluded: new Map([[C.RCS_E2EE, R.CIRCUIT_OPEN]]) })).toMatchObject({ channel: C.RCS, fallbackReason: R.CIRCUIT_OPEN });
  });

  it('ignores an exclusion of a rung the recipient could not use anyway', () => {
    expect(decide({ ...base, capability: RCS, excluded: new Map([[C.RCS_E2EE, R.CIRCUIT_OPEN]]) })).toMatchObject({ channel: C.RCS, fallbackReason: R.NONE });
  });
});

describe('decide: OTP dual delivery', () => {
  const input = { capability: RCS, classification: OTP, trafficType: 'otp' as TrafficType, cohort: DEFAULT, nowMs: NOW };

  it('adds an SMS leg to an OTP the policy lets go plaintext, when the tenant asks for it', () => {
    expect(decide({ ...input, policy: P({ otpHandling: 'rcs_first', otpDualDelivery: true }) })).toMatchObject({ channel: C.RCS, actionTaken: A.SENT_PLAIN, dualChannel: C.SMS });
    expect(decide({ ...input, policy: P({ otpHandling: 'rcs_first' }) }).dualChannel).toBe(C.UNSPECIFIED);
  });

  it('never doubles a fail-closed OTP, nor one that carries more than the code', () => {
    expect(decide({ ...input, policy: P({ otpDualDelivery: true }) })).toMatchObject({ actionTaken: A.SECURE_LINK_CREATED, dualChannel: C.UNSPECIFIED });
    expect(decide({ ...input, classification: OTP_WITH_IBAN, policy: P({ otpHandling: 'rcs_first', otpDualDelivery: true }) }).dualChannel).toBe(C.UNSPECIFIED);
  });
});

describe('decide with the real classifier', () => {
  it('lets a plain OTP through under sms_first, but not an OTP that also carries a card number', () => {
    const otp = classify({ text: 'Your login code is 482913. Do not share it.', trafficType: 'otp' });
    const relaxed = decide({ capability: RCS, classification: otp, trafficType: 'otp', policy: SMS_FIRST, cohort: DEFAULT, nowMs: NOW });
    expect(relaxed).toMatchObject({ channel: C.SMS, actionTaken: A.SENT_PLAIN });

    const withCard = classify({ text: 'Your login code is 482913, card 4111 1111 1111 1111', trafficType: 'otp' });
    expect(decide({ capability: RCS, classification: withCard, trafficType: 'otp', policy: SMS_FIRST, cohort: DEFAULT, nowMs: NOW }).actionTaken).toBe(A.SECURE_LINK_CREATED);
  });
});
