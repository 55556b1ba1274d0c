import { previewOpenApi } from '@switchback/runtime';
import { committedOpenApi } from '@switchback/testing';
import { AppModule } from '../app.module';
import { payloadStoreConfigSchema } from '../config/payload-store.config';
import { payloadStoreOpenApi } from './payload-store.openapi';

describe('payload-store OpenAPI contract', () => {
  it('docs/api matches the code (regenerate with make openapi)', async () => {
    const config = payloadStoreConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'openapi-contract-key-0123' });
    const documents = await previewOpenApi(AppModule.forRoot(config), payloadStoreOpenApi);
    expect(Object.keys(documents)).toEqual(['payload-store']);
    for (const [name, generated] of Object.entries(documents)) expect(committedOpenApi(name, generated)).toBe(generated);
  });
});
