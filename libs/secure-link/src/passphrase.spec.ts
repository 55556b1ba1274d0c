import { pbkdf2Sync } from 'node:crypto';
import { linkSecretFromPassphrase } from './passphrase';
import { SecureLinkError } from './secure-link.error';

describe('passphrase', () => {
  const salt = new Uint8Array(16).fill(3);

  it('is PBKDF2-SHA256 over the NFC-normalised passphrase', async () => {
    const expected = pbkdf2Sync(Buffer.from('caf\u00e9 horse', 'utf8'), salt, 600_000, 32, 'sha256');
    // "e" + combining acute normalises to the same bytes as the precomposed form.
    expect(Buffer.from(await linkSecretFromPassphrase('cafe\u0301 horse', salt, 600_000))).toEqual(expected);
  });

  it('refuses weak iteration counts and empty passphrases', async () => {
    await expect(linkSecretFromPassphrase('x', salt, 1000)).rejects.toMatchObject({ code: 'WEAK_KDF' });
    await expect(linkSecretFromPassphrase('', salt, 600_000)).rejects.toBeInstanceOf(SecureLinkError);
  });
});
