import { RelayCodes } from './relay-code';

const key = (byte: number) => Buffer.alloc(32, byte);

describe('RelayCodes', () => {
  it('derives the same code for the same message again, and another one for another message or tenant', () => {
    const codes = new RelayCodes({ HOLD_ENCRYPTION_KEY: key(1), HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });
    const issued = codes.issue('acme', 'm-1');
    expect(issued.keyId).toBe('h1');
    expect(issued.code).toMatch(/^[2-9A-HJKMNP-TW-Z]{8}$/);
    expect(codes.derive('acme', 'm-1', 'h1')).toBe(issued.code);
    expect(codes.derive('acme', 'm-2', 'h1')).not.toBe(issued.code);
    expect(codes.derive('globex', 'm-1', 'h1')).not.toBe(issued.code);
  });

  it('derives codes of a rotated-out key while it is configured as previous; an unknown key id derives nothing', () => {
    const before = new RelayCodes({ HOLD_ENCRYPTION_KEY: key(1), HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });
    const after = new RelayCodes({ HOLD_ENCRYPTION_KEY: key(2), HOLD_ENCRYPTION_KEY_ID: 'h2', HOLD_PREVIOUS_KEYS: [{ id: 'h1', key: key(1) }] });
    expect(after.derive('acme', 'm-1', 'h1')).toBe(before.issue('acme', 'm-1').code);
    expect(after.issue('acme', 'm-1').keyId).toBe('h2');
    expect(after.derive('acme', 'm-1', 'h0')).toBeUndefined();
  });

  it('depends on the key: another hold key gives another code for the same message', () => {
    const a = new RelayCodes({ HOLD_ENCRYPTION_KEY: key(1), HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });
    const b = new RelayCodes({ HOLD_ENCRYPTION_KEY: key(3), HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });
    expect(a.issue('acme', 'm-1').code).not.toBe(b.issue('acme', 'm-1').code);
  });
});
