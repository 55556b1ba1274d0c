// Unit tests: *.spec.ts next to the code; no broker, database or cache.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{libs,services,tools}/**/*.spec.ts'],
};
