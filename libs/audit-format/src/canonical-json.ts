/**
 * Canonical JSON for hashing: object keys sorted by UTF-16 code unit, no whitespace, undefined
 * members left out. Postgres reorders jsonb keys, so a row read back hashes like the row written.
 * Only JSON values are accepted: a Date, bigint or non-finite number must be converted first.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new TypeError(`canonicalJson: ${(value as object).constructor?.name ?? 'object'} is not plain JSON`);
      }
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  }
}
