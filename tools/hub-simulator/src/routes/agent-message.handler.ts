import type { StoredAgentMessage } from '../delivery/agent-message.store';
import { HubHttpError, invalidArgument, notFound } from '../http/hub-http.error';
import { readJsonBody } from '../http/json-body.reader';
import { parseAgentMessage } from './agent-message.parser';
import type { HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

/**
 * POST /v1/phones/{phone}/agentMessages?messageId=<id>. The messageId is the idempotency key:
 * a repeat gets the first answer again and is neither stored nor delivered twice.
 */
export const agentMessageHandler: HubHandler = async (ctx, { req, url, params }) => {
  const phone = requirePhone(params[0]);
  const body = await readJsonBody(req, ctx.options.maxBodyBytes);
  const messageId = url.searchParams.get('messageId');
  if (!messageId) throw invalidArgument('messageId is required.');
  const receivedAtMs = Date.now();
  const parsed = parseAgentMessage(body, receivedAtMs);
  await ctx.gate.pass(phone);

  const existing = ctx.store.get(messageId);
  if (existing) {
    if (existing.phone !== phone) throw new HubHttpError(409, 'ALREADY_EXISTS', 'messageId is already used for another phone number.');
    ctx.stats.duplicates += 1;
    ctx.options.log({ event: 'agent_message.duplicate', messageId });
    return { status: 200, body: existing.answer };
  }
  if (!ctx.profiles.resolve(phone).rcs) throw notFound();

  const answer = {
    name: `phones/${phone}/agentMessages/${messageId}`,
    sendTime: new Date(receivedAtMs).toISOString(),
    contentMessage: parsed.contentMessage,
    ...parsed.expiry,
  };
  const message: StoredAgentMessage = {
    messageId,
    phone,
    text: parsed.text,
    contentKind: parsed.contentKind,
    receivedAtMs,
    expiresAtMs: parsed.expiresAtMs,
    answer,
    state: 'pending',
    deliveredAtMs: null,
    readAtMs: null,
  };
  ctx.store.add(message);
  ctx.stats.sends += 1;
  ctx.options.log({ event: 'agent_message.accepted', messageId, contentKind: parsed.contentKind, textLength: parsed.text.length });
  ctx.scheduler.accepted(message);
  return { status: 200, body: answer };
};
