/**
 * Fields that may carry message content, keys, tokens or phone numbers: pino replaces them
 * with "[redacted]" wherever they appear, one level deep or at the top.
 */
const SENSITIVE_FIELDS = [
  'content', 'text', 'body', 'payload', 'ciphertext', 'secret', 'password', 'passphrase', 'token',
  'clientToken', 'apiKey', 'key', 'privateKey', 'authorization', 'cookie', 'recipient', 'phone',
  'msisdn', 'e164', 'destination', 'source_addr', 'destination_addr', 'short_message',
];

export const REDACTED_LOG_PATHS = [
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-goog-signature"]',
  'req.headers["x-api-key"]',
];
