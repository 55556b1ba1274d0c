import { invalidArgument } from '../http/hub-http.error';

/** The fields of RBM's AgentContentMessage `content` oneof. */
const CONTENT_KINDS = ['text', 'fileName', 'uploadedRbmFile', 'richCard', 'contentInfo'] as const;
const MAX_TEXT_CHARS = 3072;
const TTL = /^(\d+)(\.\d{1,9})?s$/;

export interface ParsedAgentMessage {
  readonly contentMessage: Readonly<Record<string, unknown>>;
  readonly contentKind: string;
  readonly text: string;
  /** Absolute expiry from ttl or expireTime; null = none. */
  readonly expiresAtMs: number | null;
  /** Echoed in the answer, as RBM echoes the AgentMessage resource. */
  readonly expiry: Readonly<Record<string, string>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseExpiry(body: Record<string, unknown>, receivedAtMs: number): Pick<ParsedAgentMessage, 'expiresAtMs' | 'expiry'> {
  const { ttl, expireTime } = body;
  if (ttl !== undefined && expireTime !== undefined) throw invalidArgument('Only one of expireTime and ttl may be set.');
  if (ttl !== undefined) {
    const match = typeof ttl === 'string' ? TTL.exec(ttl) : null;
    if (!match) throw invalidArgument('ttl must be a duration in seconds, e.g. "60s".');
    return { expiresAtMs: receivedAtMs + Math.round(Number(`${match[1]}${match[2] ?? ''}`) * 1000), expiry: { ttl: ttl as string } };
  }
  if (expireTime !== undefined) {
    const at = typeof expireTime === 'string' ? Date.parse(expireTime) : Number.NaN;
    if (Number.isNaN(at)) throw invalidArgument('expireTime must be an RFC 3339 timestamp.');
    return { expiresAtMs: at, expiry: { expireTime: expireTime as string } };
  }
  return { expiresAtMs: null, expiry: {} };
}

/** Validates a send body the way RBM does for the fields we use: exactly one content kind. */
export function parseAgentMessage(body: unknown, receivedAtMs: number): ParsedAgentMessage {
  if (!isRecord(body)) throw invalidArgument('Request body must be a JSON object.');
  const contentMessage = body['contentMessage'];
  if (!isRecord(contentMessage)) throw invalidArgument('contentMessage is required.');
  const kinds = CONTENT_KINDS.filter((kind) => contentMessage[kind] !== undefined);
  const [contentKind] = kinds;
  if (kinds.length !== 1 || contentKind === undefined) throw invalidArgument(`contentMessage must set exactly one of ${CONTENT_KINDS.join(', ')}.`);
  const text = contentMessage['text'];
  if (text !== undefined && (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT_CHARS)) {
    throw invalidArgument(`contentMessage.text must be a string of 1 to ${MAX_TEXT_CHARS} characters.`);
  }
  return { contentMessage, contentKind, text: typeof text === 'string' ? text : '', ...parseExpiry(body, receivedAtMs) };
}
