import type { NumberProfile, PrefixProfile, ScriptedFailure, ScriptedFailureStatus } from './number-profile';

/** A profile (admin PUT body or profiles file) is not the NumberProfile shape. */
export class InvalidProfileError extends Error {
  override readonly name = 'InvalidProfileError';
}

const FAILURE_STATUSES: readonly number[] = [403, 429, 500, 502, 503, 504];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InvalidProfileError(`${where} must be a boolean`);
}

function nonNegativeInteger(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new InvalidProfileError(`${where} must be a non-negative integer`);
}

function parseFailure(value: unknown, where: string): ScriptedFailure {
  if (!isRecord(value)) throw new InvalidProfileError(`${where} must be an object`);
  if (typeof value['status'] !== 'number' || !FAILURE_STATUSES.includes(value['status'])) {
    throw new InvalidProfileError(`${where}.status must be one of ${FAILURE_STATUSES.join(', ')}`);
  }
  const retryAfter = value['retryAfterSeconds'];
  return {
    status: value['status'] as ScriptedFailureStatus,
    count: nonNegativeInteger(value['count'], `${where}.count`),
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: nonNegativeInteger(retryAfter, `${where}.retryAfterSeconds`) }),
  };
}

/** Validates untrusted JSON into a NumberProfile; unknown fields are dropped. */
export function parseNumberProfile(value: unknown, where = 'profile'): NumberProfile {
  if (!isRecord(value)) throw new InvalidProfileError(`${where} must be an object`);
  if (typeof value['rcs'] !== 'boolean') throw new InvalidProfileError(`${where}.rcs must be a boolean`);
  const features = value['features'];
  if (features !== undefined && !(Array.isArray(features) && features.every((f) => typeof f === 'string'))) {
    throw new InvalidProfileError(`${where}.features must be an array of strings`);
  }
  const e2ee = optionalBoolean(value['e2ee'], `${where}.e2ee`);
  const offline = optionalBoolean(value['offline'], `${where}.offline`);
  const basic = optionalBoolean(value['basic'], `${where}.basic`);
  const ttlRevokeFails = optionalBoolean(value['ttlRevokeFails'], `${where}.ttlRevokeFails`);
  const sendNotFound = optionalBoolean(value['sendNotFound'], `${where}.sendNotFound`);
  const readDelay = value['readDelayMs'];
  return {
    rcs: value['rcs'],
    ...(e2ee === undefined ? {} : { e2ee }),
    ...(features === undefined ? {} : { features: [...(features as string[])] }),
    ...(value['latencyMs'] === undefined ? {} : { latencyMs: nonNegativeInteger(value['latencyMs'], `${where}.latencyMs`) }),
    ...(value['failNext'] === undefined ? {} : { failNext: parseFailure(value['failNext'], `${where}.failNext`) }),
    ...(offline === undefined ? {} : { offline }),
    ...(basic === undefined ? {} : { basic }),
    ...(ttlRevokeFails === undefined ? {} : { ttlRevokeFails }),
    ...(sendNotFound === undefined ? {} : { sendNotFound }),
    ...(value['deliveryDelayMs'] === undefined ? {} : { deliveryDelayMs: nonNegativeInteger(value['deliveryDelayMs'], `${where}.deliveryDelayMs`) }),
    ...(readDelay === undefined ? {} : { readDelayMs: readDelay === null ? null : nonNegativeInteger(readDelay, `${where}.readDelayMs`) }),
  };
}

export interface ProfilesDocument {
  readonly defaultProfile?: NumberProfile;
  readonly profiles?: Record<string, NumberProfile>;
  readonly prefixProfiles?: PrefixProfile[];
}

/** The HUB_SIM_PROFILES_FILE format: `{ defaultProfile?, profiles?: {E.164: profile}, prefixProfiles?: [{prefix, profile}] }`. */
export function parseProfilesDocument(value: unknown): ProfilesDocument {
  if (!isRecord(value)) throw new InvalidProfileError('profiles file must hold a JSON object');
  const { defaultProfile, profiles, prefixProfiles } = value;
  if (profiles !== undefined && !isRecord(profiles)) throw new InvalidProfileError('profiles must be an object keyed by E.164 number');
  if (prefixProfiles !== undefined && !Array.isArray(prefixProfiles)) throw new InvalidProfileError('prefixProfiles must be an array');
  return {
    ...(defaultProfile === undefined ? {} : { defaultProfile: parseNumberProfile(defaultProfile, 'defaultProfile') }),
    ...(profiles === undefined
      ? {}
      : { profiles: Object.fromEntries(Object.entries(profiles).map(([phone, profile]) => [phone, parseNumberProfile(profile, `profiles[${phone}]`)])) }),
    ...(prefixProfiles === undefined
      ? {}
      : {
          prefixProfiles: prefixProfiles.map((entry: unknown, i) => {
            if (!isRecord(entry) || typeof entry['prefix'] !== 'string') throw new InvalidProfileError(`prefixProfiles[${i}].prefix must be a string`);
            return { prefix: entry['prefix'], profile: parseNumberProfile(entry['profile'], `prefixProfiles[${i}].profile`) };
          }),
        }),
  };
}
