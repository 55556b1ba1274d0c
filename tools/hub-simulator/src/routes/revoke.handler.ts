import { notFound } from '../http/hub-http.error';
import type { HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

/** DELETE /v1/phones/{phone}/agentMessages/{messageId}: 200 {} while undelivered, else 404. */
export const revokeHandler: HubHandler = async (ctx, { params }) => {
  const phone = requirePhone(params[0]);
  const messageId = params[1] ?? '';
  await ctx.gate.pass(phone);
  const message = ctx.store.get(messageId);
  if (!message || message.phone !== phone || message.state !== 'pending') throw notFound();
  ctx.scheduler.cancel(messageId);
  ctx.store.transition(message, 'revoked');
  ctx.stats.revokes += 1;
  ctx.options.log({ event: 'agent_message.revoked', messageId });
  return { status: 200, body: {} };
};
