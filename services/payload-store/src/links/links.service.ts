import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { SecureLinkEventType, type SecureLinkLifecycle } from '@switchback/contracts';
import { errorCode } from '@switchback/errors';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { eventIdOf, lifecycleEvent, type RevokeActor } from './link-events';
import { LINK_IDS, type LinkIds } from './link-id';
import { LinkMetrics } from './link-metrics';
import type { CreateLinkRequest } from './link-request';
import type { KeyMode } from './key-mode';
import { LinkKeyring } from './link-keyring';
import { SecureLinkRepository, type LinkMeta } from './secure-link.repository';

export interface CreatedLink {
  readonly id: string;
  readonly url: string;
  readonly expiresAt: string;
  readonly maxViews: number;
}

export interface ClaimedLink {
  readonly ciphertext: string;
  readonly algorithm: string;
  readonly keyMode: KeyMode;
  readonly viewsRemaining: number;
  readonly expiresAt: string;
}

export interface LinkView {
  readonly id: string;
  readonly keyMode: KeyMode;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly maxViews: number;
  readonly views: number;
  readonly messageId: string | null;
  readonly escrowKeyId: string | null;
}

type Config = Pick<PayloadStoreConfig, 'PUBLIC_BASE_URL' | 'LINK_MAX_FAILED_CLAIMS'>;

/**
 * The link use cases. Answers are `undefined` whenever a link cannot be served, whatever the
 * reason (unknown, expired, burned, revoked, wrong secret): the edge turns all of them into
 * the same 404.
 */
@Injectable()
export class LinksService {
  private readonly logger = new Logger(LinksService.name);

  constructor(
    private readonly links: SecureLinkRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly metrics: LinkMetrics,
    @Inject(LINK_IDS) private readonly ids: LinkIds,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly keyring: LinkKeyring,
  ) {}

  /**
   * Announces CREATED, then stores the ciphertext: a failed announcement stores nothing, so no
   * link goes unannounced, and no transaction stays open across the broker round trip. A store
   * that fails after the announcement leaves a CREATED for a link that never existed (the
   * creator got an error and has no URL to hand out); readers of the lifecycle allow for it.
   */
  async create(tenantId: string, request: CreateLinkRequest): Promise<CreatedLink> {
    const now = this.clock.now();
    const id = this.ids.next();
    const stored = this.keyring.protect(id, request.accessVerifier, request.ciphertext);
    const link = {
      id,
      tenantId,
      messageId: request.messageId ?? null,
      ciphertext: stored.ciphertext,
      algorithm: request.algorithm,
      keyMode: request.keyMode,
      accessVerifier: stored.verifier,
      pepperKeyId: stored.keyId,
      createdAt: new Date(now),
      expiresAt: new Date(now + request.ttlSeconds * 1000),
      maxViews: request.maxViews,
      escrowEnvelope: request.escrow?.envelope ?? null,
      escrowKeyId: request.escrow?.keyId ?? null,
    };
    await this.publish(lifecycleEvent({ ...link, views: 0 }, SecureLinkEventType.CREATED, now));
    await this.links.insert(link);
    this.metrics.created.inc({ key_mode: link.keyMode });
    return { id: link.id, url: `${this.config.PUBLIC_BASE_URL}/s/${link.id}`, expiresAt: link.expiresAt.toISOString(), maxViews: link.maxViews };
  }

  /** One view for a holder of the claim secret; the last view deletes the row. */
  async claim(id: string, claimSecret: Buffer): Promise<ClaimedLink | undefined> {
    const now = this.clock.now();
    // Most links have one view: one statement serves it. Anything else takes the locked path.
    const lastView = await this.links.takeLastView(id, new Date(now), this.keyring.candidates(id, claimSecret));
    const outcome = lastView
      ? ({ kind: 'accepted', ...lastView } as const)
      : await this.links.useSecret(id, new Date(now), (stored) => this.keyring.check(id, claimSecret, stored), 'view', this.config.LINK_MAX_FAILED_CLAIMS);
    if (outcome.kind !== 'accepted') {
      await this.refused(outcome, now);
      return undefined;
    }
    const { link } = outcome;
    let ciphertext: Buffer;
    try {
      ciphertext = this.keyring.open(id, outcome.pepperKeyId, outcome.ciphertext);
    } catch (error) {
      // The stored bytes were altered (or the pepper vanished mid-claim): serve nothing.
      this.metrics.degraded.inc({ what: 'at_rest_unwrap' });
      this.logger.error({ code: errorCode(error), linkId: id }, 'stored ciphertext failed its at-rest check');
      return undefined;
    }
    this.metrics.claimed.inc({ key_mode: link.keyMode });
    // After the commit, and not awaited: the view is served even if the announcement fails (the
    // payload is gone), so the recipient need not wait for the broker. The publisher writes
    // queued events before it disconnects.
    void this.announce(lifecycleEvent(link, SecureLinkEventType.CLAIMED, now));
    return { ciphertext: ciphertext.toString('base64url'), algorithm: outcome.algorithm, keyMode: link.keyMode, viewsRemaining: link.maxViews - link.views, expiresAt: link.expiresAt.toISOString() };
  }

  /** Deletes a link for its creator (tenant) or a holder (claim secret); false if neither applies. */
  async revoke(id: string, by: { tenantId?: string; claimSecret?: Buffer }): Promise<boolean> {
    const now = this.clock.now();
    if (by.tenantId) {
      const link = await this.links.revokeByCreator(id, by.tenantId, new Date(now));
      if (link) return this.revoked(link, 'creator', now);
    }
    const secret = by.claimSecret;
    if (!secret) return false;
    // Counts wrong secrets like a claim does (code, passphrase): else revoke would be a free guessing oracle.
    const outcome = await this.links.useSecret(id, new Date(now), (stored) => this.keyring.check(id, secret, stored), 'revoke', this.config.LINK_MAX_FAILED_CLAIMS);
    if (outcome.kind !== 'accepted') {
      await this.refused(outcome, now);
      return false;
    }
    return this.revoked(outcome.link, 'holder', now);
  }

  async describe(id: string, tenantId: string): Promise<LinkView | undefined> {
    const link = await this.links.find(id, tenantId, new Date(this.clock.now()));
    if (!link) return undefined;
    return {
      id: link.id,
      keyMode: link.keyMode,
      createdAt: link.createdAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
      maxViews: link.maxViews,
      views: link.views,
      messageId: link.messageId,
      escrowKeyId: link.escrowKeyId,
    };
  }

  private async refused(outcome: { kind: 'unavailable' } | { kind: 'rejected' } | { kind: 'burned'; link: LinkMeta }, now: number): Promise<void> {
    this.metrics.claimRejected.inc({ reason: outcome.kind === 'unavailable' ? 'unavailable' : 'wrong_secret' });
    if (outcome.kind !== 'burned') return;
    this.metrics.burned.inc({ key_mode: outcome.link.keyMode });
    await this.announce(lifecycleEvent(outcome.link, SecureLinkEventType.BURNED, now));
  }

  private async revoked(link: LinkMeta, actor: RevokeActor, now: number): Promise<true> {
    this.metrics.revoked.inc({ key_mode: link.keyMode, actor });
    await this.announce(lifecycleEvent(link, SecureLinkEventType.REVOKED, now, actor));
    return true;
  }

  private publish(event: SecureLinkLifecycle): Promise<void> {
    // Keyed by link: every event of one link stays in order on one partition.
    return this.publisher.publish('secureLinkLifecycle', event, { key: event.linkId, messageId: eventIdOf(event) });
  }

  /** For events after a commit: a broker outage must not turn a served view into an error. */
  private async announce(event: SecureLinkLifecycle): Promise<void> {
    try {
      await this.publish(event);
    } catch (error) {
      this.metrics.degraded.inc({ what: 'lifecycle_event' });
      this.logger.warn({ code: errorCode(error), linkId: event.linkId, type: SecureLinkEventType[event.type] }, 'lifecycle event not published');
    }
  }
}
