import { buildOpenApiDocument, type ServiceOpenApi } from '@switchback/runtime';

/** audit-sink's contract. */
export const auditSinkOpenApi: ServiceOpenApi = {
  documents: (app) => ({
    'audit-sink': buildOpenApiDocument(app, {
      title: 'Switchback audit-sink: checkpoints',
      description: 'Signed checkpoints of the tamper-evident audit log, for operators and outside witnesses. Errors are application/problem+json.',
      securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: 'an audit operator token (AUDIT_OPERATOR_TOKENS `actor:token`)' } },
    }),
  }),
};
