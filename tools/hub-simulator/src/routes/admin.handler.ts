import { invalidArgument } from '../http/hub-http.error';
import { readJsonBody } from '../http/json-body.reader';
import { InvalidProfileError, parseNumberProfile } from '../profiles/number-profile.parser';
import type { HubHandler } from './hub-context';
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
