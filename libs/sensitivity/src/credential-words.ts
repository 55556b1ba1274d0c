import { normaliseForScan } from './scan-normaliser';

/**
 * Words for "password" and "key" in the languages our tenants send, written naturally. Rules
 * match normalised text (scan-normaliser.ts), where a Cyrillic or Greek word may come out half
 * Latin ("пароль" reads "пapoль"), so patterns are built from the words' normalised forms.
 */
export const PASSWORD_WORDS_INTL = [
  'пароль', 'κωδικός πρόσβασης', 'συνθηματικό', 'كلمة المرور', 'كلمة السر', 'hasło', 'şifre', 'sifre', 'lösenord', 'adgangskode',
  'salasana', 'heslo', 'jelszó', 'parolă', 'passord', 'wachtwoord',
];

/** Words next to which a generated-looking value is a credential (gitleaks' generic-api-key idea). */
export const CREDENTIAL_WORDS = [
  'key', 'keys', 'apikey', 'api_key', 'api-key', 'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pwd',
  'passphrase', 'creds', 'credential', 'credentials', 'bearer', 'auth',
  'ключ', 'токен', 'секрет', 'κλειδί', 'مفتاح', 'رمز', 'clave', 'contraseña', 'senha', 'chave', 'passwort', 'schlüssel',
  'kennwort', 'mot de passe', 'clé', 'jeton', 'sleutel', 'chiave', 'klucz', 'anahtar', ...PASSWORD_WORDS_INTL,
];

/**
 * An RE2 alternation of the words as the scanner sees them: each word normalised in lower,
 * upper and title case (a look-alike's case decides its ASCII reading), regex characters escaped.
 * Bare words that also mean "code" (Greek κωδικός) are left out: booking codes follow them.
 */
export function wordAlternation(words: readonly string[]): string {
  const forms = new Set<string>();
  for (const word of words) {
    const title = word.charAt(0).toUpperCase() + word.slice(1);
    for (const form of [word.toLowerCase(), word.toUpperCase(), title]) forms.add(escapeRe2(normaliseForScan(form)));
  }
  // Longest first, so "credentials" is tried before "credential".
  return [...forms].sort((a, b) => b.length - a.length).join('|');
}

function escapeRe2(text: string): string {
  let out = '';
  for (const ch of text) out += '\\^$.|?*+()[]{}/-'.includes(ch) ? `\\${ch}` : ch === ' ' ? '\\s+' : ch;
  return out;
}
