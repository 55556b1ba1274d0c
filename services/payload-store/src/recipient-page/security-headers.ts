// Headers for everything under /s/. The CSP allows only our own script, style and API calls;
// no inline code, no third parties, no framing, no form posts, no <base> tricks.
export const RECIPIENT_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RECIPIENT_PAGE_CSP,
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), clipboard-read=()',
  // Once a browser has seen the page over https, it never again opens an http:// link to this
  // host in the clear (where a network attacker could serve its own script and read the
  // #fragment). Browsers ignore it over plain http (development on a loopback origin).
  'Strict-Transport-Security': 'max-age=31536000',
};
