/**
 * Our own secret patterns, for formats secretlint's recommended preset does not cover (Google
 * Cloud API keys, Twilio, JWTs, Azure, Mailgun, more URI schemes, key=value passwords, passwords
 * and one-time codes written in prose). Each format is taken from the issuer's documentation
 * (the Azure client-secret shape follows gitleaks' azure-ad-client-secret rule, MIT, see
 * THIRD_PARTY_NOTICES.md); RE2 syntax. The prose rules were added after measuring misses on the
 * labelled corpus (libs/sensitivity/corpus, corpus-evaluation.spec.ts).
 */
import { CREDENTIAL_WORDS, PASSWORD_WORDS_INTL, wordAlternation } from './credential-words';
import type { SecretRule } from './secret-rule';
import { looksLikeAssignedSecret, looksLikeBarePassword, looksLikeLabelledKey, looksLikePasswordInText } from './secret-values';
import { looksLikeGeneratedToken, looksLikeGeneratedTokenBeforeWord } from './token-entropy';

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
  'mot de passe', 'secret', 'api[_-]?key', 'access[_-]?token', 'auth[_-]?token', 'token', wordAlternation(PASSWORD_WORDS_INTL),
].join('|');

// Not a letter or digit in any script (RE2's \b only knows ASCII words); "_" counts as a
// boundary so that DEPLOY_KEY= and api_token: name their keyword.
const NOT_WORD = '[^\\p{L}\\p{N}]';
const PROSE_PASSWORD_WORDS_INTL = wordAlternation(PASSWORD_WORDS_INTL);
const CREDENTIAL = wordAlternation(CREDENTIAL_WORDS);
// A value that could be a generated key: base64/base64url/hex characters and a few separators.
const VALUE = '[A-Za-z0-9+/=_.~-]';

// Qualified names only: a bare "code" is as often a promotion or a parcel code.
const OTP_WORDS = [
  'otp', 'one[- ]time (?:pass(?:word|code)|code|pin)', 'passcode', 'verification code', 'security code',
  'login code', 'sign[- ]?in code', 'auth(?:entication|orization)? code', '2fa code', 'mfa code',
  'confirmation code', 'access code', 'c[oó]digo de (?:verificaci[oó]n|seguridad|acceso)',
  'code de (?:v[ée]rification|s[ée]curit[ée]|confirmation)', 'best[aä]tigungscode', 'verifizierungscode',
  'sicherheitscode', 'einmalcode', 'verificatiecode', 'codice di verifica',
].join('|');

// Words after which people write a password in prose ("the wifi password is X").
const PROSE_PASSWORD_WORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'pw', 'pin', 'passwort', 'kennwort', 'wachtwoord',
  'contrase(?:ñ|n)a', 'senha', 'mot de passe',
].join('|');

// A one-time code as printed: 4–8 digits, or two groups of three ("381-204").
const OTP_DIGITS = '(?:[0-9]{4,8}|[0-9]{3}[- ][0-9]{3})';
// "do not share it / this code / with anyone", not "do not share this offer".
const DONT_SHARE = "(?:do not|don[\u2019']?t|never) share (?:it|(?:this|the|your|that) (?:code|pin|otp)|with)";

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
    accept: looksLikeAssignedSecret,
  },
  // One-time codes sent as ordinary text ("Your verification code is 482913", "482913 is your
  // login code", "your PIN: 4821"): a one-time code is a secret whatever the traffic type says.
  { id: 'secret.otp_code', pattern: `(?i)\\b(?:${OTP_WORDS})\\b[^0-9\\n]{0,30}\\b[0-9]{4,10}\\b` },
  { id: 'secret.otp_code', pattern: `(?i)\\b[0-9]{4,10}\\b[^0-9\\n]{0,30}\\b(?:${OTP_WORDS}|one[- ]time|2fa|mfa)\\b` },
  { id: 'secret.otp_code', pattern: '(?i)\\bpin\\s*(?::|=|is)\\s*[0-9]{4,8}\\b' },
  // "Your Uber code: 4829. Never share this code." / "Use 905126 to sign in to ...".
  { id: 'secret.otp_code', pattern: `(?i)\\bcode\\b[^0-9\\n]{0,20}\\b${OTP_DIGITS}\\b[^\\n]{0,80}\\b${DONT_SHARE}\\b` },
  { id: 'secret.otp_code', pattern: `(?i)\\b${OTP_DIGITS}\\b[^0-9\\n]{0,10}\\bto (?:sign|log) ?in\\b` },
  // Passwords in prose: "your new password is X", "Temp password for the VPN: X", "pw: X".
  {
    id: 'secret.password_in_text',
    pattern: `(?i)\\b(${PROSE_PASSWORD_WORDS})\\b[^\\n:=.!?]{0,30}?(?:\\s*[:=]|\\s+(?:is|was|es|est|ist)\\b:?)\\s*["']?([^\\s"'<>]{4,})`,
    accept: looksLikePasswordInText,
  },
  // The same in other scripts ("пароль от wifi: X"), where \b cannot mark the word's edges.
  {
    id: 'secret.password_in_text',
    pattern: `(?i)(?:^|${NOT_WORD})(${PROSE_PASSWORD_WORDS_INTL})(?:${NOT_WORD}[^\\n:=.!?]{0,30}?)?\\s*[:=]\\s*["']?([^\\s"'<>]{4,})`,
    accept: looksLikePasswordInText,
  },
  // "password Spring#2026": no separator, so the value must mix letters, digits and a symbol.
  {
    id: 'secret.password_in_text',
    pattern: '(?i)\\b(password|passwd|pwd|pw|passwort|kennwort|wachtwoord|contrase(?:ñ|n)a|senha)\\s+([^\\s"\'<>]{6,})',
    accept: looksLikeBarePassword,
  },
  // "pass: X" only at the start of a line, after a slash or after a user name ("login jsmith / pass: X"):
  // elsewhere "pass" is a boarding or bus pass.
  {
    id: 'secret.password_in_text',
    pattern: '(?i)(?:^|\\n|/|\\b(?:user(?:name)?|login)\\b[^\\n]{0,40})\\s*(pass)\\s*[:=]\\s*([^\\s"\'<>]{6,})',
    accept: looksLikePasswordInText,
  },
  // AWS secret keys written in prose ("the aws secret is ...", "AWS Secret Access Key: ...").
  {
    id: 'secret.aws_secret_access_key',
    pattern: `(?i)\\baws[ _-]?secret(?:[ _-]?access)?(?:[ _-]?key)?["']?(?:\\s*(?::|=>|=)\\s*|\\s+is:?\\s+)["']?[A-Za-z0-9/+]{40}(?:[^A-Za-z0-9/+]|$)`,
  },
  // Azure: storage account keys (88 base64 characters), Service Bus/Event Hubs keys, SAS
  // signatures, and Entra ID client secrets (three characters, a digit, "Q~", 31–34 more).
  { id: 'secret.azure_storage_key', pattern: '(?i)AccountKey=[A-Za-z0-9+/]{86}==' },
  { id: 'secret.azure_storage_key', pattern: '(?i)SharedAccessKey=[A-Za-z0-9+/]{42,44}=' },
  { id: 'secret.azure_sas_token', pattern: '(?i)\\bsv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\\s]*\\bsig=[A-Za-z0-9%+/]{20,}' },
  {
    id: 'secret.azure_client_secret',
    pattern: `(?:^|[\\s'"=:(,>])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?:$|[\\s'"<),])`,
  },
  // OpenAI keys as issued today: sk-proj-/sk-svcacct-/sk-admin- with - and _ anywhere, and
  // legacy sk- keys (secretlint's rule wants the T3BlbkFJ marker, which pasted keys may lack).
  { id: 'secret.openai_api_key', pattern: `${EDGE}sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}${END}` },
  { id: 'secret.openai_api_key', pattern: `${EDGE}sk-([A-Za-z0-9]{32,})${END}`, accept: looksLikeGeneratedToken },
  // SendGrid: SG.<22>.<43>, both parts base64url (secretlint's rule allows no - or _ in them).
  { id: 'secret.sendgrid_api_key', pattern: `${EDGE}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}${END}` },
  // Azure storage connection strings with any base64 alphabet and padding, quoted or spaced.
  { id: 'secret.azure_storage_key', pattern: '(?i)\\bAccount ?Key\\s*[=:]\\s*["\']?[A-Za-z0-9+/_-]{40,}={0,2}' },
  // Mailgun private API keys (legacy format).
  { id: 'secret.mailgun_api_key', pattern: `${EDGE}key-[0-9a-f]{32}${END}` },
  // "storage account key: <value>", "the new key for the API: <value>": a long generated value.
  {
    id: 'secret.labelled_key',
    pattern: `(?i)(?:\\b([a-z]+)[ _-])?\\b(?:key|token|secret)\\b([^\\n:=]{0,30}?)(?:\\s*(?::|=>|=)\\s*|\\s+is:?\\s+)["']?([A-Za-z0-9+/_.~-]{32,}={0,2})`,
    accept: looksLikeLabelledKey,
  },
  // A generated-looking value next to a credential word, either side, in any of our languages:
  // "api key 8fJ2kL9q…", "creds -> admin / Xk29…", "ключ API: …", "… is the deploy token".
  // A "public key" (group 1) is meant to be shared.
  {
    id: 'secret.generic_api_key',
    pattern: `(?:^|${NOT_WORD})(?i:(public)[\\s_-]+)?(?i:${CREDENTIAL})${NOT_WORD}(?:[^\\n]{0,30}?[^A-Za-z0-9+/=_.~\\n-])??(${VALUE}{16,})`,
    accept: (m) => m[1] === undefined && looksLikeGeneratedToken([m[0], m[2]]),
  },
  {
    id: 'secret.generic_api_key',
    pattern: `(?:^|[^A-Za-z0-9+/=_.~-])(${VALUE}{16,})[^\\p{L}\\p{N}\\n](?:[^\\n]{0,20}?${NOT_WORD})??(?i:${CREDENTIAL})(?:${NOT_WORD}|$)`,
    accept: looksLikeGeneratedTokenBeforeWord,
  },
];
