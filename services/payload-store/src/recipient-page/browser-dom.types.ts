// The few DOM shapes the reveal script uses. The workspace compiles without lib "dom" (it is
// a Node codebase), and a triple-slash reference would leak DOM globals into every file, so
// the browser code reads `window` through these local types instead.
export interface DomEvent {
  preventDefault(): void;
}

export interface DomElement {
  textContent: string | null;
  hidden: boolean;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  focus(): void;
}

export interface DomInput extends DomElement {
  value: string;
  disabled: boolean;
  type: string;
}

export interface DomAnchor extends DomElement {
  href: string;
  download: string;
}

export interface BrowserWindow {
  document: { getElementById(id: string): DomElement | null };
  location: { hash: string; pathname: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  navigator: { clipboard?: { writeText(text: string): Promise<void> } };
  fetch: typeof fetch;
  URL: { createObjectURL(blob: Blob): string };
}
