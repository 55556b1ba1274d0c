// Envelope encryption of message fields (libs/envelope) against bare AES-256-GCM with one fixed
// key, in the same run: what sealing and opening an SMS-sized field costs once data keys come
// from the key store and the KMS port. Opening goes in batches of BATCH, as a consumer's
// partition batch would, on a reader whose cache starts empty; the number of KMS unwraps shows
// that a batch pays one per data key, not one per message.
import { EnvelopeCipher, LocalKeyEncryption, MemoryDataKeyStore } from '@switchback/envelope';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { BenchMetrics } from './classifier-bench';

const FIELDS = 20_000;
const BATCH = 100;
const TENANTS = 10;
const TEXT = Buffer.from('Your table for 4 at 19:30 is confirmed. Reply STOP to opt out. '.padEnd(160, '.'), 'utf8');

function bareAesGcm(): { sealPerS: number; openPerS: number } {
  const key = randomBytes(32);
  const aad = Buffer.from('["sb-envelope-v1","dk","acme","m-0","content.text"]');
  const sealed: Buffer[] = [];
  let started = performance.now();
  for (let i = 0; i < FIELDS; i++) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(TEXT), cipher.final()]);
    sealed.push(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }
  const sealPerS = FIELDS / ((performance.now() - started) / 1000);
  started = performance.now();
  for (const value of sealed) {
    const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(value.subarray(12, 28));
    Buffer.concat([decipher.update(value.subarray(28)), decipher.final()]);
  }
  return { sealPerS, openPerS: FIELDS / ((performance.now() - started) / 1000) };
}

export async function envelopeBench(): Promise<BenchMetrics> {
  const kms = new LocalKeyEncryption({ id: 'kek-bench', key: randomBytes(32) });
  const store = new MemoryDataKeyStore();
  const options = { bucketMs: 3_600_000, maxFieldBytes: 4096, cacheTtlMs: 300_000, cacheSize: 1_000 };
  const writer = new EnvelopeCipher(kms, store, options);
  const ref = (i: number) => ({ tenantId: `tenant-${i % TENANTS}`, messageId: `m-${i}`, field: 'content.text' });
  let started = performance.now();
  const sealed: Buffer[] = [];
  for (let i = 0; i < FIELDS; i++) sealed.push(await writer.seal(ref(i), TEXT));
  const sealPerS = FIELDS / ((performance.now() - started) / 1000);
  const reader = new EnvelopeCipher(kms, store, options);
  started = performance.now();
  for (let from = 0; from < FIELDS; from += BATCH) {
    const results = await reader.openMany(sealed.slice(from, from + BATCH).map((value, k) => ({ ref: ref(from + k), sealed: value })));
    if (results.some((result) => !result.ok)) throw new Error('envelope bench: a field did not open');
  }
  const openPerS = FIELDS / ((performance.now() - started) / 1000);
  const bare = bareAesGcm();
  const us = (perS: number) => Number((1e6 / perS).toFixed(2));
  console.log(
    `envelope: seal ${us(sealPerS)} µs/field (bare AES-GCM ${us(bare.sealPerS)}), open ${us(openPerS)} µs/field in batches of ${BATCH} (bare ${us(bare.openPerS)}), ` +
      `${reader.unwraps} unwraps for ${FIELDS} fields of ${TENANTS} tenants`,
  );
  return {
    envelope_seal_us_per_field: { value: us(sealPerS), unit: 'µs' },
    envelope_open_us_per_field: { value: us(openPerS), unit: 'µs' },
    bare_aes_gcm_seal_us_per_field: { value: us(bare.sealPerS), unit: 'µs' },
    bare_aes_gcm_open_us_per_field: { value: us(bare.openPerS), unit: 'µs' },
    envelope_seal_vs_bare_aes: { value: Number((sealPerS / bare.sealPerS).toFixed(3)), unit: 'ratio' },
    envelope_open_vs_bare_aes: { value: Number((openPerS / bare.openPerS).toFixed(3)), unit: 'ratio' },
    envelope_unwraps_per_1000_fields: { value: Number(((reader.unwraps * 1000) / FIELDS).toFixed(2)), unit: 'unwraps' },
  };
}
