import { invalidArgument } from '../http/hub-http.error';
import { readJsonBody } from '../http/json-body.reader';
import { InvalidProfileError, parseNumberProfile } from '../profiles/number-profile.parser';
import type { HubContext, HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

/** PUT /_sim/numbers/{phone} with a NumberProfile body. */
export const setNumberHandler: HubHandler = async (ctx, { req, params }) => {
  const phone = requirePhone(params[0]);
  const body = await readJsonBody(req, ctx.options.maxBodyBytes);
  try {
    const profile = parseNumberProfile(body);
    ctx.setProfile(phone, profile);
    return { status: 200, body: { phone, profile } };
  } catch (error) {
    if (error instanceof InvalidProfileError) throw invalidArgument(error.message);
    throw error;
  }
};

export const listMessagesHandler: HubHandler = async (ctx) => ({ status: 200, body: { messages: ctx.store.list() } });

export const statsHandler: HubHandler = async (ctx) => ({ status: 200, body: ctx.currentStats() });

export const resetHandler: HubHandler = async (ctx) => {
  ctx.reset();
  return { status: 200, body: {} };
};

/** POST /_sim/auth/tokens:revoke: every access token issued so far gets 401 from now on. */
export const revokeTokensHandler: HubHandler = async (ctx) => {
  authOf(ctx).revokeTokens();
  return { status: 200, body: {} };
};

/** POST /_sim/auth/keys/{keyId}:revoke: the service-account key can no longer buy tokens. */
export const revokeKeyHandler: HubHandler = async (ctx, { params }) => {
  authOf(ctx).revokeKey(params[0] ?? '');
  return { status: 200, body: {} };
};

/** PUT /_sim/auth/outage with {"status": 503} (or null to end it): the token endpoint's answer. */
export const tokenOutageHandler: HubHandler = async (ctx, { req }) => {
  const body = (await readJsonBody(req, ctx.options.maxBodyBytes)) as { status?: unknown } | undefined;
  const status = body?.status;
  if (status !== null && (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)) throw invalidArgument('status must be an HTTP error status (400-599) or null.');
  authOf(ctx).setOutage(status ?? undefined);
  return { status: 200, body: { status } };
};

function authOf(ctx: HubContext): NonNullable<HubContext['auth']> {
  if (ctx.auth === undefined) throw invalidArgument('This hub runs without OAuth (HUB_SIM_OAUTH_KEY_FILES).');
  return ctx.auth;
}
