import { buildOpenApiDocument, type ServiceOpenApi } from '@switchback/runtime';

/** rcs-gateway's contract: the RBM webhook (signed by RBM, no bearer credential). */
export const rcsGatewayOpenApi: ServiceOpenApi = {
  documents: (app) => ({
    'rcs-gateway': buildOpenApiDocument(app, {
      title: 'Switchback rcs-gateway: RBM webhook',
      description: "The webhook RBM (Google RCS Business Messaging) pushes delivery and read events to: Pub/Sub push deliveries signed with the agent's client token (X-Goog-Signature), no bearer credential. Errors are application/problem+json.",
      securitySchemes: {},
    }),
  }),
};
