import nx from '@nx/eslint-plugin';

// Tags (project.json): type:service | infra | contracts | util | testing | tool, scope:<name>.
// Only the bus lib (scope:bus) may import kafkajs: a move to another client touches one place.
const noKafkajs = ['kafkajs'];
// Only libs/rbm-auth (scope:rbm-auth) talks to Google's auth library: tokens stay in one place.
const noGoogleAuth = ['google-auth-library', 'gaxios'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.tools/**', '.nx/**', 'libs/contracts/src/generated/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:infra', 'type:testing'], bannedExternalImports: noKafkajs },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:util', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:testing'], bannedExternalImports: noKafkajs },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: noKafkajs },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:infra', 'type:testing'], bannedExternalImports: noKafkajs },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:util', 'type:contracts', 'type:infra', 'type:testing'], bannedExternalImports: noKafkajs },
            { sourceTag: 'scope:runtime', bannedExternalImports: noKafkajs },
            { sourceTag: '/^scope:(?!rbm-auth$)/', bannedExternalImports: noGoogleAuth },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:infra', 'type:testing', 'type:tool'], bannedExternalImports: noKafkajs },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
