import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ALERTS_FILE, SLO_RULES_FILE } from './observability-checks';

// Real Prometheus tooling (Debian's promtool, installed by deploy/local/test-peers.sh): the rule
// files load, and each alert's unit tests (deploy/prometheus/tests) pass.
const root = path.resolve(__dirname, '../../..');
const TESTS_DIR = 'deploy/prometheus/tests';

function promtool(args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync('promtool', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: string };
    if (failed.code === 'ENOENT') throw new Error('promtool not found: run deploy/local/test-peers.sh (Debian package prometheus)');
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

interface RuleTests {
  tests?: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const alertNames = (file: string): string[] =>
  ((parse(readFileSync(path.join(root, file), 'utf8')) as { groups?: { rules?: { alert?: string }[] }[] }).groups ?? []).flatMap((group) => (group.rules ?? []).flatMap((rule) => (rule.alert ? [rule.alert] : [])));

describe('Prometheus rules under promtool', () => {
  const testFiles = readdirSync(path.join(root, TESTS_DIR)).filter((file) => file.endsWith('.test.yml')).map((file) => path.join(TESTS_DIR, file));

  it('loads the alert and SLO rule files', () => {
    const result = promtool(['check', 'rules', ALERTS_FILE, SLO_RULES_FILE]);
    expect({ ok: result.ok, output: result.ok ? '' : result.output }).toEqual({ ok: true, output: '' });
  });

  it('passes every alert unit test', () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const result = promtool(['test', 'rules', ...testFiles]);
    expect({ ok: result.ok, output: result.ok ? '' : result.output }).toEqual({ ok: true, output: '' });
  });

  it('tests every alert of alerts.yml and the SLO rules both firing on a burn and silent on a blip', () => {
    const cases = testFiles.flatMap((file) => ((parse(readFileSync(path.join(root, file), 'utf8')) as RuleTests).tests ?? []).flatMap((test) => test.alert_rule_test ?? []));
    const alerts = [ALERTS_FILE, SLO_RULES_FILE].map(alertNames);
    for (const names of alerts) expect(names.length).toBeGreaterThan(0);
    const coverage = alerts.flat().map((alert) => {
      const own = cases.filter((c) => c.alertname === alert);
      return { alert, fires: own.some((c) => (c.exp_alerts ?? []).length > 0), silent: own.some((c) => (c.exp_alerts ?? []).length === 0) };
    });
    expect(coverage.filter((c) => !c.fires || !c.silent)).toEqual([]);
  });

  it('catches a broken rule file (the check can fail)', () => {
    const result = promtool(['check', 'rules', `${TESTS_DIR}/../prometheus.yml`]);
    expect(result.ok).toBe(false);
  });
});
