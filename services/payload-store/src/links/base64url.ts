import { fromBase64Url, SecureLinkError } from '@switchback/secure-link';

/** Strict base64url: the secure-link scheme's own decoder (canonical form only); undefined when not. */
export function decodeBase64url(value: string): Buffer | undefined {
  try {
    return Buffer.from(fromBase64Url(value));
  } catch (error) {
    if (error instanceof SecureLinkError) return undefined;
    throw error;
  }
}

/** Decoded size of a base64url string of this length, without decoding it. */
export const decodedLength = (length: number): number => Math.floor((length * 3) / 4);
