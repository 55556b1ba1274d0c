import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RevealBundle, revealEntryPath } from './reveal-bundle';

describe('RevealBundle', () => {
  it('uses the TS entry next to the sources and the JS entry in a compiled tree', () => {
    expect(revealEntryPath(__dirname)).toBe(path.join(__dirname, 'reveal.entry.ts'));
    const dist = mkdtempSync(path.join(tmpdir(), 'reveal-dist-'));
    try {
      writeFileSync(path.join(dist, 'reveal.entry.js'), '');
      expect(revealEntryPath(dist)).toBe(path.join(dist, 'reveal.entry.js'));
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('bundles a self-contained browser script (the secure-link lib inlined, no require, no node: modules)', async () => {
    const bundle = new RevealBundle();
    expect(() => bundle.script).toThrow();
    await bundle.onModuleInit();
    expect(bundle.script).toMatch(/^("use strict";)?\(\(\)=>\{/);
    expect(bundle.script).not.toMatch(/\brequire\(|node:/);
    expect(bundle.script).toContain('switchback/secure-link/v1');
    expect(bundle.script).toContain('/claim');
  });
});
