import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kafkaSaslOf, localBrokerSasl, saslEnv } from './kafka-sasl';

describe('kafka SASL login', () => {
  it('is none without a user, and refuses a user without a password', () => {
    expect(kafkaSaslOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toBeUndefined();
    expect(() => kafkaSaslOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sb-routing' })).toThrow('KAFKA_SASL_PASSWORD');
    expect(kafkaSaslOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sb-routing', KAFKA_SASL_PASSWORD: 'pw' })).toEqual({ mechanism: 'scram-sha-512', username: 'sb-routing', password: 'pw' });
  });

  it('reads the password from a mounted secret file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sasl-')), 'kafka-sb-routing');
    writeFileSync(file, 'from-a-file\n');
    expect(kafkaSaslOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sb-routing', KAFKA_SASL_PASSWORD_FILE: file })?.password).toBe('from-a-file');
  });

  it("reads a local broker principal's password file, and gives it back as a service's variables", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sasl-'));
    writeFileSync(path.join(dir, 'sb-routing'), 'secret-pw\n');
    const sasl = localBrokerSasl(dir, 'sb-routing');
    expect(sasl).toEqual({ mechanism: 'scram-sha-512', username: 'sb-routing', password: 'secret-pw' });
    expect(localBrokerSasl(dir, 'sb-nobody')).toBeUndefined();
    expect(saslEnv(sasl)).toEqual({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sb-routing', KAFKA_SASL_PASSWORD: 'secret-pw' });
    expect(saslEnv(undefined)).toEqual({});
  });
});
