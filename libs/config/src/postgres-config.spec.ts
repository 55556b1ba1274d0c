import { postgresConfig } from './config-fragments';
import { ConfigException, loadConfig } from './load-config';

describe('postgresConfig DATABASE_MIGRATIONS', () => {
  it('defaults to run, so local dev, tests and compose migrate at boot', () => {
    expect(loadConfig(postgresConfig, {}).DATABASE_MIGRATIONS).toBe('run');
  });

  it('takes verify (no DDL at boot: the Helm hook job migrates)', () => {
    expect(loadConfig(postgresConfig, { DATABASE_MIGRATIONS: 'verify' }).DATABASE_MIGRATIONS).toBe('verify');
  });

  it('stops boot on any other value, naming the variable', () => {
    expect(() => loadConfig(postgresConfig, { DATABASE_MIGRATIONS: 'skip' })).toThrow(ConfigException);
    expect(() => loadConfig(postgresConfig, { DATABASE_MIGRATIONS: 'skip' })).toThrow(/DATABASE_MIGRATIONS: .*"run".*"verify"/);
  });
});
