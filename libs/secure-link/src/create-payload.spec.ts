import { createSecureLinkPayload } from './create-payload';
import { generateX25519KeyPair } from './hpke-envelope';
import { deriveFromFragment, openDeviceEnvelope, openEscrowEnvelope, openSecureLinkPayload } from './open-payload';

const TEXT = 'door code 4711 — bring the blue key ✓';

describe('createSecureLinkPayload / open round trips', () => {
  it('fragment mode: the fragment alone opens it, and the verifier is determined by the fragment', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'fragment' });
    expect(link).toMatchObject({ algorithm: 'A256GCM-HKDF-SHA256-v1', keyMode: 'fragment' });
    expect(link.fragment).toMatch(/^k\.[A-Za-z0-9_-]{43}$/);
    const keys = await deriveFromFragment(`#${link.fragment}`);
    expect(keys.accessVerifier).toBe(link.accessVerifier);
    expect((await deriveFromFragment(link.fragment)).claimSecret).toBe(keys.claimSecret);
    expect(await openSecureLinkPayload(link.ciphertext, keys, { algorithm: link.algorithm })).toEqual({ kind: 'text', text: TEXT });
  });

  it('passphrase mode: right passphrase opens, wrong one gives another verifier and fails to decrypt', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'passphrase', passphrase: 'correct horse battery' });
    expect(link.fragment).toMatch(/^p\.600000\.[A-Za-z0-9_-]{22}$/);
    expect(link.fragment).not.toContain('correct');
    const keys = await deriveFromFragment(link.fragment, { passphrase: 'correct horse battery' });
    expect(keys.accessVerifier).toBe(link.accessVerifier);
    expect(await openSecureLinkPayload(link.ciphertext, keys)).toEqual({ kind: 'text', text: TEXT });
    const wrong = await deriveFromFragment(link.fragment, { passphrase: 'correct horse battery!' });
    expect(wrong.accessVerifier).not.toBe(link.accessVerifier);
    await expect(openSecureLinkPayload(link.ciphertext, wrong)).rejects.toMatchObject({ code: 'TAMPERED' });
    await expect(deriveFromFragment(link.fragment)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses to create passphrase links below 600000 iterations', async () => {
    await expect(createSecureLinkPayload({ plaintext: 'x', keyMode: 'passphrase', passphrase: 'p', iterations: 100_000 })).rejects.toMatchObject({ code: 'WEAK_KDF' });
  });

  it('code mode: the code is separate from the fragment and is needed to open', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'code' });
    expect(link.code).toMatch(/^[2-9A-HJKMNP-TW-Z]{8}$/);
    expect(link.fragment).toMatch(/^c\.[A-Za-z0-9_-]{22}$/);
    expect(link.fragment).not.toContain(link.code);
    const typed = `${link.code!.slice(0, 4).toLowerCase()}-${link.code!.slice(4)}`;
    const keys = await deriveFromFragment(link.fragment, { code: typed });
    expect(keys.accessVerifier).toBe(link.accessVerifier);
    expect(await openSecureLinkPayload(link.ciphertext, keys)).toEqual({ kind: 'text', text: TEXT });
    const otherCode = link.code!.startsWith('A') ? `B${link.code!.slice(1)}` : `A${link.code!.slice(1)}`;
    const wrong = await deriveFromFragment(link.fragment, { code: otherCode });
    expect(wrong.accessVerifier).not.toBe(link.accessVerifier);
    await expect(openSecureLinkPayload(link.ciphertext, wrong)).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('code mode with a code the caller already holds: that code (normalised) opens it; a malformed one is refused', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'code', code: 'abcd-efgh' });
    expect(link.code).toBe('ABCDEFGH');
    const keys = await deriveFromFragment(link.fragment, { code: 'ABCDEFGH' });
    expect(await openSecureLinkPayload(link.ciphertext, keys)).toEqual({ kind: 'text', text: TEXT });
    await expect(createSecureLinkPayload({ plaintext: TEXT, keyMode: 'code', code: 'ABC0EFGH' })).rejects.toMatchObject({ code: 'BAD_CODE' });
  });

  it('device mode: only the registered device key opens the envelope; the fragment carries no key', async () => {
    const device = await generateX25519KeyPair();
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'device', devicePublicKey: device.publicKey });
    expect(link.fragment).toBe('d');
    await expect(deriveFromFragment(link.fragment)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const keys = await openDeviceEnvelope(link.deviceEnvelope!, device.privateKey);
    expect(keys.accessVerifier).toBe(link.accessVerifier);
    expect(await openSecureLinkPayload(link.ciphertext, keys)).toEqual({ kind: 'text', text: TEXT });
    const stranger = await generateX25519KeyPair();
    await expect(openDeviceEnvelope(link.deviceEnvelope!, stranger.privateKey)).rejects.toMatchObject({ code: 'TAMPERED' });
    await expect(createSecureLinkPayload({ plaintext: 'x', keyMode: 'device' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('escrow: the tenant key recovers the payload; the envelope is bound to the escrow label', async () => {
    const escrow = await generateX25519KeyPair();
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'code', escrowKey: { keyId: 'tenant-1/2026', publicKey: escrow.publicKey } });
    expect(link.escrow?.keyId).toBe('tenant-1/2026');
    const keys = await openEscrowEnvelope(link.escrow!.envelope, escrow.privateKey);
    expect(await openSecureLinkPayload(link.ciphertext, keys)).toEqual({ kind: 'text', text: TEXT });
    // An escrow envelope is not a device envelope (different HPKE info).
    await expect(openDeviceEnvelope(link.escrow!.envelope, escrow.privateKey)).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('files: binary bytes, name and type survive', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 31) & 0xff);
    const link = await createSecureLinkPayload({ file: { name: 'contract.pdf', mimeType: 'application/pdf', bytes }, keyMode: 'fragment' });
    expect(await openSecureLinkPayload(link.ciphertext, await deriveFromFragment(link.fragment))).toEqual({ kind: 'file', name: 'contract.pdf', mimeType: 'application/pdf', bytes });
  });

  it('enforces the payload limit on both sides', async () => {
    await expect(createSecureLinkPayload({ file: { name: 'a', bytes: new Uint8Array(2000) }, keyMode: 'fragment', maxPayloadBytes: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    const link = await createSecureLinkPayload({ file: { name: 'a', bytes: new Uint8Array(2000) }, keyMode: 'fragment' });
    await expect(openSecureLinkPayload(link.ciphertext, await deriveFromFragment(link.fragment), { maxPayloadBytes: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('needs exactly one of plaintext and file', async () => {
    await expect(createSecureLinkPayload({ keyMode: 'fragment' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(createSecureLinkPayload({ keyMode: 'fragment', plaintext: 'a', file: { name: 'b', bytes: new Uint8Array(1) } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
