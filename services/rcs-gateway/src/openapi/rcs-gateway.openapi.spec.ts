import { previewOpenApi } from '@switchback/runtime';
import { committedOpenApi } from '@switchback/testing';
import { AppModule } from '../app.module';
import { rcsGatewayConfigSchema } from '../config/rcs-gateway.config';
import { rcsGatewayOpenApi } from './rcs-gateway.openapi';

describe('rcs-gateway OpenAPI contract', () => {
  it('docs/api matches the code (regenerate with make openapi)', async () => {
    const config = rcsGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'openapi-contract-key-0123', RBM_AUTH: 'none', RBM_CLIENT_TOKEN: 'openapi-contract-client-token', HUB_BASE_URL: 'http://127.0.0.1:4010' });
    const documents = await previewOpenApi(AppModule.forRoot(config), rcsGatewayOpenApi);
    expect(Object.keys(documents)).toEqual(['rcs-gateway']);
    for (const [name, generated] of Object.entries(documents)) expect(committedOpenApi(name, generated)).toBe(generated);
  });
});
