// Integration and e2e tests: *.int-spec.ts and test/e2e, against the real Kafka, Postgres and
// Redis that deploy/local starts. Each test isolates itself (topic prefix, schema, key prefix).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['<rootDir>/{libs,services,tools}/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
