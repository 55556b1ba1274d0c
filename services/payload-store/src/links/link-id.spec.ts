import { isLinkId, randomLinkIds } from './link-id';

describe('link ids', () => {
  it('are 22 base64url characters carrying 128 random bits, all distinct', () => {
    const ids = Array.from({ length: 2000 }, () => randomLinkIds.next());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      expect(isLinkId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Every character of the alphabet shows up: the ids are not from a narrower set.
    expect(new Set(ids.join('')).size).toBe(64);
  });

  it.each(['', 'short', 'A'.repeat(21) + 'B', 'A'.repeat(23), 'A'.repeat(21) + '=', '../../etc/passwd/AAAAAA', 'A'.repeat(20) + '+/'])('rejects %j', (value) => {
    expect(isLinkId(value)).toBe(false);
  });
});
