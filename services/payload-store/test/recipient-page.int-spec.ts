import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafka, kafkaSaslOf, ensureTopics, silentBusLogger, TopicNames, topicsForGroup } from '@switchback/bus';
import { createSecureLinkPayload, fromBase64Url, toBase64Url, type CreateSecureLinkOptions } from '@switchback/secure-link';
import { testEnv, uniqueName } from '@switchback/testing';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AppModule } from '../src/app.module';
import { payloadStoreConfigSchema } from '../src/config/payload-store.config';
import { RecipientPageModule } from '../src/recipient-page/recipient-page.module';
import { REVEAL_MESSAGES as M } from '../src/recipient-page/reveal-messages';
import { configurePayloadStoreHttp } from '../src/http/configure-http';

// The recipient page in real headless Chromium against the whole payload-store (real
// Postgres schema, Redis key prefix, Kafka topic prefix). Links are made the way a sender
// makes them: encrypted here with @switchback/secure-link, only ciphertext sent to the store.
const KEY = 'recipient-page-link-key-0123456789';
const WAIT_MS = 15_000;
// A real browser on 2 shared cores: page loads and 600k-iteration PBKDF2 can be slow.
jest.setTimeout(120_000);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('recipient page (headless Chromium, real payload-store)', () => {
  const name = uniqueName('recipient_page').replace(/-/g, '_');
  const config = payloadStoreConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: `${name}:`,
    LINK_API_KEYS: `tenant-a:${KEY}`,
    LINK_SWEEP_INTERVAL_MS: '3600000',
    LINK_CLAIM_RATE_LIMIT_PER_IP: '100000',
    LINK_CLAIM_RATE_LIMIT_PER_LINK: '1000',
  });
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  // The real service plus the page module (a no-op if AppModule already imports it).
  @Module({ imports: [AppModule.forRoot(config), RecipientPageModule] })
  class ServiceWithPage {}

  /** Stores a link as a sender would; `tamper` flips a ciphertext byte before it is stored. */
  async function createLink(options: CreateSecureLinkOptions, tamper = false) {
    const link = await createSecureLinkPayload(options);
    let ciphertext = link.ciphertext;
    if (tamper) {
      const bytes = fromBase64Url(ciphertext);
      bytes[bytes.length - 20] ^= 0x01;
      ciphertext = toBase64Url(bytes);
    }
    const response = await fetch(`${base}/v1/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ciphertext, algorithm: link.algorithm, accessVerifier: link.accessVerifier, keyMode: link.keyMode }),
      signal: AbortSignal.timeout(WAIT_MS),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    return { ...link, id, pageUrl: `${base}/s/${id}` };
  }

  /** A fresh page that records every request and every console error / CSP violation. */
  async function openPage(url: string) {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const requests: { url: string; method: string }[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push({ url: request.url(), method: request.method() }));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
    return { page, requests, problems };
  }

  const claims = (requests: { url: string; method: string }[]) => requests.filter((r) => r.method === 'POST' && r.url.includes('/claim'));
  const visibleText = (page: Page, selector: string) => page.locator(selector).textContent({ timeout: WAIT_MS });
  const alertText = async (page: Page) => {
    await page.locator('#alert').waitFor({ state: 'visible', timeout: WAIT_MS });
    return visibleText(page, '#alert');
  };
  const revealedText = async (page: Page) => {
    await page.locator('#message').waitFor({ state: 'visible', timeout: WAIT_MS });
    return page.locator('#message').textContent();
  };

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'recipient-page-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, topicsForGroup(new TopicNames(config.KAFKA_TOPIC_PREFIX), 'recipient-page-test', ['secureLinkLifecycle'], 0));
    app = await NestFactory.create(ServiceWithPage, { logger: false });
    configurePayloadStoreHttp(app, config);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  }, 60_000);

  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true });
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await db.end();
  });

  it('serves the page and its assets with a strict CSP, no-referrer and no-store, and no inline code', async () => {
    const link = await createLink({ plaintext: 'headers', keyMode: 'fragment' });
    for (const path of [`/s/${link.id}`, '/s/assets/reveal.js', '/s/assets/reveal.css']) {
      const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(WAIT_MS) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const html = await (await fetch(`${base}/s/${link.id}`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script has a src
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i); // no inline styles or handlers
    expect(html).not.toMatch(/https?:\/\//); // no third-party (or any absolute) asset URLs
    expect(html).not.toContain(link.id); // nothing from the request is echoed into the page
    expect((await fetch(`${base}/s/assets/reveal.js`)).headers.get('content-type')).toMatch(/^application\/javascript/);
    expect((await fetch(`${base}/s/not%20an%20id`)).status).toBe(404);
  });

  it('survives preview bots, reveals the exact text once, then says it was already opened', async () => {
    const text = 'Wi-Fi: Tr0ub4dor&3 <b>not bold</b>\n  second line ✓';
    const link = await createLink({ plaintext: text, keyMode: 'fragment' });

    // A link-preview bot / mail scanner: plain GETs and a full page load without a click.
    for (let i = 0; i < 2; i++) expect((await fetch(link.pageUrl, { signal: AbortSignal.timeout(WAIT_MS) })).status).toBe(200);
    const bot = await openPage(`${link.pageUrl}#${link.fragment}`);
    await bot.page.locator('#reveal').waitFor({ state: 'visible' });
    expect(claims(bot.requests)).toHaveLength(0);
    await bot.page.close();

    const reader = await openPage(`${link.pageUrl}#${link.fragment}`);
    expect(reader.page.url()).toBe(link.pageUrl); // the fragment is gone from the address bar
    await reader.page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await revealedText(reader.page)).toBe(text);
    expect(await reader.page.locator('#message b').count()).toBe(0); // shown as text, not markup
    expect(await visibleText(reader.page, '#meta')).toContain('last view');
    expect(await reader.page.locator('#copy').isVisible()).toBe(true);
    expect(claims(reader.requests)).toHaveLength(1);
    // Only our own origin was contacted: no third-party requests of any kind.
    expect(reader.requests.length).toBeGreaterThan(0);
    for (const request of [...bot.requests, ...reader.requests]) expect(new URL(request.url).origin).toBe(new URL(base).origin);
    expect(reader.problems).toEqual([]);

    const second = await openPage(`${link.pageUrl}#${link.fragment}`);
    await second.page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(second.page)).toBe(M.gone);
    expect(await second.page.locator('#message').isVisible()).toBe(false);
    expect(await second.page.locator('#message').textContent()).toBe('');
  });

  it('fails closed on a tampered ciphertext: an alert and no partial text', async () => {
    const link = await createLink({ plaintext: 'tamper canary text', keyMode: 'fragment' }, true);
    const { page } = await openPage(`${link.pageUrl}#${link.fragment}`);
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(page)).toBe(M.undecryptable);
    expect(await page.locator('#message').textContent()).toBe('');
    expect(await page.content()).not.toContain('canary');
  });

  it('fails closed with the wrong fragment key and leaves the link for its real holder', async () => {
    const link = await createLink({ plaintext: 'right key only', keyMode: 'fragment' });
    const other = await createSecureLinkPayload({ plaintext: 'x', keyMode: 'fragment' });
    const wrong = await openPage(`${link.pageUrl}#${other.fragment}`);
    await wrong.page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(wrong.page)).toBe(M.gone);
    expect(await wrong.page.locator('#message').textContent()).toBe('');

    const right = await openPage(`${link.pageUrl}#${link.fragment}`);
    await right.page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await revealedText(right.page)).toBe('right key only');
  });

  it('says the key is missing or damaged without contacting the store', async () => {
    const link = await createLink({ plaintext: 'x', keyMode: 'fragment' });
    const missing = await openPage(link.pageUrl);
    expect(await alertText(missing.page)).toBe(M.missingKey);
    const damaged = await openPage(`${link.pageUrl}#${link.fragment.slice(0, 20)}`);
    expect(await alertText(damaged.page)).toBe(M.damagedKey);
    const weak = await openPage(`${link.pageUrl}#p.1000.AAAAAAAAAAAAAAAAAAAAAA`);
    expect(await alertText(weak.page)).toBe(M.weakKdf);
    for (const { page, requests } of [missing, damaged, weak]) {
      expect(await page.locator('#reveal-form').isVisible()).toBe(false);
      expect(claims(requests)).toHaveLength(0);
    }
  });

  it('passphrase mode: a wrong passphrase fails with no text, the right one reveals', async () => {
    const link = await createLink({ plaintext: 'passphrase-protected', keyMode: 'passphrase', passphrase: 'blue horse staple' });
    expect(link.fragment).not.toContain('horse');
    const { page, requests } = await openPage(`${link.pageUrl}#${link.fragment}`);
    const passphrase = page.getByLabel('Passphrase');
    await expect(passphrase.isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(page)).toBe(M.needPassphrase);
    expect(claims(requests)).toHaveLength(0);
    await passphrase.fill('blue horse stapler');
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(page)).toBe(M.goneWithSecret);
    expect(await page.locator('#message').textContent()).toBe('');
    await passphrase.fill('blue horse staple');
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await revealedText(page)).toBe('passphrase-protected');
  });

  it('code mode: the code typed loosely (lower case, dash) reveals the message', async () => {
    const link = await createLink({ plaintext: 'second-channel secret', keyMode: 'code' });
    const { page, requests } = await openPage(`${link.pageUrl}#${link.fragment}`);
    await page.getByLabel('Code').fill('0O1I');
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await alertText(page)).toBe(M.badCode);
    expect(claims(requests)).toHaveLength(0); // checked locally: no claim attempt spent
    await page.getByLabel('Code').fill(`${link.code!.slice(0, 4).toLowerCase()}-${link.code!.slice(4)}`);
    await page.getByRole('button', { name: 'Reveal message' }).click();
    expect(await revealedText(page)).toBe('second-channel secret');
  });

  it('files: offers the decrypted bytes as a download with the original name', async () => {
    const bytes = new Uint8Array(3000).map((_, i) => (i * 7 + 3) & 0xff);
    const link = await createLink({ file: { name: 'boarding-pass.pdf', mimeType: 'application/pdf', bytes }, keyMode: 'fragment' });
    const { page } = await openPage(`${link.pageUrl}#${link.fragment}`);
    await page.getByRole('button', { name: 'Reveal message' }).click();
    const anchor = page.locator('#download');
    await anchor.waitFor({ state: 'visible' });
    expect(await anchor.textContent()).toContain('boarding-pass.pdf');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), anchor.click()]);
    expect(download.suggestedFilename()).toBe('boarding-pass.pdf');
    expect(new Uint8Array(await readFile(await download.path()))).toEqual(bytes);
  });
});
