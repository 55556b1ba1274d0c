import { readSenderLabels } from './sender-labels';

describe('readSenderLabels', () => {
  it('maps raising labels case-insensitively and ignores unknown ones', () => {
    expect(readSenderLabels([' Secret ', 'CONFIDENTIAL', 'pii', 'marketing'])).toEqual({
      raising: ['label.secret', 'label.confidential', 'label.pii'],
      publicClaim: false,
    });
  });

  it('notes a public claim without raising anything', () => {
    expect(readSenderLabels(['Public'])).toEqual({ raising: [], publicClaim: true });
  });

  it('accepts no labels and skips non-string values from loosely typed callers', () => {
    expect(readSenderLabels(undefined)).toEqual({ raising: [], publicClaim: false });
    expect(readSenderLabels([42 as unknown as string, 'toString', '__proto__'])).toEqual({ raising: [], publicClaim: false });
  });
});
