import { HttpAdapterHost } from '@nestjs/core';
/** Room for the JSON around the ciphertext (verifier, escrow envelope, ids). */
const ENVELOPE_BYTES = 64 * 1024;

/** The JSON body limit that fits a ciphertext of `maxCiphertextBytes` in base64url. */
export function jsonBodyLimit(maxCiphertextBytes: number): number {
  return Math.ceil(maxCiphertextBytes / 3) * 4 + ENVELOPE_BYTES;
}

/**
 * Installs the JSON body parser with the link API's limit in place of Nest's default (100 kB).
 * Runs while the module graph is built, before Nest registers its parsers at init: Nest then
 * skips its own jsonParser (NestApplication.useBodyParser does the same, but needs the app).
 * A larger body is refused by the parser as it streams in, with a 413 (LinkProblemFilter).
 */
export class JsonBodyLimit {
  constructor(adapterHost: HttpAdapterHost, limitBytes: number) {
    const adapter = adapterHost.httpAdapter as unknown as { useBodyParser?: (type: string, rawBody: boolean, options: object) => void } | undefined;
    adapter?.useBodyParser?.('json', false, { limit: limitBytes });
  }
}
