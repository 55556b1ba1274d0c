import { Injectable } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import type { TenantPolicy } from '../policy/tenant-policy';
import { BUCKETS, type Cohort } from './cohort';

export const OPT_IN_LABEL = 'rcs_opt_in';

/** Pure: the cohort of a recipient's bucket (0..9999) under a rollout policy. */
export function cohortFor(bucket: number, rollout: TenantPolicy['rollout'], senderLabels: readonly string[]): Cohort {
  switch (rollout.mode) {
    case 'kill_switch':
      return { name: 'kill_switch', rcsAllowed: false, dualSms: false };
    case 'opt_in':
      return senderLabels.some((label) => label.trim().toLowerCase() === OPT_IN_LABEL)
        ? { name: 'opt_in', rcsAllowed: true, dualSms: false }
        : { name: 'control', rcsAllowed: false, dualSms: false };
    case 'pilot':
      // pilotPercent may be fractional (0.5 % = 50 buckets).
      return bucket < Math.round(rollout.pilotPercent * (BUCKETS / 100))
        ? { name: 'pilot', rcsAllowed: true, dualSms: rollout.dualDeliveryInPilot }
        : { name: 'control', rcsAllowed: false, dualSms: false };
    case 'default_rcs':
      return { name: 'default', rcsAllowed: true, dualSms: false };
  }
}

/**
 * Deterministic cohorts: the bucket comes from the keyed hash of the recipient, so a recipient
 * stays in the same cohort across sends and processes, and raising pilotPercent only adds
 * recipients. (Rotating the hash key reshuffles the buckets.)
 */
@Injectable()
export class CohortAssigner {
  constructor(private readonly hasher: KeyedHasher) {}

  bucketOf(recipient: string): number {
    const hashed = this.hasher.hash(recipient);
    const digest = Buffer.from(hashed.slice(hashed.indexOf(':') + 1), 'base64url');
    return digest.readUIntBE(0, 6) % BUCKETS;
  }

  assign(recipient: string, policy: TenantPolicy, senderLabels: readonly string[]): Cohort {
    return cohortFor(this.bucketOf(recipient), policy.rollout, senderLabels);
  }
}
