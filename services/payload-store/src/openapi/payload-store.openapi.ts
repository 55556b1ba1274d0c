import { buildOpenApiDocument, type ServiceOpenApi } from '@switchback/runtime';

/** payload-store's contract: the link API (creators and recipients) and the recipient page. */
export const payloadStoreOpenApi: ServiceOpenApi = {
  documents: (app) => ({
    'payload-store': buildOpenApiDocument(app, {
      title: 'Switchback payload-store: secure links',
      description: 'Ciphertext-only store behind secure links: creators (routing, a key per tenant) create, inspect and revoke; recipients claim with the claim secret, from the recipient page. Errors are application/problem+json.',
      securitySchemes: { linkApiKey: { type: 'http', scheme: 'bearer', description: 'a link API key (LINK_API_KEYS `tenant:key`): the key decides the tenant' } },
    }),
  }),
};
