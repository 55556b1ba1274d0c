import { burnsOnWrongSecrets, KEY_MODES } from './key-mode';

describe('key modes', () => {
  it('burns on wrong secrets only where the secret is guessable (code, passphrase), never for 256-bit secrets', () => {
    expect(KEY_MODES.filter(burnsOnWrongSecrets)).toEqual(['passphrase', 'code']);
  });
});
