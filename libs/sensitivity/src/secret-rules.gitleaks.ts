/**
 * Provider token formats adapted from gitleaks' default rule set (config/gitleaks.toml, MIT,
 * Copyright (c) 2019 Zachary Rice — see THIRD_PARTY_NOTICES.md), for the providers secretlint's
 * preset lacks. Only rules a token's own shape decides (a fixed prefix or structure) are taken;
 * gitleaks' keyword-plus-value rules are covered by secret.generic_api_key instead, and its
 * file-format rules (Kubernetes YAML, NuGet config, curl command lines) do not fit SMS text.
 * Adapted to RE2 with our edge guards; upstream's stop-word and entropy filters are not applied
 * (an outbound message fails closed).
 */
import type { SecretRule } from './secret-rule';

const EDGE = '(?:^|[^A-Za-z0-9_-])';
const END = '(?:[^A-Za-z0-9_-]|$)';
const token = (id: SecretRule['id'], body: string): SecretRule => ({ id, pattern: `${EDGE}${body}${END}` });

export const GITLEAKS_RULES: readonly SecretRule[] = [
  token('secret.onepassword_token', 'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'),
  token('secret.adobe_client_secret', 'p8e-[A-Za-z0-9]{32}'),
  token('secret.age_secret_key', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  token('secret.airtable_token', 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  token('secret.alibaba_access_key', 'LTAI[A-Za-z0-9]{20}'),
  token('secret.anthropic_api_key', 'sk-ant-(?:admin01|api0[0-9])-[A-Za-z0-9_-]{80,128}AA'),
  token('secret.artifactory_token', '(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})'),
  token('secret.atlassian_token', 'ATATT3[A-Za-z0-9_=-]{150,250}'),
  token('secret.aws_bedrock_key', 'ABSK[A-Za-z0-9+/]{109,269}={0,2}'),
  token('secret.clickhouse_key', '4b1d[A-Za-z0-9]{38}'),
  token('secret.clojars_token', '(?i)CLOJARS_[a-z0-9]{60}'),
  token('secret.cloudflare_token', 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}'),
  token('secret.digitalocean_token', 'do[opr]_v1_[a-f0-9]{64}'),
  token('secret.discord_webhook', 'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{5,30}/[A-Za-z0-9_-]{30,}'),
  token('secret.doppler_token', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}'),
  token('secret.duffel_token', 'duffel_(?:test|live)_[A-Za-z0-9_=-]{43}'),
  token('secret.dynatrace_token', 'dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}'),
  token('secret.easypost_token', 'EZ[AT]K[A-Za-z0-9]{54}'),
  token('secret.facebook_token', 'EAA[MC][A-Za-z0-9]{100,}'),
  token('secret.flutterwave_key', 'FLW(?:SECK|PUBK)_TEST-[A-Ha-h0-9]{12,32}(?:-X)?'),
  token('secret.flyio_token', '(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})'),
  token('secret.frameio_token', 'fio-u-[A-Za-z0-9_=-]{64}'),
  token('secret.gitlab_token', '(?:glcbt-[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}|gl(?:dt|ffct|ft|rt|soat)-[0-9A-Za-z_-]{20}|glimt-[0-9A-Za-z_-]{25}|glagent-[0-9A-Za-z_-]{50}|gloas-[0-9A-Za-z_-]{64}|glptt-[0-9a-f]{40}|GR1348941[A-Za-z0-9_-]{20})'),
  token('secret.google_oauth_token', '(?:ya29\\.[A-Za-z0-9_-]{30,}|1//0[A-Za-z0-9_-]{30,})'),
  token('secret.grafana_token', 'eyJrIjoi[A-Za-z0-9]{70,400}={0,3}'),
  token('secret.harness_token', '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}'),
  token('secret.terraform_token', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'),
  token('secret.heroku_token', 'HRKU-AA[0-9A-Za-z_-]{58}'),
  token('secret.huggingface_token', 'api_org_[A-Za-z]{34}'),
  token('secret.infracost_token', 'ico-[A-Za-z0-9]{32}'),
  token('secret.intra42_secret', 's-s4t2(?:ud|af)-[A-Fa-f0-9]{64}'),
  token('secret.langsmith_key', 'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}'),
  token('secret.mailchimp_key', '[a-f0-9]{32}-us[0-9]{1,2}'),
  token('secret.maxmind_key', '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk'),
  token('secret.newrelic_key', 'NR(?:AK|II|JS|RA)-[A-Za-z0-9]{19,32}'),
  token('secret.octopus_key', 'API-[A-Z0-9]{26}'),
  token('secret.openshift_token', 'sha256~[A-Za-z0-9_-]{43}'),
  token('secret.perplexity_key', 'pplx-[A-Za-z0-9]{48}'),
  token('secret.planetscale_token', 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}'),
  token('secret.postman_token', 'PMAK-[A-Fa-f0-9]{24}-[A-Fa-f0-9]{34}'),
  token('secret.prefect_token', 'pnu_[A-Za-z0-9]{36}'),
  token('secret.pulumi_token', 'pul-[a-f0-9]{40}'),
  token('secret.pypi_token', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'),
  token('secret.readme_key', 'rdme_[a-z0-9]{70}'),
  token('secret.replicate_token', 'r8_[A-Za-z0-9]{37}'),
  token('secret.rubygems_key', 'rubygems_[a-f0-9]{48}'),
  token('secret.scalingo_token', 'tk-us-[A-Za-z0-9_-]{48}'),
  token('secret.sendinblue_key', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  token('secret.sentry_token', '(?:sntryu_[a-f0-9]{64}|sntrys_eyJpYXQiO[A-Za-z0-9+/=_]{60,})'),
  token('secret.settlemint_token', 'sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}'),
  token('secret.shippo_token', 'shippo_(?:live|test)_[A-Fa-f0-9]{40}'),
  token('secret.slack_token', '(?:xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{150,170}|xoxe-[0-9]-[A-Za-z0-9]{140,150}|xox[os]-[0-9]+-[0-9]+-[0-9]+-[A-Fa-f0-9]+)'),
  token('secret.sourcegraph_token', 'sgp_(?:[A-Fa-f0-9]{16}|local)_[A-Fa-f0-9]{40}'),
  token('secret.square_token', '(?:EAAA[A-Za-z0-9_-]{22,60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60})'),
  token('secret.stripe_key', '(?:sk|rk)_prod_[A-Za-z0-9]{10,99}'),
  token('secret.supabase_key', '(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{30,})'),
  token('secret.telegram_bot_token', '[0-9]{8,10}:AA[A-Za-z0-9_-]{32,33}'),
  token('secret.twitter_bearer_token', 'A{22}[A-Za-z0-9%]{30,}'),
  token('secret.typeform_token', 'tfp_[A-Za-z0-9_=.-]{59}'),
  token('secret.vault_token', 's\\.[A-Za-z0-9]{24}'),
  token('secret.xai_key', 'xai-[A-Za-z0-9]{80}'),
  token('secret.yandex_key', '(?:AQVN[A-Za-z0-9_-]{35,38}|YC[A-Za-z0-9_-]{38}|t1\\.[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]{86}={0,2})'),
  { id: 'secret.teams_webhook', pattern: '(?i)https://[a-z0-9-]+\\.webhook\\.office\\.com/webhookb2/[a-z0-9@-]{30,}/IncomingWebhook/[a-z0-9]{20,}' },
  { id: 'secret.teams_webhook', pattern: '(?i)https://[a-z0-9-]+\\.logic\\.azure\\.com(?::443)?/workflows/[a-z0-9]{20,}/triggers/[^\\s]*sig=[A-Za-z0-9_%-]{20,}' },
];
