import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Pdu, type Server, type Session } from 'smpp';
import { EsmeSession, type EsmeObserver } from '../src/smpp/esme-session';

// SMPP over TLS (ssmpp://): binds when the SMSC certificate verifies against the configured
// CA, and refuses to bind to a certificate it cannot verify (the npm package's own default
// would accept any).
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('SKIPPED: openssl not found; cannot make a test certificate');

(hasOpenssl ? describe : describe.skip)('EsmeSession over TLS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ssmpp-'));
  let server: Server;
  let url: string;
  let cert: Buffer;
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const observer: EsmeObserver = { windowChanged: () => undefined, throttleWaited: () => undefined, bindChanged: () => undefined, reconnectScheduled: () => undefined };
  const session = (tls: Record<string, unknown>) =>
    new EsmeSession({ name: 'tls', url, systemId: 's', password: 'p', systemType: '', windowSize: 1, ratePerSecond: 100, burst: 1, responseTimeoutMs: 1_000, enquireLinkMs: 60_000, reconnectMinMs: 5_000, reconnectMaxMs: 5_000, tls }, silent, observer, (_p, ack) => ack());

  beforeAll(async () => {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=smsc.test', '-addext', 'subjectAltName=DNS:smsc.test', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    if (made.status !== 0) throw new Error(made.stderr.toString());
    cert = readFileSync(path.join(dir, 'cert.pem'));
    server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (s: Session) => {
      s.on('error', () => undefined);
      s.on('bind_transceiver', (pdu: Pdu) => s.send(pdu.response()));
      s.on('unbind', (pdu: Pdu) => s.send(pdu.response(), () => s.close()));
      s.on('submit_sm', (pdu: Pdu) => s.send(pdu.response({ message_id: 'T1' })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ssmpp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds and submits when the certificate verifies against the configured CA', async () => {
    const esme = session({ rejectUnauthorized: true, ca: cert, servername: 'smsc.test' });
    const bound = new Promise((resolve) => esme.once('bound', resolve));
    esme.start();
    await bound;
    expect((await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') }))['message_id']).toBe('T1');
    await esme.stop(100);
  });

  it('does not bind to a certificate it cannot verify', async () => {
    const esme = session({ rejectUnauthorized: true });
    const lost = new Promise((resolve) => esme.once('unbound', resolve));
    esme.start();
    await lost;
    expect(esme.isBound).toBe(false);
    await esme.stop(0);
  });
});
