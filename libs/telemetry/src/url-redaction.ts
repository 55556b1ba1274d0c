/** A path segment that is (or URL-encodes) a phone number: `+447700900123`, `%2B4477…`. */
const PHONE_SEGMENT = /^(\+|%2B)?\d{6,15}$/i;

/**
 * `url.path` and `url.query` of an incoming request as spans may hold them: phone-number
 * segments become `{e164}` and every query value `REDACTED` (keys stay, to tell calls apart).
 */
export function redactedUrlAttributes(url: string): Record<string, string> {
  const [path = '', query] = url.split('?', 2);
  const attributes: Record<string, string> = { 'url.path': path.split('/').map((segment) => (PHONE_SEGMENT.test(segment) ? '{e164}' : segment)).join('/') };
  if (query) attributes['url.query'] = query.split('&').map((pair) => `${pair.split('=', 1)[0]}=REDACTED`).join('&');
  return attributes;
}
