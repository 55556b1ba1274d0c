import type { IncomingMessage } from 'node:http';
import { notFound } from '../http/hub-http.error';
import type { JsonReply } from '../http/json.reply';
import type { HubHandler } from '../routes/hub-context';
import { OAuthError } from './token-issuer';

const MAX_FORM_BYTES = 16 * 1024;
const NO_STORE = { 'cache-control': 'no-store' };

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new OAuthError(400, 'invalid_request', 'Request too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** POST /token: Google's OAuth 2.0 token API for the JWT-bearer grant, answered in its shape. */
export const tokenHandler: HubHandler = async (ctx, { req, url }): Promise<JsonReply> => {
  if (ctx.auth === undefined) throw notFound();
  try {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError(400, 'invalid_request', 'Expected an application/x-www-form-urlencoded body.');
    }
    // The audience a grant must name is this endpoint's URL, as the client reached it.
    const audience = `http://${req.headers.host ?? url.host}${url.pathname}`;
    return { status: 200, body: ctx.auth.grant(await readForm(req), audience), headers: NO_STORE };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { status: error.httpStatus, body: error.toBody(), headers: NO_STORE };
  }
};
