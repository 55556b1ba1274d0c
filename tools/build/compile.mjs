// Compiles services, libs, tools and bench into dist/ with SWC, keeping the folder layout.
// The @switchback/* aliases of tsconfig.base.json become relative requires, so dist/ runs
// with plain `node`. Type checking is tsc's job (make typecheck); this only transpiles.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'dist');
const sourceDirs = ['services', 'libs', 'tools', 'bench'];

const swcrc = JSON.parse(await readFile(path.join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(await readFile(path.join(root, 'tsconfig.base.json'), 'utf8'));

async function* typescriptFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* typescriptFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name)) yield full;
  }
}

await rm(outDir, { recursive: true, force: true });
let count = 0;
for (const dir of sourceDirs) {
  for await (const file of typescriptFiles(path.join(root, dir))) {
    const output = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
      sourceMaps: true,
    });
    const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (output.map) await writeFile(`${target}.map`, output.map);
    count += 1;
  }
}
console.log(`compiled ${count} files into dist/`);
