/** RBM's AgentContentMessage, as much of it as we send. */
export type AgentContent = Readonly<Record<string, unknown>> & { readonly text: string };

export interface ContentVariants {
  /** With rich features (suggested actions); absent when the content has none to offer. */
  readonly rich?: AgentContent;
  /** Text only: what every RCS client renders. */
  readonly plain: AgentContent;
}

const HTTPS_URL = /https:\/\/[^\s<>"]+/g;
// RBM's limit on a suggestion's text.
const OPEN_LINK_LABEL = 'Open link';

/**
 * The variants of one message's content. DispatchCommand's MessageContent carries text only,
 * so the one rich feature we can offer is an "Open link" suggested action (opt-in), when the
 * text holds exactly one https URL; the text itself is kept unchanged in both variants.
 */
export function contentVariants(text: string, options: { readonly suggestOpenUrl: boolean }): ContentVariants {
  const plain: AgentContent = { text };
  if (!options.suggestOpenUrl) return { plain };
  const urls = text.match(HTTPS_URL) ?? [];
  if (urls.length !== 1) return { plain };
  return { plain, rich: { text, suggestions: [{ action: { text: OPEN_LINK_LABEL, postbackData: 'open_link', openUrlAction: { url: urls[0] } } }] } };
}

// RBM accepts ttl / expireTime at most 15 days after submission.
const MAX_TTL_S = 15 * 24 * 3600;

/**
 * The `ttl` of an attempt: what is left of the leg's ttl since its first attempt, so a send
 * retried through the bus never lives longer than asked. `{}` = the carrier default;
 * 'elapsed' = nothing left (do not send).
 */
export function remainingTtl(ttlSeconds: number, firstAttemptAtMs: number, nowMs: number): { readonly ttl: string } | Record<string, never> | 'elapsed' {
  if (ttlSeconds <= 0) return {};
  const remainingMs = ttlSeconds * 1000 - Math.max(0, nowMs - firstAttemptAtMs);
  if (remainingMs <= 0) return 'elapsed';
  return { ttl: `${Math.min(MAX_TTL_S, Math.ceil(remainingMs / 1000))}s` };
}
