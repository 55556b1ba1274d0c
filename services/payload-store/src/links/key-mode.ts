import { KeyDeliveryMode } from '@switchback/contracts';

/** How the recipient gets the key; the store never sees the key itself. */
export const KEY_MODES = ['fragment', 'passphrase', 'code', 'device'] as const;
export type KeyMode = (typeof KEY_MODES)[number];

const DELIVERY: Readonly<Record<KeyMode, KeyDeliveryMode>> = {
  fragment: KeyDeliveryMode.FRAGMENT,
  passphrase: KeyDeliveryMode.PASSPHRASE,
  code: KeyDeliveryMode.SECOND_CHANNEL_CODE,
  device: KeyDeliveryMode.DEVICE_KEY,
};

export const keyDeliveryMode = (mode: KeyMode): KeyDeliveryMode => DELIVERY[mode];

/**
 * Modes whose claim secret derives from something a person can type (an 8-character code, a
 * passphrase): guessable online, so wrong secrets count and the LINK_MAX_FAILED_CLAIMS-th burns
 * the link. `fragment` and `device` secrets are 256 random bits: a wrong one is only refused,
 * so whoever learns a link id (ingress logs, URL scanners, previews) cannot burn it.
 */
const GUESSABLE: ReadonlySet<KeyMode> = new Set(['passphrase', 'code']);

export const burnsOnWrongSecrets = (mode: KeyMode): boolean => GUESSABLE.has(mode);
