import { previewOpenApi } from '@switchback/runtime';
import { committedOpenApi } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../app.module';
import { routingConfigSchema } from '../config/routing.config';
import { routingOpenApi } from './routing.openapi';

const key = () => randomBytes(32).toString('base64');

describe('routing OpenAPI contract', () => {
  it('docs/api matches the code (regenerate with make openapi)', async () => {
    const config = routingConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'openapi-contract-key-0123', HOLD_ENCRYPTION_KEY: key(), IDEMPOTENCY_BODY_KEYS: `i1:${key()}`, CONTENT_FINGERPRINT_KEYS: `f1:${key()}` });
    const documents = await previewOpenApi(AppModule.forRoot(config), routingOpenApi);
    expect(Object.keys(documents)).toEqual(['routing', 'routing-admin']);
    for (const [name, generated] of Object.entries(documents)) expect(committedOpenApi(name, generated)).toBe(generated);
  });
});
