import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PayloadStoreConfig } from '../config/payload-store.config';

/** Room for the JSON around the ciphertext (verifier, escrow envelope, ids). */
const ENVELOPE_BYTES = 64 * 1024;

/** The JSON body limit that fits a ciphertext of `maxCiphertextBytes` in base64url. */
export function jsonBodyLimit(maxCiphertextBytes: number): number {
  return Math.ceil(maxCiphertextBytes / 3) * 4 + ENVELOPE_BYTES;
}

/**
 * What payload-store needs from the HTTP layer, set before Nest initialises (main and tests):
 * - the JSON body limit that fits the largest ciphertext, in place of Nest's 100 kB (a larger
 *   body is refused while it streams in, with a 413 from LinkProblemFilter);
 * - which proxies may set X-Forwarded-For, so claim rate limits count recipients, not the
 *   ingress controller every request comes through.
 */
export function configurePayloadStoreHttp(app: INestApplication, config: Pick<PayloadStoreConfig, 'LINK_MAX_CIPHERTEXT_BYTES' | 'TRUST_PROXY'>): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: jsonBodyLimit(config.LINK_MAX_CIPHERTEXT_BYTES) });
  express.set('trust proxy', config.TRUST_PROXY);
}
