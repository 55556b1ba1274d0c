import { classify, createClassifier, type Classification, type ScanStage } from './index';
import { alnum, FAKE_SECRETS } from './fake-secrets.fixture';

const AWS_KEY = FAKE_SECRETS['secret.aws_access_key'][0];

describe('classify', () => {
  it('finds nothing in ordinary text', () => {
    expect(classify({ text: 'Your parcel arrives Tuesday' })).toEqual({
      level: 'none',
      sensitive: false,
      detectors: [],
      truncated: false,
      elapsedBudgetExceeded: false,
    });
  });

  it('classifies a secret as secret-level', () => {
    const result = classify({ text: `Use ${AWS_KEY} for the upload` });
    expect(result).toMatchObject({ level: 'secret', sensitive: true, detectors: ['secret.aws_access_key'] });
  });

  it('classifies personal data as personal-level', () => {
    const result = classify({ text: 'Card on file: 4111 1111 1111 1111' });
    expect(result).toMatchObject({ level: 'personal', sensitive: true, detectors: ['pii.card_number'] });
  });

  it('reports every detector, sorted, and takes the highest level', () => {
    const result = classify({ text: `IBAN GB82 WEST 1234 5698 7654 32, key ${AWS_KEY}` });
    expect(result.level).toBe('secret');
    expect(result.detectors).toEqual(['pii.iban', 'secret.aws_access_key']);
  });

  it('treats OTP traffic as a secret even when the text looks harmless', () => {
    expect(classify({ text: 'Hello', trafficType: 'otp' })).toMatchObject({ level: 'secret', detectors: ['traffic.otp'] });
    expect(classify({ text: 'Hello', trafficType: 'transactional' }).level).toBe('none');
  });

  it('rejects a missing text rather than guessing it is harmless', () => {
    expect(() => classify({ text: undefined as unknown as string })).toThrow(TypeError);
  });

  describe('sender labels', () => {
    it('raise: "secret" and "confidential" to secret, "pii" to personal', () => {
      expect(classify({ text: 'Hello', senderLabels: ['secret'] })).toMatchObject({ level: 'secret', detectors: ['label.secret'] });
      expect(classify({ text: 'Hello', senderLabels: ['Confidential'] }).level).toBe('secret');
      expect(classify({ text: 'Hello', senderLabels: ['PII'] })).toMatchObject({ level: 'personal', detectors: ['label.pii'] });
    });

    it('never lower a detection by default', () => {
      const result = classify({ text: `key ${AWS_KEY}`, senderLabels: ['public'] });
      expect(result.level).toBe('secret');
      expect(result.detectors).toEqual(['secret.aws_access_key']);
    });

    it('"pii" cannot lower a secret either', () => {
      expect(classify({ text: `key ${AWS_KEY}`, senderLabels: ['pii'] }).level).toBe('secret');
    });

    it('"public" downgrades content detections when the policy allows it, and says so', () => {
      const result = classify({ text: `key ${AWS_KEY}`, senderLabels: ['public'] }, { allowSenderDowngrade: true });
      expect(result).toMatchObject({ level: 'none', sensitive: false, detectors: ['label.public', 'secret.aws_access_key'] });
    });

    it('the policy alone downgrades nothing', () => {
      expect(classify({ text: `key ${AWS_KEY}` }, { allowSenderDowngrade: true }).level).toBe('secret');
    });

    it('"public" does not override a raising label or OTP traffic in the same request', () => {
      const allow = { allowSenderDowngrade: true };
      expect(classify({ text: `key ${AWS_KEY}`, senderLabels: ['public', 'secret'] }, allow).level).toBe('secret');
      expect(classify({ text: 'Card 4111 1111 1111 1111', senderLabels: ['public', 'pii'] }, allow).level).toBe('personal');
      expect(classify({ text: 'Hello', senderLabels: ['public'], trafficType: 'otp' }, allow).level).toBe('secret');
    });
  });

  describe('size budget', () => {
    const small = createClassifier({ maxScanChars: 32 });

    it('scans only the first maxScanChars and fails closed on the rest', () => {
      const result = small({ text: `${'x'.repeat(40)} ${AWS_KEY}` });
      expect(result).toMatchObject({ truncated: true, level: 'secret', detectors: ['scan.truncated'] });
    });

    it('a permitted "public" label cannot lower what was never scanned', () => {
      const result = small({ text: 'y'.repeat(40), senderLabels: ['public'] }, { allowSenderDowngrade: true });
      expect(result.level).toBe('secret');
      expect(result.detectors).toEqual(['label.public', 'scan.truncated']);
    });

    it('defaults to 64 Ki characters', () => {
      expect(classify({ text: 'z'.repeat(64 * 1024) }).truncated).toBe(false);
      expect(classify({ text: 'z'.repeat(64 * 1024 + 1) }).truncated).toBe(true);
    });
  });

  describe('time budget', () => {
    it('stops starting stages once the budget is spent, and fails closed', () => {
      let clock = 0;
      const ran: string[] = [];
      const stage = (name: string): ScanStage => ({
        name,
        detect: () => {
          ran.push(name);
          clock += 30; // each stage "takes" 30 ms on the fake clock
          return [];
        },
      });
      const classifyWithBudget = createClassifier({
        timeBudgetMs: 50,
        now: () => clock,
        stages: [stage('a'), stage('b'), stage('c')],
      });
      const result = classifyWithBudget({ text: 'Hello' });
      expect(ran).toEqual(['a', 'b']);
      expect(result).toMatchObject({ elapsedBudgetExceeded: true, level: 'secret', detectors: ['scan.budget_exceeded'] });
    });
  });

  it('fails closed when a detector throws, without echoing the error', () => {
    const broken = createClassifier({
      stages: [
        {
          name: 'broken',
          detect: (text) => {
            throw new Error(`cannot handle ${text}`);
          },
        },
      ],
    });
    const result = broken({ text: 'canary-text-123' });
    expect(result).toMatchObject({ level: 'secret', detectors: ['scan.error'] });
    expect(JSON.stringify(result)).not.toContain('canary');
  });

  describe('pathological input', () => {
    const unbounded = createClassifier({ maxScanChars: 1_000_000, timeBudgetMs: 60_000 });

    it.each([
      ['a long run then a mismatch', `${'a'.repeat(100_000)}!`],
      ['nested brackets', `${'('.repeat(50_000)}${')'.repeat(50_000)}`],
      ['repeated rule prefixes', 'password=ghp_AKIAeyJ-----BEGIN '.repeat(5_000)],
      ['digit groups that never pass Luhn', '4111 '.repeat(20_000)],
      ['IBAN starts with nothing after them', 'DE89 '.repeat(20_000)],
      ['credentials-shaped URLs without an @', 'https://a:b'.repeat(10_000)],
      ['long base64 with no terminator', `eyJ${alnum(50_000)}.eyJ${alnum(50_000)}`],
    ])('returns for %s', (_name, text) => {
      const result: Classification = unbounded({ text });
      expect(['none', 'personal', 'secret']).toContain(result.level);
      expect(result.truncated).toBe(false);
    });

    it('returns for a 100 000-character input under the default limits (truncated)', () => {
      const result = classify({ text: `${'a'.repeat(100_000)}!` });
      expect(result.truncated).toBe(true);
      expect(result.level).toBe('secret');
    });
  });

  describe('evasions (issue 17)', () => {
    const ghp = FAKE_SECRETS['secret.github_token'][0];
    const b64 = (text: string): string => Buffer.from(text).toString('base64');

    it.each([
      ['LRM/RLM inside a key', `key ${AWS_KEY.slice(0, 4)}\u200e${AWS_KEY.slice(4, 9)}\u200f${AWS_KEY.slice(9)}`, 'secret.aws_access_key'],
      ['bidi controls inside a token', `${ghp.slice(0, 5)}\u202a${ghp.slice(5, 20)}\u202e${ghp.slice(20)}`, 'secret.github_token'],
      ['invisible operators', `${ghp.slice(0, 3)}\u2063${ghp.slice(3)}`, 'secret.github_token'],
      ['bidi isolates', `${ghp.slice(0, 3)}\u2066${ghp.slice(3)}\u2069`, 'secret.github_token'],
      ['Mongolian vowel separator', `${ghp.slice(0, 3)}\u180e${ghp.slice(3)}`, 'secret.github_token'],
      ['combining grapheme joiner', `${ghp.slice(0, 3)}\u034f${ghp.slice(3)}`, 'secret.github_token'],
      ['variation selectors', [...AWS_KEY].join('\ufe0f'), 'secret.aws_access_key'],
      ['tag characters', `${ghp.slice(0, 3)}\u{e0020}\u{e0041}${ghp.slice(3)}`, 'secret.github_token'],
      ['a Cyrillic а in "password"', 'p\u0430ssword: Hunter#2026x', 'secret.password_assignment'],
      ['a key spelled in Cyrillic capitals', `\u0410\u041a\u0406\u0410${AWS_KEY.slice(4)}`, 'secret.aws_access_key'],
      ['a Russian password word', '\u041f\u0430\u0440\u043e\u043b\u044c: Tr0ub4dor&3x', 'secret.password_assignment'],
      ['Arabic-Indic digits in a card', 'Card \u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661', 'pii.card_number'],
      ['full-width digits in a card', '\uff14\uff11\uff11\uff11\uff0e\uff11\uff11\uff11\uff11\uff0e\uff11\uff11\uff11\uff11\uff0e\uff11\uff11\uff11\uff11', 'pii.card_number'],
      ['Devanagari digits in an SSN', 'SSN \u0967\u0968\u0969-\u096a\u096b-\u096c\u096d\u096e\u096f', 'pii.us_ssn'],
      ['a dotted card number', 'card 4111.1111.1111.1111', 'pii.card_number'],
      ['a base64-encoded password', `config ${b64('password=Hunter2#prod')}`, 'secret.password_assignment'],
      ['a hex-encoded token', Buffer.from(ghp).toString('hex'), 'secret.github_token'],
      ['base64 inside base64', b64(b64(`token=${ghp}`)), 'secret.github_token'],
      ['a random key next to "api key"', 'my api key 8fJ2kL9qX3mN7pR4tV6w for staging', 'secret.generic_api_key'],
    ])('sees through %s', (_name, text, id) => {
      const result = classify({ text });
      expect(result.sensitive).toBe(true);
      expect(result.detectors).toContain(id);
    });

    it.each([
      'Привет! Ваш заказ № 58213 отправлен и будет доставлен завтра.',
      'СКИДКА 20% НА ВСЁ ДО КОНЦА НЕДЕЛИ! ПРОМОКОД ZIMA2026',
      'Αγαπητέ πελάτη, η παραγγελία σας με αριθμό 774512 είναι έτοιμη για παραλαβή.',
      'ΚΑΛΗΜΕΡΑ! ΤΟ ΡΑΝΤΕΒΟΥ ΣΑΣ ΕΙΝΑΙ ΤΗΝ ΤΡΙΤΗ ΣΤΙΣ 10:00.',
      'مرحباً، تم شحن طلبك رقم ٤٥٧٢٩ وسيصل خلال ٣ أيام.',
      'Уважаемый клиент, ваш пароль был успешно изменён.',
      'Booking reference: QX7K2M. Flight BA0287 departs 10:45.',
      'Receipt: https://shop.example.com/r?utm_source=sms&cid=aGVsbG8td29ybGQ&ref=spring',
      'Thanks \u2764\ufe0f see you at 7 \u{1f44d}\u{1f3fd}',
    ])('keeps ordinary text ordinary: %s', (text) => {
      expect(classify({ text })).toMatchObject({ level: 'none', detectors: [] });
    });

    it('reports a named format rather than the generic keyword rule when both match', () => {
      expect(classify({ text: `key ${AWS_KEY}` }).detectors).toEqual(['secret.aws_access_key']);
    });
  });

  it('never puts the matched text into the result', () => {
    const canaries = [
      `${FAKE_SECRETS['secret.github_token'][0]}`,
      FAKE_SECRETS['secret.connection_string'][0],
      '4111 1111 1111 1111',
      'GB82 WEST 1234 5698 7654 32',
      `password=Canary${alnum(12)}`,
    ];
    const result = classify({ text: `Canary message: ${canaries.join(' | ')}`, senderLabels: ['CanaryLabel', 'secret'] });
    expect(result.level).toBe('secret');
    const serialised = JSON.stringify(result);
    for (const canary of canaries) expect(serialised).not.toContain(canary);
    expect(serialised.toLowerCase()).not.toContain('canary');
    expect(serialised).not.toContain('4111');
    expect(serialised).not.toContain(alnum(12));
  });

  it('returns a frozen result so callers cannot tamper with a verdict', () => {
    const result = classify({ text: `key ${AWS_KEY}` });
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.detectors)).toBe(true);
  });
});
