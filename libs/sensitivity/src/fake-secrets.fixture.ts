/**
 * Obviously fake, correctly shaped secrets for tests. Each is assembled from pieces so this
 * repository's own source never holds a contiguous token that secret scanners would flag.
 */
const ALNUM = 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ';

/** `n` deterministic alphanumeric characters. */
export function alnum(n: number): string {
  return ALNUM.repeat(Math.ceil(n / ALNUM.length)).slice(0, n);
}

export function hex(n: number): string {
  return '0123456789abcdef'.repeat(Math.ceil(n / 16)).slice(0, n);
}

const join = (...parts: string[]): string => parts.join('');

/** One sample per secret detector id; several ids have more than one shape. */
export const FAKE_SECRETS: Readonly<Record<string, readonly string[]>> = {
  // AWS's own documented example credentials.
  'secret.aws_access_key': [join('AKIA', 'IOSFODNN7EXAMPLE'), join('ASIA', 'IOSFODNN7EXAMPLE')],
  'secret.aws_secret_access_key': [
    join('aws_secret_access_key = ', 'wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
    join('the aws secret is ', 'wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
    join('AWS Secret Access Key: ', 'wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
  ],
  'secret.gcp_api_key': [join('key=AIza', alnum(35))],
  'secret.gcp_oauth_client_secret': [join('GOCSPX', '-', alnum(28))],
  'secret.gcp_service_account': [join('{"type": "service', '_account", "project_id": "demo"}')],
  'secret.github_token': [join('ghp', '_', alnum(36)), join('github', '_pat_', alnum(82))],
  'secret.gitlab_token': [join('glpat', '-', alnum(20))],
  'secret.slack_token': [join('xoxb', '-123456789012-1234567890123-', alnum(24))],
  'secret.slack_webhook': [join('https://hooks.slack.com/services/', 'T00000000/B00000000/', alnum(24))],
  'secret.stripe_key': [join('sk', '_test_', alnum(24)), join('rk', '_live_', alnum(30)), join('whsec', '_', alnum(32))],
  'secret.twilio_api_key': [join('SK', hex(32))],
  'secret.twilio_auth_token': [join('Twilio auth token: ', hex(32))],
  'secret.sendgrid_api_key': [join('SG', '.', alnum(22), '.', alnum(43)), join('SG', '.', alnum(10), '-', alnum(11), '.', alnum(20), '_', alnum(22))],
  'secret.npm_token': [join('npm', '_', alnum(36)), join('//registry.npmjs.org/:_auth', 'Token=', alnum(20))],
  'secret.huggingface_token': [join('hf', '_', 'abcdefghijklmnopqrstuvwxyzABCDEFGH')],
  'secret.vault_token': [join('hvs', '.', alnum(95))],
  'secret.private_key': [
    join('-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEow', alnum(40)),
    join('-----BEGIN ENCRYPTED PRIVATE', ' KEY-----'),
    join('-----BEGIN OPENSSH PRIVATE', ' KEY-----'),
  ],
  // The example token from jwt.io.
  'secret.jwt': [
    join(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ),
  ],
  'secret.connection_string': [
    join('postgres://app', ':hunter2', '@db.internal:5432/app'),
    join('mongodb+srv://app', ':s3cret', '@cluster0.example.net/db'),
    join('redis://', ':s3cret', '@cache:6379/0'),
    join('amqps://guest', ':guest', '@broker'),
  ],
  'secret.basic_auth_url': [join('https://alice', ':s3cr3t', '@example.com/path'), join('ftp://bob', ':p%40ss!', '@files.example.org')],
  'secret.password_assignment': [
    join('password', '=Tr0ub4dor&3'),
    join('DB_PASSWORD', ': "correct-horse"'),
    join('Server=db;User Id=app;', 'Password', '=hunter22;'),
    join('Ihr Passwort', ': Xy7!pQ9z'),
  ],
  'secret.password_in_text': [
    join('the wifi pass', 'word is BlueMoon#77'),
    join('Temp pass', 'word for the VPN: vpn-EXAMPLE-81'),
    join('login jsmith / pw', ': Tr0ub4dor&3'),
    join('login ops, pass', ': qwerty!234'),
    join('PIN for the alarm', ' panel: 7391'),
    join('Tu contrase', 'ña provisional: Madrid#4521'),
    join('user admin, pass', 'word Spring#2026'),
  ],
  'secret.azure_storage_key': [
    join('DefaultEndpointsProtocol=https;AccountName=demo;Account', 'Key=', alnum(86), '==;EndpointSuffix=core.windows.net'),
    join('SharedAccess', 'Key=', alnum(43), '='),
    join('AccountName=demo;Account', 'Key=', alnum(60), '-_', alnum(24), '=='),
  ],
  'secret.azure_sas_token': [join('https://demo.blob.core.windows.net/c?sv=2022-11-02&sp=r&', 'sig=', alnum(44), '%3D')],
  'secret.azure_client_secret': [join('AZURE_CLIENT_SECRET=abc8', 'Q~', alnum(34))],
  'secret.mailgun_api_key': [join('key', '-', hex(32))],
  'secret.labelled_key': [join('storage account key: ', alnum(86), '=='), join('the new key for the API: ', hex(32))],
  // Formats as pasted today (issue 17): - and _ inside OpenAI project keys (and SendGrid parts,
  // above), URL-safe base64 in an Azure AccountKey (below).
  'secret.openai_api_key': [join('sk-', 'proj-', alnum(30), '_-', alnum(40)), join('sk-', alnum(48))],
  'secret.generic_api_key': [
    join('my api key ', '8fJ2kL9qX3mN7pR4tV6w', ' for staging'),
    join('creds -> admin / ', 'Xk29fLq83ZmPw7Ts'),
    join('Zx8Qm2Lp7Vk3Rt9Wn4Yb', ' is the deploy token'),
    join('DEPLOY_KEY=', 'Xy8Kq2Lm9Pz3Vw7Rt4Nb'),
  ],
  // A sample of the gitleaks-derived provider formats.
  'secret.digitalocean_token': [join('dop', '_v1_', hex(64))],
  'secret.telegram_bot_token': [join('5812345678', ':AA', alnum(33))],
  'secret.perplexity_key': [join('pplx', '-', alnum(48))],
  'secret.age_secret_key': [join('AGE-SECRET', '-KEY-1', 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.repeat(2).slice(0, 58))],
  'secret.google_oauth_token': [join('ya29', '.', alnum(60))],
  'secret.discord_webhook': [join('https://discord.com/api/webhooks/', '123456789012345678/', alnum(68))],
  'secret.otp_code': [
    'Your verification code is 482913',
    '482913 is your login code. Do not share it.',
    'Your PIN: 4821',
    'Your Uber code: 4829. Never share this code.',
    "Your WhatsApp code: 381-204. Don't share this code with others",
    'Use 905126 to sign in to your Example account.',
  ],
};
