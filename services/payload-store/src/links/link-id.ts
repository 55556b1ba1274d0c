import { randomBytes } from 'node:crypto';

/** Port for the randomness of link ids, so tests can pin them. */
export interface LinkIds {
  next(): string;
}

export const LINK_IDS = Symbol('LINK_IDS');

/** 16 random bytes (128 bits) as 22 base64url characters: unguessable and safe in a URL path. */
export const randomLinkIds: LinkIds = { next: () => randomBytes(16).toString('base64url') };

const LINK_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** Only ids this service could have made (the last character carries 2 bits only). */
export const isLinkId = (value: string): boolean => LINK_ID.test(value);
