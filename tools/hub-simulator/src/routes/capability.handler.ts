import { invalidArgument, notFound } from '../http/hub-http.error';
import { featuresOf } from '../profiles/number-profile';
import type { HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /v1/phones/{phone}/capabilities?requestId=<uuid>: 200 with features, or 404 without RCS. */
export const capabilityHandler: HubHandler = async (ctx, { url, params }) => {
  const phone = requirePhone(params[0]);
  if (!UUID.test(url.searchParams.get('requestId') ?? '')) throw invalidArgument('requestId must be a UUID.');
  await ctx.gate.pass(phone);
  ctx.stats.capabilityQueries += 1;
  const profile = ctx.profiles.resolve(phone);
  ctx.options.log({ event: 'capability.query', rcs: profile.rcs });
  if (!profile.rcs) throw notFound();
  return { status: 200, body: { features: [...featuresOf(profile)] } };
};
