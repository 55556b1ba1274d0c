import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the committed OpenAPI documents live: docs/api/<name>.openapi.json. */
export const openApiDir = path.resolve(__dirname, '../../../docs/api');

/**
 * The committed document of `name` against the one generated from the code: the committed text,
 * or, with UPDATE_OPENAPI=1 (`make openapi`), writes the generated one and returns it.
 */
export function committedOpenApi(name: string, generated: string): string {
  const file = path.join(openApiDir, `${name}.openapi.json`);
  if (process.env['UPDATE_OPENAPI'] === '1') writeFileSync(file, generated);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return `(docs/api/${name}.openapi.json is missing: run make openapi)`;
  }
}
