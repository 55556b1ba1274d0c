import { createRbmAuthorizer, fetchWithRbmAuth, rbmAuthConfig, RbmAuthError, ServiceAccountKeyError, type RbmAuthorizer } from '@switchback/rbm-auth';
import { writeServiceAccountKey, type ServiceAccountKeyFile } from '@switchback/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hubServiceAccountOf } from './auth/hub-service-account';
import type { HubOAuthOptions } from './auth/hub-oauth.options';
import { startHubSimulator, type HubSimulator } from './hub-simulator';

// The hub simulator's OAuth side (Google's JWT-bearer token API and bearer checks) driven by the
// gateways' real client: libs/rbm-auth over google-auth-library, on 127.0.0.1.
const PHONE = '+33612345678';

describe('hub simulator: OAuth service-account flow with libs/rbm-auth', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-oauth-'));
  let hub: HubSimulator | undefined;
  let key: ServiceAccountKeyFile;
  let keyFile: string;

  /** A hub trusting one fresh key whose token_uri is the hub's /token; the port is chosen first. */
  async function start(oauth: Partial<HubOAuthOptions> = {}): Promise<HubSimulator> {
    const port = await freePort();
    keyFile = path.join(dir, `key-${port}.json`);
    key = writeServiceAccountKey(keyFile, `http://127.0.0.1:${port}/token`);
    hub = await startHubSimulator({ port, clientToken: 'token', oauth: { accounts: [hubServiceAccountOf(key)], ...oauth } });
    return hub;
  }

  const authorizer = (env: Record<string, string> = {}): RbmAuthorizer =>
    createRbmAuthorizer(rbmAuthConfig.parse({ RBM_AUTH: 'service-account', RBM_SERVICE_ACCOUNT_KEY_FILE: keyFile, RBM_TOKEN_TIMEOUT_MS: '1000', ...env }));
  const capabilities = (sim: HubSimulator, auth: RbmAuthorizer) => fetchWithRbmAuth(auth, `${sim.url}/v1/phones/${encodeURIComponent(PHONE)}/capabilities?requestId=${randomUUID()}`, { signal: AbortSignal.timeout(3_000) });
  const authError = async (promise: Promise<unknown>): Promise<RbmAuthError> => {
    const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RbmAuthError);
    return error as RbmAuthError;
  };

  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses RBM calls without a token, and accepts them with one bought by the key', async () => {
    const sim = await start();
    expect((await fetch(`${sim.url}/v1/phones/${encodeURIComponent(PHONE)}/capabilities`)).status).toBe(401);
    const response = await capabilities(sim, authorizer());
    expect(response.status).toBe(200);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthenticated: 1 });
  });

  it('shares one token request among concurrent calls and reuses the cached token', async () => {
    const sim = await start();
    const auth = authorizer();
    const answers = await Promise.all(Array.from({ length: 20 }, () => capabilities(sim, auth)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    await capabilities(sim, auth);
    expect(sim.stats().tokenRequests).toBe(1);
  });

  it('refreshes before expiry, so no call carries an expired token', async () => {
    const sim = await start({ tokenTtlSeconds: 2 });
    // Tokens live 2 s and are replaced 1.5 s before they expire: every 0.5 s a new one.
    const auth = authorizer({ RBM_TOKEN_REFRESH_MARGIN_MS: '1500' });
    expect((await capabilities(sim, auth)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await capabilities(sim, auth)).status).toBe(200);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthenticated: 0 });
  });

  it('after a 401 for a live token, renews it once and calls again', async () => {
    const sim = await start();
    const auth = authorizer();
    expect((await capabilities(sim, auth)).status).toBe(200);
    sim.auth!.revokeTokens();
    const answers = await Promise.all(Array.from({ length: 5 }, () => capabilities(sim, auth)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    // Five calls saw the 401; one token request replaced the token for all of them.
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthenticated: 5 });
  });

  it('returns the second 401 when the fresh token is refused too (the caller counts it against the breaker)', async () => {
    const sim = await start({ tokenTtlSeconds: 0 }); // every token is expired on arrival
    const response = await capabilities(sim, authorizer({ RBM_TOKEN_REFRESH_MARGIN_MS: '0' }));
    expect(response.status).toBe(401);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthenticated: 2 });
  });

  it('tolerates clock skew within the endpoint\'s leeway and is refused beyond it', async () => {
    let sim = await start({ clockOffsetMs: 200_000 });
    expect((await capabilities(sim, authorizer())).status).toBe(200);
    await sim.close();
    sim = await start({ clockOffsetMs: 7_200_000 });
    const error = await authError(authorizer().authorization());
    expect(error).toMatchObject({ kind: 'refused', reason: 'invalid_grant', code: 'auth_refused' });
    expect(sim.stats().tokenRefusals).toBe(1);
  });

  it('is refused once the key is revoked (a fresh process, no cached token)', async () => {
    const sim = await start();
    sim.auth!.revokeKey(key.private_key_id);
    const error = await authError(authorizer().authorization());
    expect(error).toMatchObject({ kind: 'refused', reason: 'invalid_grant' });
  });

  it('treats a token endpoint outage as unavailable, and recovers when it ends', async () => {
    const sim = await start();
    const auth = authorizer();
    sim.auth!.setOutage(503);
    expect(await authError(auth.authorization())).toMatchObject({ kind: 'unavailable', reason: 'token_http_503', code: 'auth_unavailable' });
    sim.auth!.setOutage(undefined);
    expect((await capabilities(sim, auth)).status).toBe(200);
  });

  it('treats an unreachable token endpoint as unavailable, within the token timeout', async () => {
    await start();
    const port = await freePort();
    const started = Date.now();
    const error = await authError(authorizer({ RBM_TOKEN_URL: `http://127.0.0.1:${port}/token` }).authorization());
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'token_unreachable' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never puts the token, the assertion or the key into an error', async () => {
    const sim = await start({ clockOffsetMs: 7_200_000 });
    const error = await authError(authorizer().authorization());
    const text = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
    expect(text).not.toMatch(/eyJ|sim\.|BEGIN PRIVATE KEY/);
    expect(sim.stats().tokensIssued).toBe(0);
  });

  it('stops at boot on a missing or malformed key file, naming the file', () => {
    expect(() => createRbmAuthorizer(rbmAuthConfig.parse({ RBM_SERVICE_ACCOUNT_KEY_FILE: path.join(dir, 'absent.json') }))).toThrow(ServiceAccountKeyError);
    expect(() => createRbmAuthorizer(rbmAuthConfig.parse({ RBM_SERVICE_ACCOUNT_KEY_FILE: path.join(dir, 'absent.json') }))).toThrow(/absent\.json: cannot read it \(ENOENT\)/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ type: 'service_account', client_email: 'a@b.c', private_key: 'not a key' }));
    expect(() => createRbmAuthorizer(rbmAuthConfig.parse({ RBM_SERVICE_ACCOUNT_KEY_FILE: broken }))).toThrow(/broken\.json: private_key is not a PEM private key/);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
