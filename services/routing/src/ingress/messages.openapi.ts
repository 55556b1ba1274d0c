import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblem, ApiRequiredHeader, ApiZodBody, ApiZodResponse, describes } from '@switchback/runtime';
import { z } from 'zod';
import type { MessageView } from '../messages/message-ledger';
import type { DryRunAnswer } from './dry-run.service';
import type { AcceptedResponse } from './idempotency.store';
import { idempotencyKeyInProgress, idempotencyKeyReused, invalidMessage, messageNotFound, tenantUnauthorized } from './ingress-problems';
import { messageRequestSchema } from './message-request';

/** OpenAPI of the producer ingress (MessagesController): bodies from the zod schema it validates with. */

const acceptedSchema = describes<AcceptedResponse>()(
  z.object({
    messageId: z.string().describe('the id every event, outcome and GET /v1/messages/{id} of this message carries'),
    status: z.literal('accepted'),
    secureLinkCode: z.string().optional().describe('only in the answer that accepted the message (never in a replay), when the tenant\'s policy has the sender relay second-channel codes'),
  }),
);

const dryRunSchema = describes<DryRunAnswer>()(
  z.object({
    channel: z.string(),
    actionTaken: z.string(),
    fallbackReason: z.string(),
    e2eeCapability: z.string(),
    sensitivity: z.string(),
    detectorIds: z.array(z.string()),
    cohort: z.string(),
    policyVersion: z.number().int(),
    capabilityStatus: z.string(),
    dualChannel: z.string(),
    connectors: z.object({ residency: z.array(z.string()), rcs: z.array(z.string()), sms: z.array(z.string()) }).describe('where the legs may leave: the residency regions (empty = any) and, per channel, the connector regions within them'),
    secureLink: z.object({ channel: z.string(), keyMode: z.string(), ttlSeconds: z.number().int(), maxViews: z.number().int(), codeVia: z.string().optional() }).optional(),
  }),
);

const legSchema = z.object({
  leg: z.number().int(),
  channel: z.string(),
  status: z.string().describe('the gateway\'s latest status (dispatched until one arrives)'),
  reason: z.string(),
  occurredAt: z.string().nullable(),
  state: z.string().nullable().describe('live, revoking, delivered, read, failed, unreachable, expired, revoked, lost'),
  fallbackReason: z.string().nullable(),
  failoverFromLeg: z.number().int().nullable(),
});

const messageViewSchema = describes<MessageView>()(
  z.object({
    messageId: z.string(),
    recipientHash: z.string(),
    channel: z.string(),
    actionTaken: z.string(),
    fallbackReason: z.string(),
    sensitivity: z.string(),
    detectorIds: z.array(z.string()),
    cohort: z.string(),
    policyVersion: z.number().int(),
    decidedAt: z.string(),
    state: z.string().describe('dispatched, delivered, read, failed, expired, revoked or blocked'),
    terminal: z.object({ status: z.string(), leg: z.number().int(), channel: z.string(), reason: z.string(), at: z.string() }).nullable(),
    legs: z.array(legSchema),
  }),
);

const MESSAGE_ID = '5b0f3d6e-2a4c-4e8b-9f1a-7c2d8e6b4a10';
const messageExamples = {
  otp: { to: '+447700900123', text: 'Your code is 482913', trafficType: 'otp' },
  sensitive: { to: '+447700900123', text: 'Your statement is ready', trafficType: 'transactional', labels: ['billing'], sensitive: true },
};

const tenantSecurity = () => applyDecorators(ApiSecurity('tenantKey'), ApiProblem(401, 'no or unknown tenant API key', tenantUnauthorized().problem));
const invalid = () => invalidMessage([{ field: 'to', message: 'expected an E.164 number such as +447700900123' }]).problem;

export const MessagesApi = () => ApiTags('messages');

export const SubmitMessageApi = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Submit a message',
      description: [
        'Accepts a send once per `Idempotency-Key` (per tenant) and publishes it to the pipeline; the answer is 202 before routing decides.',
        '',
        'Idempotency-Key semantics:',
        '- required: 1 to 128 visible ASCII characters, chosen by the producer (a UUID per logical message); kept `IDEMPOTENCY_KEY_TTL_S` (1 day by default). Only an HMAC of the body is stored, never its text or number.',
        '- a replay with the same key and the same body (compared after defaults are filled in) answers the first answer again: same `messageId`, status 202, nothing sent twice (a `secureLinkCode` is answered only the first time).',
        '- the same key with a different body: 422 `idempotency-key-reused`.',
        '- the same key while the first request is still being accepted: 409 `idempotency-key-in-progress`; retry later. A first request stranded in progress (its instance died) for longer than `INGRESS_STALE_AFTER_MS` is taken over by the replay and published under the message id chosen the first time.',
        '- if publishing fails the key is released, so a retry with the same key is a first request.',
      ].join('\n'),
    }),
    ApiRequiredHeader('Idempotency-Key', 'producer-chosen key of this logical message (1 to 128 visible ASCII characters); see the operation description', { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$', example: '7d8c1c0e-order-1234-otp' }),
    ApiZodBody(messageRequestSchema, messageExamples),
    ApiZodResponse(202, 'accepted (or a replay of an accepted request with the same key and body)', acceptedSchema, { messageId: MESSAGE_ID, status: 'accepted' }),
    ApiProblem(400, 'the body or the Idempotency-Key header is invalid (the bad fields are named, never their values)', invalid(), invalidMessage([{ field: 'Idempotency-Key', message: 'header required: 1 to 128 visible ASCII characters' }]).problem),
    tenantSecurity(),
    ApiProblem(409, 'a request with this Idempotency-Key is still in progress: retry later', idempotencyKeyInProgress().problem),
    ApiProblem(422, 'this Idempotency-Key was first used with a different body', idempotencyKeyReused().problem),
  );

export const DryRunApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Route a message on paper', description: 'The same classification, policy, cohort and decision as a send, with no side effect: nothing is published or stored. No Idempotency-Key.' }),
    ApiZodBody(messageRequestSchema, messageExamples),
    ApiZodResponse(200, 'the decision a send would get now', dryRunSchema, { channel: 'RCS', actionTaken: 'SECURE_LINK', fallbackReason: 'NO_E2EE_PATH', e2eeCapability: 'NONE', sensitivity: 'SECRET', detectorIds: ['otp'], cohort: 'DEFAULT', policyVersion: 3, capabilityStatus: 'AMBER', dualChannel: 'NONE', connectors: { residency: ['GB'], rcs: ['GB'], sms: ['GB'] }, secureLink: { channel: 'RCS', keyMode: 'FRAGMENT', ttlSeconds: 3600, maxViews: 1 } }),
    ApiProblem(400, 'the body is invalid', invalid()),
    tenantSecurity(),
  );

export const FindMessageApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Look up a message', description: 'The routing decision, legs and end of one of the tenant\'s messages. An accepted message has no view until it is routed (404 until then).' }),
    ApiZodResponse(200, 'the message', messageViewSchema, {
      messageId: MESSAGE_ID,
      recipientHash: 'k1:9c1f0b4e7a2d',
      channel: 'RCS',
      actionTaken: 'E2EE_SENT',
      fallbackReason: 'NONE',
      sensitivity: 'NORMAL',
      detectorIds: [],
      cohort: 'DEFAULT',
      policyVersion: 3,
      decidedAt: '2026-11-02T10:15:00.000Z',
      state: 'delivered',
      terminal: { status: 'DELIVERED', leg: 1, channel: 'RCS', reason: '', at: '2026-11-02T10:15:02.000Z' },
      legs: [{ leg: 1, channel: 'RCS', status: 'DELIVERED', reason: '', occurredAt: '2026-11-02T10:15:02.000Z', state: 'delivered', fallbackReason: null, failoverFromLeg: null }],
    }),
    tenantSecurity(),
    ApiProblem(404, 'no such message of this tenant, or not routed yet', messageNotFound().problem),
  );
