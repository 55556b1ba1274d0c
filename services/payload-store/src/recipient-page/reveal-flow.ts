import { deriveFromFragment, openSecureLinkPayload, SecureLinkError, type DecodedPayload } from '@switchback/secure-link';

/** Everything that can come of pressing "Reveal", as the page shows it. */
export type RevealOutcome =
  | { state: 'revealed'; payload: DecodedPayload; viewsRemaining: number | undefined; expiresAt: string | undefined }
  | { state: 'gone' } // unknown, expired, already used or wrong key: the store answers the same 404
  | { state: 'undecryptable' } // claimed, but the ciphertext does not open: damaged link or wrong key
  | { state: 'bad-code' } // the typed code is not 8 characters of the alphabet (nothing was sent)
  | { state: 'needs-secret' } // passphrase or code mode, but nothing was typed (nothing was sent)
  | { state: 'rate-limited' }
  | { state: 'unavailable' }; // network failure or an unexpected answer

export interface RevealRequest {
  linkId: string;
  fragment: string;
  passphrase?: string;
  code?: string;
}

interface ClaimResponse {
  ciphertext?: unknown;
  algorithm?: unknown;
  viewsRemaining?: unknown;
  expiresAt?: unknown;
}

/**
 * Derives the claim secret, claims the link (the one destructive request, only ever sent
 * after a click) and decrypts in the browser. Never returns partial plaintext: decryption
 * either authenticates the whole message or yields `undecryptable`.
 */
export async function revealLink(request: RevealRequest, fetchFn: typeof fetch): Promise<RevealOutcome> {
  let keys;
  try {
    keys = await deriveFromFragment(request.fragment, { passphrase: request.passphrase, code: request.code });
  } catch (error) {
    if (error instanceof SecureLinkError && error.code === 'BAD_CODE') return { state: 'bad-code' };
    if (error instanceof SecureLinkError && error.code === 'BAD_INPUT') return { state: 'needs-secret' };
    return { state: 'undecryptable' };
  }
  let body: ClaimResponse;
  try {
    const response = await fetchFn(`/v1/links/${encodeURIComponent(request.linkId)}/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ claimSecret: keys.claimSecret }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    if (response.status === 404 || response.status === 410) return { state: 'gone' };
    if (response.status === 429) return { state: 'rate-limited' };
    if (!response.ok) return { state: 'unavailable' };
    body = (await response.json()) as ClaimResponse;
  } catch {
    return { state: 'unavailable' };
  }
  if (typeof body.ciphertext !== 'string') return { state: 'unavailable' };
  try {
    const payload = await openSecureLinkPayload(body.ciphertext, keys, { algorithm: typeof body.algorithm === 'string' ? body.algorithm : undefined });
    return {
      state: 'revealed',
      payload,
      viewsRemaining: typeof body.viewsRemaining === 'number' ? body.viewsRemaining : undefined,
      expiresAt: typeof body.expiresAt === 'string' ? body.expiresAt : undefined,
    };
  } catch {
    return { state: 'undecryptable' };
  }
}
