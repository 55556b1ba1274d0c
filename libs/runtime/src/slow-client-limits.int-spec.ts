import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { limitSlowClients } from './slow-client-limits';

/** A slow-loris client: sends a request line, then one header line every `dripMs`, never the blank line. */
function dripHeaders(port: number, dripMs: number, maxMs: number): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let drip: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`server still held the dripping socket after ${maxMs} ms`));
    }, maxMs);
    socket.on('connect', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      let line = 0;
      drip = setInterval(() => socket.write(`X-Drip-${line++}: 1\r\n`), dripMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the 408 is the server closing
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
  });
}

describe('limitSlowClients', () => {
  let server: Server;

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function listen(limit: boolean): Promise<number> {
    server = createServer((_request, response) => response.end('ok'));
    if (limit) limitSlowClients(server, { HTTP_HEADERS_TIMEOUT_MS: 400, HTTP_REQUEST_TIMEOUT_MS: 1_000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('answers 408 and closes a client that drips its headers past the deadline', async () => {
    const { closedAfterMs, answer } = await dripHeaders(await listen(true), 100, 5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('without the limits Node holds the same client well beyond that (the default is 60 s)', async () => {
    await expect(dripHeaders(await listen(false), 100, 1_500)).rejects.toThrow(/still held/);
  });

  it('serves a prompt client as before', async () => {
    const port = await listen(true);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect([response.status, await response.text()]).toEqual([200, 'ok']);
  });
});
