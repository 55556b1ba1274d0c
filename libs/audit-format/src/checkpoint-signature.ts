import { verify } from 'node:crypto';
import { encodeCheckpoint } from './checkpoint-encoding';
import type { CheckpointFields } from './checkpoint-wire';
import { publicKeyOfRaw } from './ed25519-public-key';

/** Checks a checkpoint's Ed25519 signature against a raw public key; a malformed key or signature is invalid. */
export function checkpointSignatureValid(checkpoint: CheckpointFields & { readonly signature: string }, rawPublic: Buffer): boolean {
  try {
    return verify(null, Buffer.from(encodeCheckpoint(checkpoint), 'utf8'), publicKeyOfRaw(rawPublic), Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
