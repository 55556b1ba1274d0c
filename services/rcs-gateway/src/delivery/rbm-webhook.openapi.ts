import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { ApiProblem, problemType } from '@switchback/runtime';

/** OpenAPI of the RBM webhook: Pub/Sub push deliveries and the setup handshake, authenticated by signature, not by a bearer. */

export const RbmWebhookApi = () => ApiTags('rbm webhook');

const pushSchema: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      description: 'a Pub/Sub push: message.data is the base64 of the RBM event JSON, signed by X-Goog-Signature',
      required: ['message'],
      properties: { message: { type: 'object', required: ['data'], properties: { data: { type: 'string', format: 'byte' }, messageId: { type: 'string' }, publishTime: { type: 'string' } } }, subscription: { type: 'string' } },
    },
    { type: 'object', description: 'the setup handshake: answered with the secret when clientToken is this agent\'s RBM_CLIENT_TOKEN', required: ['clientToken', 'secret'], properties: { clientToken: { type: 'string' }, secret: { type: 'string' } } },
  ],
};
const bad = (slug: string, detail: string) => ({ type: problemType(slug), title: 'Bad Request', status: 400, detail });
const unauthorized = (slug: string, detail: string) => ({ type: problemType(slug), title: 'Unauthorized', status: 401, detail });

export const ReceiveRbmWebhookApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Receive an RBM event', description: 'Verifies the signature, publishes the outcome and answers 200 fast (RBM retries anything else for days). Bad signatures emit nothing.' }),
    ApiHeader({ name: 'X-Goog-Signature', required: false, description: 'base64 HMAC-SHA512 of the decoded message.data under RBM_CLIENT_TOKEN (required for pushes, absent in the handshake)' }),
    ApiBody({
      required: true,
      schema: pushSchema,
      examples: {
        push: { value: { message: { data: 'eyJzZW5kZXJQaG9uZU51bWJlciI6IiArNDQ3NzAwOTAwMTIzIiwiZXZlbnRUeXBlIjoiREVMSVZFUkVEIn0=', messageId: '136969346945', publishTime: '2026-11-02T10:15:02.000Z' }, subscription: 'projects/rbm/subscriptions/switchback' } },
        handshake: { value: { clientToken: 'the-agent-client-token', secret: '4b9f2c' } },
      },
    }),
    ApiResponse({ status: 200, description: 'handled (empty body), or the handshake secret', content: { 'text/plain': { schema: { type: 'string' }, example: '' } } }),
    ApiProblem(400, 'not a Pub/Sub push, or message.data is not JSON', bad('not-a-pubsub-push', 'message.data is required'), bad('invalid-event', 'message.data is not JSON')),
    ApiProblem(401, 'the signature or the handshake\'s clientToken does not match', unauthorized('invalid-signature', 'X-Goog-Signature does not match'), unauthorized('invalid-client-token', 'the clientToken is not this agent\'s')),
  );
