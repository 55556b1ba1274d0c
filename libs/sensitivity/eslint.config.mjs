import root from '../../eslint.config.mjs';

// This lib scans untrusted message text: every pattern must run on RE2 (linear time).
// JS RegExp backtracks, so regex literals and the RegExp constructor are banned outside tests.
const noBacktracking = 'Use RE2 here: JS RegExp backtracks and this lib matches untrusted input.';

export default [
  ...root,
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[regex]', message: noBacktracking },
        { selector: "NewExpression[callee.name='RegExp']", message: noBacktracking },
        { selector: "CallExpression[callee.name='RegExp']", message: noBacktracking },
      ],
    },
  },
];
