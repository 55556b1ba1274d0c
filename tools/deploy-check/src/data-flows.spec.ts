import { Topics } from '@switchback/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// docs/data-flows.md is what compliance teams read for a DPIA: it must name every table the
// migrations create and every topic the code declares.
const root = path.resolve(__dirname, '../../..');
const doc = readFileSync(path.join(root, 'docs/data-flows.md'), 'utf8');

function migrationTables(): string[] {
  const tables = new Set<string>();
  for (const service of readdirSync(path.join(root, 'services'))) {
    const dir = path.join(root, 'services', service, 'src', 'database');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      for (const match of readFileSync(path.join(dir, file), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g)) tables.add(match[1]!);
    }
  }
  return [...tables].sort();
}

describe('docs/data-flows.md', () => {
  it('names every table the migrations create', () => {
    const tables = migrationTables();
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((table) => !doc.includes(`\`${table}\``))).toEqual([]);
  });

  it('names every declared topic', () => {
    const topics = Object.values(Topics).map((topic) => topic.name);
    expect(topics.filter((topic) => !doc.includes(`\`${topic}\``))).toEqual([]);
  });
});
