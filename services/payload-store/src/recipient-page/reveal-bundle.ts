import { Injectable, type OnModuleInit } from '@nestjs/common';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the browser entry is: TS sources under Jest/ts-node, compiled JS in dist/. */
export function revealEntryPath(dir: string = __dirname): string {
  const ts = path.join(dir, 'reveal.entry.ts');
  return existsSync(ts) ? ts : path.join(dir, 'reveal.entry.js');
}

/** Bundles the reveal script once at module init and keeps it in memory. */
@Injectable()
export class RevealBundle implements OnModuleInit {
  private code: string | undefined;

  async onModuleInit(): Promise<void> {
    const result = await build({
      entryPoints: [revealEntryPath()],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    this.code = result.outputFiles[0].text;
  }

  get script(): string {
    if (this.code === undefined) throw new Error('reveal bundle requested before module init');
    return this.code;
  }
}
