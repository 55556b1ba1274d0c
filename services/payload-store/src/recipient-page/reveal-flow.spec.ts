import { createSecureLinkPayload } from '@switchback/secure-link';
import { revealLink } from './reveal-flow';

type Call = { url: string; body: { claimSecret: string } };

/** A stand-in for the store: one view, identical 404 for everything else. */
function fakeStore(link: { accessVerifier: string; ciphertext: string; algorithm: string }, status?: number) {
  const calls: Call[] = [];
  let used = false;
  const fetchFn = (async (url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as { claimSecret: string };
    calls.push({ url, body });
    if (status) return new Response('{}', { status });
    const verifier = Buffer.from(await crypto.subtle.digest('SHA-256', Buffer.from(body.claimSecret, 'base64url'))).toString('base64url');
    if (used || verifier !== link.accessVerifier) return new Response('{"type":"about:blank","status":404}', { status: 404 });
    used = true;
    return Response.json({ ciphertext: link.ciphertext, algorithm: link.algorithm, keyMode: 'fragment', viewsRemaining: 0, expiresAt: '2026-11-24T00:00:00.000Z' });
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

describe('revealLink', () => {
  it('claims with the derived claim secret, decrypts once, then reports gone', async () => {
    const link = await createSecureLinkPayload({ plaintext: 'the secret', keyMode: 'fragment' });
    const store = fakeStore(link);
    const first = await revealLink({ linkId: 'abc_DEF-123', fragment: link.fragment }, store.fetchFn);
    expect(first).toEqual({ state: 'revealed', payload: { kind: 'text', text: 'the secret' }, viewsRemaining: 0, expiresAt: '2026-11-24T00:00:00.000Z' });
    expect(store.calls[0].url).toBe('/v1/links/abc_DEF-123/claim');
    expect(JSON.stringify(store.calls[0].body)).not.toContain(link.fragment.slice(2));
    expect(await revealLink({ linkId: 'abc_DEF-123', fragment: link.fragment }, store.fetchFn)).toEqual({ state: 'gone' });
  });

  it('reports undecryptable (and no text) when the stored ciphertext does not authenticate', async () => {
    const link = await createSecureLinkPayload({ plaintext: 'the secret', keyMode: 'fragment' });
    const bytes = Buffer.from(link.ciphertext, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    const store = fakeStore({ ...link, ciphertext: bytes.toString('base64url') });
    expect(await revealLink({ linkId: 'x', fragment: link.fragment }, store.fetchFn)).toEqual({ state: 'undecryptable' });
  });

  it('checks the code locally before spending a claim attempt', async () => {
    const link = await createSecureLinkPayload({ plaintext: 'x', keyMode: 'code' });
    const store = fakeStore(link);
    expect(await revealLink({ linkId: 'x', fragment: link.fragment, code: 'O0O0' }, store.fetchFn)).toEqual({ state: 'bad-code' });
    expect(await revealLink({ linkId: 'x', fragment: link.fragment }, store.fetchFn)).toEqual({ state: 'needs-secret' });
    expect(store.calls).toHaveLength(0);
    expect(await revealLink({ linkId: 'x', fragment: link.fragment, code: link.code }, store.fetchFn)).toMatchObject({ state: 'revealed' });
  });

  it('maps rate limiting and server errors', async () => {
    const link = await createSecureLinkPayload({ plaintext: 'x', keyMode: 'fragment' });
    expect(await revealLink({ linkId: 'x', fragment: link.fragment }, fakeStore(link, 429).fetchFn)).toEqual({ state: 'rate-limited' });
    expect(await revealLink({ linkId: 'x', fragment: link.fragment }, fakeStore(link, 503).fetchFn)).toEqual({ state: 'unavailable' });
    const offline = (async () => {
      throw new TypeError('network');
    }) as unknown as typeof fetch;
    expect(await revealLink({ linkId: 'x', fragment: link.fragment }, offline)).toEqual({ state: 'unavailable' });
  });
});
