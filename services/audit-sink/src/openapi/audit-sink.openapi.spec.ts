import { previewOpenApi } from '@switchback/runtime';
import { committedOpenApi } from '@switchback/testing';
import { AppModule } from '../app.module';
import { generateSigningKeySeed } from '../chain/checkpoint-signer';
import { auditSinkConfigSchema } from '../config/audit-sink.config';
import { auditSinkOpenApi } from './audit-sink.openapi';

describe('audit-sink OpenAPI contract', () => {
  it('docs/api matches the code (regenerate with make openapi)', async () => {
    const config = auditSinkConfigSchema.parse({ AUDIT_SIGNING_KEY: generateSigningKeySeed() });
    const documents = await previewOpenApi(AppModule.forRoot(config), auditSinkOpenApi);
    expect(Object.keys(documents)).toEqual(['audit-sink']);
    for (const [name, generated] of Object.entries(documents)) expect(committedOpenApi(name, generated)).toBe(generated);
  });
});
