import { formatMatrix } from './capability-matrix';

describe('formatMatrix', () => {
  it('prints one aligned row per region and carrier with percentages', () => {
    const lines = formatMatrix([
      { region: 'FR', carrier: 'Orange', recipients: 4, rcsShare: 0.75, e2eeShare: 0.25 },
      { region: 'GB', carrier: '', recipients: 1, rcsShare: 0, e2eeShare: 0 },
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^FR\s+Orange\s+4\s+75\.0%\s+25\.0%$/);
    expect(lines[2]).toMatch(/^GB\s+\(unknown\)\s+1\s+0\.0%\s+0\.0%$/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('says so when nobody was seen', () => {
    expect(formatMatrix([])).toEqual([expect.stringContaining('recipients'), '(no recipients seen in the window)']);
  });
});
