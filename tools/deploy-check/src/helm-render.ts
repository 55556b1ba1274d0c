import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from './helm-manifest';

/**
 * Runs the chart through real Helm 3 (tools/helm/render.sh: helm-java on the JVM) and the
 * rendered manifests through the Kubernetes schemas (tools/helm/validate-manifests.mjs), as
 * child processes: no cluster and no helm binary.
 */
export const root = path.resolve(__dirname, '../../..');
export const CHART = path.join(root, 'deploy/helm/switchback');
export const TEST_VALUES = path.join(CHART, 'ci/test-values.yaml');
export const RELEASE = 'sb';

const run = promisify(execFile);

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

async function exec(file: string, args: string[], input?: string): Promise<RunResult> {
  const options = { cwd: root, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 };
  try {
    const child = run(file, args, options);
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout, stderr } = await child;
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr || failed.message };
  }
}

/** helm template; `sets` are --set key=value pairs. */
export function helmTemplate(valuesFiles: string[] = [], sets: Record<string, string> = {}): Promise<RunResult> {
  const args = ['template', CHART, '--name', RELEASE, '--namespace', 'switchback'];
  for (const file of valuesFiles) args.push('-f', file);
  for (const [key, value] of Object.entries(sets)) args.push('--set', `${key}=${value}`);
  return exec(path.join(root, 'tools/helm/render.sh'), args);
}

/** helm lint --strict. */
export function helmLint(valuesFiles: string[] = []): Promise<RunResult> {
  return exec(path.join(root, 'tools/helm/render.sh'), ['lint', CHART, ...valuesFiles.flatMap((file) => ['-f', file])]);
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .filter((document) => document.contents !== null)
    .map((document) => document.toJS() as Manifest);
}

export interface SchemaResult {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly valid: boolean;
  readonly errors: string[];
}

/** Every document through kubernetes-models' validate(); unknown kinds count as invalid. */
export async function validateManifests(text: string): Promise<{ ok: boolean; results: SchemaResult[] }> {
  const result = await exec(process.execPath, [path.join(root, 'tools/helm/validate-manifests.mjs')], text);
  return { ok: result.ok, results: JSON.parse(result.stdout || '[]') as SchemaResult[] };
}
