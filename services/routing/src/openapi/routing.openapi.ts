import { buildOpenApiDocument, type ServiceOpenApi } from '@switchback/runtime';
import { arrivedOnAdminListener } from '../admin/admin-listener';

/** Routes served on the admin listener (ADMIN_HTTP_PORT) only; the rest are the public tenant API. */
const ADMIN_PATH = /^\/v1\/(admin\/|messages\/\{id\}\/override$)/;

const bearer = (description: string) => ({ type: 'http' as const, scheme: 'bearer', description });

/** routing's two contracts: the tenant ingress (HTTP_PORT) and the admin API (ADMIN_HTTP_PORT), each served on its own port. */
export const routingOpenApi: ServiceOpenApi = {
  documents: (app) => ({
    routing: buildOpenApiDocument(
      app,
      {
        title: 'Switchback routing: message ingress',
        description: 'Producers submit messages, route them on paper and look them up (HTTP_PORT). Errors are application/problem+json. The admin API is a separate contract, served on ADMIN_HTTP_PORT (routing-admin.openapi.json).',
        securitySchemes: { tenantKey: bearer('a tenant API key (TENANT_API_KEYS `tenant:key`): the key decides the tenant') },
      },
      (path) => !ADMIN_PATH.test(path),
    ),
    'routing-admin': buildOpenApiDocument(
      app,
      {
        title: 'Switchback routing: admin API',
        description: 'Tenant policies, producer keys and overrides of held messages, on routing\'s admin listener (ADMIN_HTTP_PORT, loopback by default; these routes answer 404 on HTTP_PORT). Errors are application/problem+json.',
        securitySchemes: { adminToken: bearer('an admin token (ADMIN_TOKENS `actor@tenant:token` for one tenant, `actor@*:token` for all)') },
      },
      (path) => ADMIN_PATH.test(path),
    ),
  }),
  documentFor: (request) => (arrivedOnAdminListener(request) ? 'routing-admin' : 'routing'),
};
