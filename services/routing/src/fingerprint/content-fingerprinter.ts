import { Inject, Injectable } from '@nestjs/common';
import type { IdentifiedKey } from '@switchback/config';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RoutingConfig } from '../config/routing.config';
import { FINGERPRINT_SEEDS, type FingerprintSeed, type FingerprintSeeds } from './fingerprint-seeds';

const LABEL = 'switchback.content-fingerprint.v1';
/** "<master key id>.<seed id>:<digest>": the seed id is hex, so the last "." splits them. */
const FORMAT = /^([A-Za-z0-9._-]{1,32})\.([0-9a-f]{16}):([A-Za-z0-9_-]{32})$/;

interface TenantKey {
  readonly prefix: string;
  readonly key: Buffer;
  readonly until: number;
}

/**
 * Content fingerprints for decision events and audit rows: HMAC-SHA256 of the text under a key of
 * the tenant, derived (HKDF) from a master key (CONTENT_FINGERPRINT_KEYS, routing only) and a
 * random seed of the tenant (content_fingerprint_keys). Neither alone gives the key: a database
 * dump holds seeds only, the master holds no seed. Destroying a tenant's seed makes every
 * fingerprint made with it unverifiable and unlinkable to any text, so the append-only audit log
 * keeps its rows (and its hash chain) while that tenant's content traces are erased; the
 * tenant's next message gets a new seed. Never the recipient key: those hashes must stay joinable.
 */
@Injectable()
export class ContentFingerprinter {
  private readonly masters: ReadonlyMap<string, Buffer>;
  private readonly current: IdentifiedKey;
  private readonly cacheMs: number;
  private readonly cache = new Map<string, TenantKey>();

  constructor(
    @Inject(FINGERPRINT_SEEDS) private readonly seeds: FingerprintSeeds,
    @Inject(CONFIG) config: Pick<RoutingConfig, 'CONTENT_FINGERPRINT_KEYS' | 'CONTENT_FINGERPRINT_CACHE_S'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const [current] = config.CONTENT_FINGERPRINT_KEYS;
    if (!current) throw new Error('CONTENT_FINGERPRINT_KEYS: no key configured');
    this.current = current;
    this.masters = new Map(config.CONTENT_FINGERPRINT_KEYS.map(({ id, key }) => [id, key]));
    this.cacheMs = config.CONTENT_FINGERPRINT_CACHE_S * 1_000;
  }

  /** The fingerprint of `text` for `tenantId`, under the current master key and the tenant's seed. */
  async of(tenantId: string, text: string): Promise<string> {
    const tenantKey = await this.currentKeyOf(tenantId);
    return `${tenantKey.prefix}:${digest(tenantKey.key, text)}`;
  }

  /** True when `fingerprint` is this tenant's fingerprint of `text`; false once its seed is destroyed. */
  async matches(tenantId: string, text: string, fingerprint: string): Promise<boolean> {
    const parts = FORMAT.exec(fingerprint);
    const master = parts ? this.masters.get(parts[1]!) : undefined;
    if (!parts || !master) return false;
    const seed = await this.seeds.byId(parts[2]!);
    if (!seed || seed.tenantId !== tenantId) return false;
    const expected = Buffer.from(digest(derive(master, seed), text));
    const actual = Buffer.from(parts[3]!);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /**
   * Crypto-shreds the tenant's content traces: deletes its seed, so no fingerprint made with it
   * can be verified or linked again. Other instances forget their cached copy within
   * CONTENT_FINGERPRINT_CACHE_S. Returns whether a seed existed.
   */
  async destroyTenant(tenantId: string): Promise<boolean> {
    this.cache.delete(tenantId);
    return (await this.seeds.destroy(tenantId)) > 0;
  }

  private async currentKeyOf(tenantId: string): Promise<TenantKey> {
    const now = this.clock.now();
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > now) return cached;
    const seed = await this.seeds.currentOf(tenantId, { seedId: randomBytes(8).toString('hex'), tenantId, seed: randomBytes(32) });
    const tenantKey = { prefix: `${this.current.id}.${seed.seedId}`, key: derive(this.current.key, seed), until: now + this.cacheMs };
    this.cache.set(tenantId, tenantKey);
    return tenantKey;
  }
}

function derive(master: Buffer, seed: FingerprintSeed): Buffer {
  return Buffer.from(hkdfSync('sha256', master, seed.seed, `${LABEL}|${seed.tenantId}|${seed.seedId}`, 32));
}

function digest(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url').slice(0, 32);
}
