import { previewOpenApi } from '@switchback/runtime';
import { committedOpenApi } from '@switchback/testing';
import { AppModule } from '../app.module';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { capabilityDiscoveryOpenApi } from './capability-discovery.openapi';

describe('capability-discovery OpenAPI contract', () => {
  it('docs/api matches the code (regenerate with make openapi)', async () => {
    const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'openapi-contract-key-0123', RBM_AUTH: 'none', HUB_BASE_URL: 'http://127.0.0.1:4010' });
    const documents = await previewOpenApi(AppModule.forRoot(config), capabilityDiscoveryOpenApi);
    expect(Object.keys(documents)).toEqual(['capability-discovery']);
    for (const [name, generated] of Object.entries(documents)) expect(committedOpenApi(name, generated)).toBe(generated);
  });
});
