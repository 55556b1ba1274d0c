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
