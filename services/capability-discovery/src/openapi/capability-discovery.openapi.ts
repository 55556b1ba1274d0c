import { buildOpenApiDocument, type ServiceOpenApi } from '@switchback/runtime';

/** capability-discovery's contract. */
export const capabilityDiscoveryOpenApi: ServiceOpenApi = {
  documents: (app) => ({
    'capability-discovery': buildOpenApiDocument(app, {
      title: 'Switchback capability-discovery',
      description: 'RCS and E2EE capabilities of phone numbers, for service callers (routing), and the in-app E2EE device keys of numbers, for tenant apps. Errors are application/problem+json.',
      securitySchemes: {
        serviceKey: { type: 'http', scheme: 'bearer', description: 'a service key (CAPABILITY_API_KEYS `caller:token`), the key routing presents (its CAPABILITY_API_KEY)' },
        deviceKeyToken: { type: 'http', scheme: 'bearer', description: 'a tenant app token (DEVICE_KEY_TOKENS `client@tenant:token`)' },
      },
    }),
  }),
};
