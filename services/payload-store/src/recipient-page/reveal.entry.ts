// Browser entry of the recipient page, bundled by esbuild (see reveal-bundle.ts).
import type { BrowserWindow } from './browser-dom.types';
import { startRevealPage } from './reveal-page';

startRevealPage(globalThis as unknown as BrowserWindow);
