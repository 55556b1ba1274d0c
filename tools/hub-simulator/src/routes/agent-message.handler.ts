import type { StoredAgentMessage } from '../delivery/agent-message.store';
import { HubHttpError, invalidArgument, notFound } from '../http/hub-http.error';
import { readJsonBody } from '../http/json-body.reader';
import { featuresOf } from '../profiles/number-profile';
import { parseAgentMessage } from './agent-message.parser';
import { requiredFeatures } from './content-features';
import type { HubHandler } from './hub-context';
import { requirePhone } from './phone.param';

/**
 * POST /v1/phones/{phone}/agentMessages?messageId=<id>. The messageId is the idempotency key:
 * a repeat gets the first answer again and is neither stored nor delivered twice. Every POST
 * is metered (concurrency, rate) and counted against its messageId, whatever the answer.
 */
export const agentMessageHandler: HubHandler = async (ctx, request) => {
  const done = ctx.meter.started(Date.now());
  ctx.stats.agentMessagePosts += 1;
  const messageId = request.url.searchParams.get('messageId');
  if (messageId) ctx.store.countPost(messageId);
  try {
    return await accept(ctx, request);
  } finally {
    done();
  }
};

const accept: HubHandler = async (ctx, { req, url, params }) => {
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
  const profile = ctx.profiles.resolve(phone);
  if (!profile.rcs) throw notFound();
  if (profile.sendNotFound) {
    ctx.stats.sendsNotFound += 1;
    ctx.options.log({ event: 'agent_message.not_found', messageId });
    throw notFound();
  }
  const features = featuresOf(profile);
  const missing = requiredFeatures(parsed.contentMessage).filter((feature) => !features.includes(feature));
  if (missing.length > 0) {
    ctx.stats.unsupportedContent += 1;
    ctx.options.log({ event: 'agent_message.unsupported', messageId, missing: missing.join(',') });
    throw invalidArgument(`The user's device does not support ${missing.join(', ')}.`);
  }

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
