import { invalidArgument, notFound } from '../http/hub-http.error';
import type { HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** MLS cipher suites (RFC 9420) an E2EE-capable Universal Profile client advertises. */
export const UP_MLS_CIPHER_SUITES: readonly string[] = ['MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519'];

/** How long an UP capability answer stays valid. */
export const UP_VALIDITY_MS = 60 * 60 * 1000;

/**
 * GET /v1/phones/{phone}/upCapabilities?requestId=<uuid>: the Universal Profile capability
 * exchange, which (unlike RBM's answer) says whether the client does E2EE. 404 without RCS.
 * Not counted in stats.capabilityQueries.
 */
export const upCapabilityHandler: HubHandler = async (ctx, { url, params }) => {
  const phone = requirePhone(params[0]);
  if (!UUID.test(url.searchParams.get('requestId') ?? '')) throw invalidArgument('requestId must be a UUID.');
  // Latency applies, scripted failures stay with the RBM endpoints so their counts stay exact.
  await ctx.gate.pass(phone, { scripted: false });
  const profile = ctx.profiles.resolve(phone);
  const e2ee = profile.e2ee === true;
  ctx.options.log({ event: 'up_capability.query', rcs: profile.rcs, e2ee });
  if (!profile.rcs) throw notFound();
  return {
    status: 200,
    body: { e2ee, mlsCipherSuites: e2ee ? [...UP_MLS_CIPHER_SUITES] : [], validUntil: new Date(Date.now() + UP_VALIDITY_MS).toISOString() },
  };
};
