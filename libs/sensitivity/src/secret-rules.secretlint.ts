/**
 * Secret patterns vendored from secretlint's recommended preset.
 *
 *   Source:  npm package @secretlint/secretlint-rule-preset-recommend@13.0.7
 *            (module/index.js, which bundles the @secretlint/secretlint-rule-* packages 13.0.7)
 *   Licence: MIT, Copyright (c) 2020 azu — full text in libs/sensitivity/THIRD_PARTY_NOTICES.md
 *
 * Why vendored rather than imported: the preset is ESM-only and its patterns are local
 * constants inside rule functions (JS RegExp, many with lookbehind), not exported data, so
 * nothing can be read from it at run time without executing its backtracking matchers.
 *
 * How the patterns were adapted to RE2 (linear time), keeping what they match:
 *  - `(?<!\p{L})X` became `(?:^|[^\p{L}])X` and `X(?!c)` became `X(?:[^c]|$)`; for a yes/no
 *    "is it present" answer the consuming forms are equivalent.
 *  - Named groups were dropped; `g`/`u`/`m` flags are implied; `i` became an inline `(?i)`.
 *  - Repetition bounds over RE2's limit of 1000 became open-ended (`+`).
 *  - The database URI rules require the `user:password@` part, which upstream checks in code.
 *  - Upstream's allow-lists of documented example keys and placeholder passwords are NOT
 *    applied: they suit source-code scanning, whereas an outbound message fails closed.
 * When updating, bump the version above and re-run secret-scanner.spec.ts.
 */
import type { SecretRule } from './secret-rule';

// Shared fragments (secretlint's own spellings for AWS keys).
const AWS_QUOTE = `["']?`;
const AWS_CONNECT = '\\s*(?::|=>|=)\\s*';

export const SECRETLINT_RULES: readonly SecretRule[] = [
  // secretlint-rule-aws
  { id: 'secret.aws_access_key', pattern: '\\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\\b' },
  {
    id: 'secret.aws_secret_access_key',
    pattern: `${AWS_QUOTE}(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)${AWS_QUOTE}${AWS_CONNECT}${AWS_QUOTE}[A-Za-z0-9/+=]{40}${AWS_QUOTE}\\b`,
  },
  // secretlint-rule-privatekey
  { id: 'secret.private_key', pattern: '-----BEGIN\\s?(?:DSA|RSA|EC|PGP|OPENSSH)?\\s?PRIVATE KEY' },
  // secretlint-rule-npm
  { id: 'secret.npm_token', pattern: '(?:^|[^\\p{L}])npm_[A-Za-z0-9_]{36}(?:[^A-Za-z0-9_]|$)' },
  { id: 'secret.npm_token', pattern: '_authToken=[^$].*' },
  // secretlint-rule-basicauth
  {
    id: 'secret.basic_auth_url',
    pattern: '(?:https?|ftp|ftps)://[-a-zA-Z0-9_]{1,256}:[-a-zA-Z0-9_]{1,256}@[-a-zA-Z0-9%._+~#=]{1,256}\\.[a-zA-Z0-9()]{1,6}\\b',
  },
  // secretlint-rule-slack
  {
    id: 'secret.slack_token',
    pattern: '\\b(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-(?:\\d-)?(?:[a-zA-Z0-9]{1,40}-)+[a-zA-Z0-9]{1,40}\\b',
  },
  {
    id: 'secret.slack_webhook',
    pattern: '(?i)https://hooks\\.slack\\.com/services/T[a-zA-Z0-9]{1,40}/B[a-zA-Z0-9]{1,40}/[a-zA-Z0-9]{1,40}',
  },
  // secretlint-rule-sendgrid
  { id: 'secret.sendgrid_api_key', pattern: '(?:^|[^\\p{L}])SG\\.\\w{1,128}\\.\\w{1,128}[-_]?\\w{1,128}(?:\\W|$)' },
  // secretlint-rule-shopify
  { id: 'secret.shopify_token', pattern: '(?:^|[^\\p{L}])(?:shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}(?:[^a-zA-Z0-9]|$)' },
  // secretlint-rule-stripe
  { id: 'secret.stripe_key', pattern: '(?:^|[^\\p{L}])(?:sk_live|sk_test|rk_live|rk_test)_[a-zA-Z0-9]{24,99}(?:[^a-zA-Z0-9]|$)' },
  // secretlint-rule-github
  { id: 'secret.github_token', pattern: '(?:^|[^\\p{L}])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}(?:[^A-Za-z0-9_]|$)' },
  { id: 'secret.github_token', pattern: '(?:^|[^\\p{L}])github_pat_[A-Za-z0-9_]{82}(?:[^A-Za-z0-9_]|$)' },
  {
    id: 'secret.github_token',
    pattern: '(?:^|[^\\p{L}])ghs_[0-9]{1,20}_[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(?:[^A-Za-z0-9_-]|$)',
  },
  { id: 'secret.github_token', pattern: 'https?://.{1,256}:x-oauth-basic@github\\.com/' },
  // secretlint-rule-gitlab
  { id: 'secret.gitlab_token', pattern: '(?:^|[^\\p{L}])glpat-[A-Za-z0-9_-]{20,128}(?:[^A-Za-z0-9_-]|$)' },
  // secretlint-rule-grafana
  { id: 'secret.grafana_token', pattern: '(?:^|[^\\p{L}])glc_[A-Za-z0-9+/]{32,400}={0,2}(?:[^A-Za-z0-9+/=]|$)' },
  { id: 'secret.grafana_token', pattern: '(?:^|[^\\p{L}])glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?:[^A-Fa-f0-9]|$)' },
  // secretlint-rule-openai
  {
    id: 'secret.openai_api_key',
    pattern:
      'sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}',
  },
  // secretlint-rule-anthropic
  { id: 'secret.anthropic_api_key', pattern: '(?:^|[^\\p{L}])sk-ant-api0\\d-[A-Za-z0-9_-]{90,128}AA(?:[^A-Za-z0-9_-]|$)' },
  // secretlint-rule-groq
  { id: 'secret.groq_api_key', pattern: '(?:^|[^\\p{L}])gsk_[a-zA-Z0-9]{52}(?:[^a-zA-Z0-9]|$)' },
  // secretlint-rule-huggingface
  { id: 'secret.huggingface_token', pattern: '(?:^|[^\\p{L}])hf_[a-zA-Z]{34}(?:[^a-zA-Z]|$)' },
  // secretlint-rule-linear
  { id: 'secret.linear_api_key', pattern: '(?:^|[^\\p{L}])lin_api_[a-zA-Z0-9_]{32,128}(?:[^a-zA-Z0-9_]|$)' },
  // secretlint-rule-notion
  { id: 'secret.notion_token', pattern: '(?:^|[^\\p{L}])ntn_[0-9]{11}[A-Za-z0-9]{35}(?:[^A-Za-z0-9]|$)' },
  // secretlint-rule-1password
  { id: 'secret.onepassword_token', pattern: '(?:^|[^\\p{L}])ops_ey[A-Za-z0-9+/=]{100,}fQ={0,2}(?:[^A-Za-z0-9+/=]|$)' },
  // secretlint-rule-database-connection-string
  { id: 'secret.connection_string', pattern: '(?i)mongodb(?:\\+srv)?://[^:/\\s]{1,100}:[^@/\\s]{1,200}@[^/\\s?]{1,100}' },
  { id: 'secret.connection_string', pattern: '(?i)(?:jdbc:)?mysqlx?://[^:/\\s]{1,100}:[^@/\\s]{1,200}@[^/\\s?]{1,100}' },
  { id: 'secret.connection_string', pattern: '(?i)postgres(?:ql)?://[^:/\\s]{1,100}:[^@/\\s]{1,200}@[^/\\s?]{1,100}' },
  // secretlint-rule-hashicorp-vault
  { id: 'secret.vault_token', pattern: '(?:^|[^\\p{L}])hv[sr]\\.[A-Za-z0-9_-]{90,120}(?:[^A-Za-z0-9_-]|$)' },
  { id: 'secret.vault_token', pattern: '(?:^|[^\\p{L}])hvb\\.[A-Za-z0-9_-]{138,300}(?:[^A-Za-z0-9_-]|$)' },
  // secretlint-rule-vercel
  { id: 'secret.vercel_token', pattern: '(?:^|[^\\p{L}])(?:vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{20,60}(?:[^A-Za-z0-9]|$)' },
  // secretlint-rule-databricks
  { id: 'secret.databricks_token', pattern: '(?:^|[^\\p{L}])dapi[A-Fa-f0-9]{32}(?:-[0-9])?(?:[^A-Fa-f0-9]|$)' },
  // secretlint-rule-docker
  { id: 'secret.docker_token', pattern: '(?:^|[^\\p{L}])dckr_pat_[a-zA-Z0-9_-]{27}(?:[^a-zA-Z0-9_-]|$)' },
  // secretlint-rule-figma
  { id: 'secret.figma_token', pattern: '(?:^|[^\\p{L}])figd_[A-Za-z0-9_-]{40,200}(?:[^A-Za-z0-9_-]|$)' },
  // secretlint-rule-cloudflare
  { id: 'secret.cloudflare_token', pattern: '(?:^|[^\\p{L}])(?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}(?:[^A-Za-z0-9]|$)' },
  // secretlint-rule-tailscale
  { id: 'secret.tailscale_key', pattern: '(?:^|[^\\p{L}])tskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60}(?:[^0-9A-Za-z_]|$)' },
];
