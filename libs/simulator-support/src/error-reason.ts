/**
 * A short, content-free reason for a log line: the errno code (ECONNREFUSED) or the error name.
 * Duck-typed, since errors from another realm (Node core under Jest) fail `instanceof Error`.
 */
export function errorReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : 'unknown error';
}
