/**
 * Our own secret patterns, for formats secretlint's recommended preset does not cover (Google
 * Cloud API keys, Twilio, JWTs, more URI schemes, key=value passwords, one-time codes in text).
 * Each format is taken from the issuer's documentation; RE2 syntax.
 */
import type { SecretRule } from './secret-rule';

// A token must not be glued to more token characters on either side.
const EDGE = '(?:^|[^A-Za-z0-9_-])';
const END = '(?:[^A-Za-z0-9_-]|$)';

const CONNECTION_SCHEMES = [
  'postgres(?:ql)?', 'mysqlx?', 'mariadb', 'mongodb(?:\\+srv)?', 'rediss?', 'amqps?', 'mssql', 'sqlserver',
  'oracle', 'cockroachdb', 'couchdbs?', 'clickhouse', 'neo4j(?:\\+s)?', 'bolt', 'nats', 'mqtts?', 'ldaps?',
  'smtps?', 'imaps?', 'pop3s?', 'sftp', 'ssh', 'kafka', 'jdbc:[a-z0-9]+',
].join('|');

const PASSWORD_WORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'passwort', 'kennwort', 'wachtwoord', 'contrase(?:ñ|n)a', 'senha',
  'mot de passe', 'secret', 'api[_-]?key', 'access[_-]?token', 'auth[_-]?token', 'token',
].join('|');

// Qualified names only: a bare "code" is as often a promotion or a parcel code.
const OTP_WORDS = [
  'otp', 'one[- ]time (?:pass(?:word|code)|code|pin)', 'passcode', 'verification code', 'security code',
  'login code', 'sign[- ]?in code', 'auth(?:entication|orization)? code', '2fa code', 'mfa code',
  'confirmation code', 'access code', 'c[oó]digo de (?:verificaci[oó]n|seguridad|acceso)',
  'code de (?:v[ée]rification|s[ée]curit[ée]|confirmation)', 'best[aä]tigungscode', 'verifizierungscode',
  'sicherheitscode', 'einmalcode', 'verificatiecode', 'codice di verifica',
].join('|');

/** A URL or a masked value after "password:" is a link or a placeholder, not the secret. */
function looksLikeSecretValue(match: readonly (string | undefined)[]): boolean {
  const value = match[1] ?? '';
  if (value.includes('://')) return false;
  for (const ch of value) if (!'*•●·xX.'.includes(ch)) return true;
  return false;
}

export const SWITCHBACK_RULES: readonly SecretRule[] = [
  // Google Cloud: API keys (AIza + 35), OAuth client secrets, service-account key files.
  { id: 'secret.gcp_api_key', pattern: `${EDGE}AIza[0-9A-Za-z_-]{35}${END}` },
  { id: 'secret.gcp_oauth_client_secret', pattern: `${EDGE}GOCSPX-[A-Za-z0-9_-]{28}${END}` },
  { id: 'secret.gcp_service_account', pattern: '"type"\\s*:\\s*"service_account"' },
  { id: 'secret.gcp_service_account', pattern: '"private_key_id"\\s*:\\s*"[0-9a-f]{40}"' },
  // Any PEM private key, including ENCRYPTED and "PGP PRIVATE KEY BLOCK" headers.
  { id: 'secret.private_key', pattern: '-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----' },
  // Stripe webhook signing secrets (secretlint covers sk_/rk_ keys).
  { id: 'secret.stripe_key', pattern: `${EDGE}whsec_[A-Za-z0-9+/=]{32,}` },
  // Twilio: API key SIDs are SK + 32 hex; auth tokens are 32 hex, recognisable only by context.
  { id: 'secret.twilio_api_key', pattern: '\\bSK[0-9a-fA-F]{32}\\b' },
  { id: 'secret.twilio_auth_token', pattern: '(?i)(?:twilio|auth[_ -]?token)[^\\n]{0,40}\\b[0-9a-f]{32}\\b' },
  // JWT: base64url JSON header and payload ('{"' encodes as eyJ), optional signature.
  { id: 'secret.jwt', pattern: `${EDGE}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*` },
  // Credentials inside URIs: user:password@ (user may be empty, as in redis://:pw@host).
  { id: 'secret.connection_string', pattern: `(?i)\\b(?:${CONNECTION_SCHEMES})://[^\\s:/@]*:[^\\s/@]+@` },
  { id: 'secret.basic_auth_url', pattern: '(?i)\\b(?:https?|ftps?|wss?)://[^\\s:/@]+:[^\\s/@]+@' },
  // password=..., "api_key": "...", Password: ... (also in .env files and ADO.NET strings).
  {
    id: 'secret.password_assignment',
    pattern: `(?i)(?:${PASSWORD_WORDS})["']?\\s*(?::|=>|=)\\s*["']?([^\\s"'<>]{6,})`,
    accept: looksLikeSecretValue,
  },
  // One-time codes sent as ordinary text ("Your verification code is 482913", "482913 is your
  // login code", "your PIN: 4821"): a one-time code is a secret whatever the traffic type says.
  { id: 'secret.otp_code', pattern: `(?i)\\b(?:${OTP_WORDS})\\b[^0-9\\n]{0,30}\\b[0-9]{4,10}\\b` },
  { id: 'secret.otp_code', pattern: `(?i)\\b[0-9]{4,10}\\b[^0-9\\n]{0,30}\\b(?:${OTP_WORDS}|one[- ]time|2fa|mfa)\\b` },
  { id: 'secret.otp_code', pattern: '(?i)\\bpin\\s*(?::|=|is)\\s*[0-9]{4,8}\\b' },
];
