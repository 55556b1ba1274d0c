import { ActionTaken, Channel, E2eeCapability, FallbackReason, KeyDeliveryMode } from '@switchback/contracts';
import { OTP_DETECTOR_IDS } from '@switchback/sensitivity';
import type { TenantPolicy } from '../policy/tenant-policy';
import type { CodeRoute, Decision, DecisionInput, SecureLinkPlan } from './decision';

type Rung = Channel.RCS_E2EE | Channel.INAPP_E2EE | Channel.RCS | Channel.SMS;

/** Strongest first. The enum's numbers follow the same order, so `a < b` means a is stronger. */
const LADDER: readonly Rung[] = [Channel.RCS_E2EE, Channel.INAPP_E2EE, Channel.RCS, Channel.SMS];
const OTP_SMS_FIRST: readonly Rung[] = [Channel.RCS_E2EE, Channel.INAPP_E2EE, Channel.SMS, Channel.RCS];
const OTP_DETECTORS: ReadonlySet<string> = new Set(OTP_DETECTOR_IDS);

const KEY_MODES: Readonly<Record<TenantPolicy['secureLink']['keyMode'], KeyDeliveryMode>> = {
  fragment: KeyDeliveryMode.FRAGMENT,
  passphrase: KeyDeliveryMode.PASSPHRASE,
  second_channel_code: KeyDeliveryMode.SECOND_CHANNEL_CODE,
  device_key: KeyDeliveryMode.DEVICE_KEY,
};

const isE2ee = (channel: Channel): boolean => channel === Channel.RCS_E2EE || channel === Channel.INAPP_E2EE;

/**
 * The routing decision, fail closed. Pure: no I/O, no clock, so the whole policy surface is
 * covered by the decision table in decide.spec.ts.
 *
 * Invariant: content the classifier calls sensitive never gets SENT_PLAIN. The one exception is
 * the tenant's explicit OTP policy (sms_first / rcs_first), and only for an OTP whose sole
 * detections are the OTP ones; even then an E2EE rung is preferred when there is one.
 */
export function decide(input: DecisionInput): Decision {
  const { capability: cap, classification, policy, cohort } = input;
  const unknown = !cap || cap.guess;
  const e2eeTrusted = !unknown && !cap.downgradeSuspected;
  const e2eeCapability = unknown
    ? E2eeCapability.UNKNOWN
    : e2eeTrusted && (cap.rcsE2ee || cap.inappE2ee)
      ? E2eeCapability.AVAILABLE
      : E2eeCapability.UNAVAILABLE;

  const usable: Readonly<Record<Rung, boolean>> = {
    [Channel.RCS_E2EE]: e2eeTrusted && cap.rcsE2ee && cohort.rcsAllowed,
    [Channel.INAPP_E2EE]: e2eeTrusted && cap.inappE2ee,
    [Channel.RCS]: !!cap?.rcs && cohort.rcsAllowed,
    [Channel.SMS]: policy.smsAllowed,
  };
  const excluded = input.excluded ?? new Map<Channel, FallbackReason>();
  const available: Readonly<Record<Rung, boolean>> = {
    [Channel.RCS_E2EE]: usable[Channel.RCS_E2EE] && !excluded.has(Channel.RCS_E2EE),
    [Channel.INAPP_E2EE]: usable[Channel.INAPP_E2EE] && !excluded.has(Channel.INAPP_E2EE),
    [Channel.RCS]: usable[Channel.RCS] && !excluded.has(Channel.RCS),
    [Channel.SMS]: usable[Channel.SMS] && !excluded.has(Channel.SMS),
  };
  /** The reason of the strongest excluded rung above `chosen` that would otherwise have served. */
  const exclusionReason = (chosen: Channel): FallbackReason | undefined => {
    const rung = LADDER.find((r) => usable[r] && excluded.has(r) && (chosen === Channel.UNSPECIFIED || chosen > r));
    return rung === undefined ? undefined : excluded.get(rung);
  };

  /** Why `chosen` is below the recipient's best path; `otherwise` when nothing explains it. */
  const reasonFor = (chosen: Channel, otherwise: FallbackReason): FallbackReason => {
    // A failover or an open circuit is the fallback the audit must name, before the capability.
    const exclusion = exclusionReason(chosen);
    if (exclusion !== undefined) return exclusion;
    const below = (rung: Rung) => chosen === Channel.UNSPECIFIED || chosen > rung;
    if (!cohort.rcsAllowed && ((cap?.rcsE2ee && below(Channel.RCS_E2EE)) || (cap?.rcs && below(Channel.RCS)))) {
      return cohort.name === 'kill_switch' ? FallbackReason.KILL_SWITCH : FallbackReason.COHORT;
    }
    if (cap?.downgradeSuspected && !isE2ee(chosen)) return FallbackReason.DOWNGRADE_SUSPECTED;
    if (unknown && !isE2ee(chosen)) return FallbackReason.CAPABILITY_UNKNOWN;
    if (chosen === Channel.SMS && !cap?.rcs) return FallbackReason.NOT_RCS_REACHABLE;
    return otherwise;
  };
  const base = { e2eeCapability, dualChannel: Channel.UNSPECIFIED };
  const blocked = (fallbackReason: FallbackReason): Decision => ({
    ...base,
    channel: Channel.UNSPECIFIED,
    actionTaken: ActionTaken.BLOCKED,
    fallbackReason,
    holdExpiresAtMs: input.nowMs + policy.holdTtlSeconds * 1000,
  });

  // Data residency first: an unknown region is outside any allow-list (fail closed).
  if (policy.allowedRegions.length > 0 && !policy.allowedRegions.includes((cap?.region ?? '').toUpperCase())) {
    return blocked(FallbackReason.REGION_BLOCKED);
  }

  const otpRelaxed =
    policy.otpHandling !== 'fail_closed' &&
    input.trafficType === 'otp' &&
    classification.detectors.every((id) => OTP_DETECTORS.has(id));

  if (classification.level !== 'none' && !otpRelaxed) {
    if (cap?.downgradeSuspected && policy.downgradeHandling === 'block_sensitive') return blocked(FallbackReason.DOWNGRADE_SUSPECTED);
    const e2ee = LADDER.filter(isE2ee).find((rung) => available[rung]);
    if (e2ee) return { ...base, channel: e2ee, actionTaken: ActionTaken.SENT_E2EE, fallbackReason: reasonFor(e2ee, FallbackReason.NONE) };
    if (policy.onSensitive === 'block') return blocked(reasonFor(Channel.UNSPECIFIED, FallbackReason.POLICY_BLOCKED));
    // A device-key link needs a registered device key; without one nobody could open it.
    if (policy.secureLink.keyMode === 'device_key' && !cap?.inappE2ee) return blocked(FallbackReason.DEVICE_MISMATCH);
    const carrier = available[Channel.RCS] ? Channel.RCS : available[Channel.SMS] ? Channel.SMS : undefined;
    if (!carrier) return blocked(exclusionReason(Channel.UNSPECIFIED) ?? FallbackReason.SMS_NOT_ALLOWED);
    const link: SecureLinkPlan = { channel: carrier, keyMode: KEY_MODES[policy.secureLink.keyMode], ttlSeconds: policy.secureLink.ttlSeconds, maxViews: policy.secureLink.maxViews };
    const secureLink = (plan: SecureLinkPlan, fallbackReason: FallbackReason): Decision => ({ ...base, channel: carrier, actionTaken: ActionTaken.SECURE_LINK_CREATED, fallbackReason, secureLink: plan });
    // No E2EE on the recipient's carrier path: that is the fallback the audit names.
    if (policy.secureLink.keyMode !== 'second_channel_code') return secureLink(link, reasonFor(carrier, FallbackReason.CARRIER));
    // The code never goes the link's way: whoever sees that path would hold both.
    const other = carrier === Channel.RCS ? Channel.SMS : Channel.RCS;
    const code: CodeRoute | undefined = input.senderHoldsCode ? { via: 'sender' } : available[other] ? { via: 'channel', channel: other } : undefined;
    if (code) return secureLink({ ...link, code }, reasonFor(carrier, FallbackReason.CARRIER));
    switch (policy.secureLink.codeFallback) {
      case 'link_without_code':
        return secureLink({ ...link, keyMode: KeyDeliveryMode.FRAGMENT }, FallbackReason.NO_SECOND_CHANNEL);
      case 'block':
        // Blocked for good: the hold expires at once, so nobody can override it and the sweeper ends it.
        return { ...blocked(FallbackReason.NO_SECOND_CHANNEL), holdExpiresAtMs: input.nowMs };
      case 'hold':
        return blocked(FallbackReason.NO_SECOND_CHANNEL);
    }
  }

  const order = otpRelaxed && policy.otpHandling === 'sms_first' ? OTP_SMS_FIRST : LADDER;
  const chosen = order.find((rung) => available[rung]);
  if (!chosen) return blocked(exclusionReason(Channel.UNSPECIFIED) ?? FallbackReason.SMS_NOT_ALLOWED);
  // Dual delivery compares RCS with SMS in a pilot, never for anything the classifier flagged;
  // and doubles an OTP the policy lets go plaintext, when the tenant asks for it.
  const dualWanted = (cohort.dualSms && classification.level === 'none') || (otpRelaxed && policy.otpDualDelivery);
  const dual = dualWanted && chosen !== Channel.SMS && available[Channel.SMS];
  return {
    ...base,
    channel: chosen,
    actionTaken: isE2ee(chosen) ? ActionTaken.SENT_E2EE : ActionTaken.SENT_PLAIN,
    fallbackReason: reasonFor(chosen, FallbackReason.NONE),
    dualChannel: dual ? Channel.SMS : Channel.UNSPECIFIED,
  };
}
