import fc from 'fast-check';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface FuzzHttpRequest {
  readonly method: string;
  readonly path: string;
  /** An array value sends the header once per element (a duplicated Authorization). */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body?: Buffer | string;
}

export interface FuzzHttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request over a fresh connection; a response slower than `timeoutMs` is a hang and throws. */
export function sendRaw(base: string, req: FuzzHttpRequest, timeoutMs = 5_000): Promise<FuzzHttpResponse> {
  const url = new URL(req.path, base);
  return new Promise((resolve, reject) => {
    const client = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers as Record<string, string | string[]>, agent: false, insecureHTTPParser: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    const timer = setTimeout(() => {
      client.destroy();
      reject(new Error(`${req.method} ${req.path}: no response within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    client.end(req.body);
  });
}

/** What a stack trace or a framework's internals look like in a response body. */
const STACK = /\n\s+at .+[:(]\d+|node_modules|\.ts:\d+|Error: .+\n/;

/**
 * The contract every answer keeps: a 2xx, or a 4xx problem document (its status matching the
 * response's); never a 5xx or a stack trace, and no error quotes the request's own text (the canary).
 */
export function expectSafeResponse(response: FuzzHttpResponse, canary: string, label: string): void {
  const where = `${label} -> ${response.status} ${response.body.slice(0, 700)}`;
  if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) throw new Error(`unexpected status: ${where}`);
  // A 2xx may name the resource asked for (its id in the path); an error never quotes the request.
  if (response.status >= 400 && response.body.includes(canary)) throw new Error(`an error reflects the request's text: ${where}`);
  if (STACK.test(response.body)) throw new Error(`the response holds a stack trace: ${where}`);
  if (response.status < 400) return;
  if (!String(response.headers['content-type'] ?? '').startsWith('application/problem+json')) throw new Error(`a 4xx that is not problem+json: ${where}`);
  const problem = JSON.parse(response.body) as { status?: unknown; title?: unknown };
  if (problem.status !== response.status || typeof problem.title !== 'string') throw new Error(`a problem document that does not match its status: ${where}`);
}

/** A JSON Schema, as zod's toJSONSchema writes one (the parts the generator reads). */
export interface JsonSchemaLike {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaLike>>;
  readonly items?: JsonSchemaLike;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchemaLike[];
  readonly oneOf?: readonly JsonSchemaLike[];
}

/** Any JSON value, the canary somewhere in its text. */
function anyJson(canary: string): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string().map((s) => `${canary}${s}`), fc.array(fc.constant(canary), { maxLength: 2 }), fc.constant({ [`${canary} `]: canary }));
}

/**
 * Bodies shaped by an endpoint's JSON Schema (from its zod schema): each field valid-looking,
 * odd, of the wrong type or missing, plus unknown fields; texts carry the canary.
 */
export function bodyFromSchema(schema: JsonSchemaLike, canary: string, depth = 0): fc.Arbitrary<unknown> {
  const odd = anyJson(canary);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => bodyFromSchema(s, canary, depth)), odd);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), fc.constant(`${canary}-not-a-member`), odd);
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), odd);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      if (depth > 3) return odd;
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, field] of Object.entries(schema.properties ?? {})) fields[name] = fc.option(bodyFromSchema(field, canary, depth + 1), { nil: undefined, freq: 4 });
      return fc.tuple(fc.record(fields), fc.boolean()).map(([record, extra]) => {
        const body = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
        // An unknown key of free text (a field-name-shaped one may be named back, by design).
        return extra ? { ...body, [`<${canary}>`]: canary } : body;
      });
    }
    case 'array':
      return fc.oneof(fc.array(schema.items ? bodyFromSchema(schema.items, canary, depth + 1) : odd, { maxLength: 12 }), odd);
    case 'string':
      return fc.oneof(fc.constantFrom('', ' ', '+447700900123', '+0', '\u0000', '\u202e', 'é'.repeat(5_000)), fc.string({ maxLength: 30 }).map((s) => `${canary}${s}`), odd);
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53 + 1, 1e308, -0.5), fc.integer(), odd);
    case 'boolean':
      return fc.oneof(fc.boolean(), odd);
    default:
      return odd;
  }
}

export type BodyEncoding = 'json' | 'text' | 'form' | 'broken-json' | 'none' | 'huge';

/** How a body goes on the wire: its bytes and the content type it claims (or none). */
export const bodyEncoding = fc.constantFrom<BodyEncoding>('json', 'json', 'json', 'text', 'form', 'broken-json', 'none', 'huge');

export function encodeBody(body: unknown, encoding: BodyEncoding, canary: string): { body?: Buffer; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(body) ?? 'null');
  switch (encoding) {
    case 'json':
      return { body: json, headers: { 'content-type': 'application/json' } };
    case 'text':
      return { body: json, headers: { 'content-type': 'text/plain; charset=utf-16' } };
    case 'form':
      return { body: Buffer.from(`to=${canary}&text=${canary}`), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 'broken-json':
      return { body: Buffer.from(`{"${canary}": ${canary}`), headers: { 'content-type': 'application/json' } };
    case 'huge':
      // Past any JSON limit the services set (their largest is a few MB of ciphertext).
      return { body: Buffer.from(`{"text":"${canary}${'x'.repeat(6 * 1024 * 1024)}"}`), headers: { 'content-type': 'application/json' } };
    case 'none':
      return { headers: {} };
  }
}

/** Header abuse: huge values, duplicated or odd Authorization, bad Idempotency-Key spellings. */
export function abusiveHeaders(validAuth: string, canary: string): fc.Arbitrary<Record<string, string | string[]>> {
  return fc.record(
    {
      authorization: fc.constantFrom<string | string[]>(validAuth, validAuth, [validAuth, `Bearer ${canary}`], [`Bearer ${canary}`, validAuth], `Bearer ${canary}`, 'Bearer', 'Basic Og==', `${validAuth}${'x'.repeat(4_000)}`),
      'idempotency-key': fc.constantFrom<string | string[]>(`k-${canary}`, '', ' ', 'x'.repeat(129), `${canary}\t`, [`a-${canary}`, `b-${canary}`], 'ok-key-1'),
      'x-padding': fc.constantFrom('x'.repeat(8_000), canary),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', canary),
    },
    { requiredKeys: [] },
  );
}

/**
 * A slow-loris client: opens `count` connections that send a header line now and then but never
 * finish their request. Returns a stop function that closes whatever is still open.
 */
export function slowLoris(base: string, count: number, intervalMs = 200): { stop(): void; closedByServer(): number } {
  const url = new URL(base);
  let closed = 0;
  const sockets = Array.from({ length: count }, () => {
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    socket.on('close', () => (closed += 1));
    socket.write(`POST /v1/messages HTTP/1.1\r\nHost: ${url.host}\r\n`);
    return socket;
  });
  const timer = setInterval(() => sockets.forEach((socket, index) => socket.writable && socket.write(`x-slow-${index}: a\r\n`)), intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sockets.forEach((socket) => socket.destroy());
    },
    closedByServer: () => closed,
  };
}
