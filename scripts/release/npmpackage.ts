/**
 * The npm package of a release, for `npm i -g <url of the .tgz>`. dist/ already bundles every
 * runtime dependency, so the package declares none and runs no install script: installing it
 * copies 5 MB and starts nothing. It runs on the Node found on PATH (>= 22.12, `engines`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SHIPPED = ['bin/kubectl-slices', 'bin/kubectl_complete-slices', 'dist', 'examples', 'LICENSE', 'README.md'];
const KEPT_FIELDS = ['name', 'version', 'description', 'license', 'homepage', 'repository', 'type', 'engines', 'bin'];

/** Packs the package into outDir and returns the file name npm gave it. */
export function packNpmPackage(projectDir: string, outDir: string): string {
  const stage = join(outDir, 'work-npm');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const path of SHIPPED) cpSync(join(projectDir, path), join(stage, path), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(Object.fromEntries(KEPT_FIELDS.filter((k) => k in pkg).map((k) => [k, pkg[k]])), null, 2) + '\n');
  const out = execFileSync('npm', ['pack', '--pack-destination', resolve(outDir), '--json', '--silent'], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  rmSync(stage, { recursive: true, force: true });
  const [packed] = JSON.parse(out) as Array<{ filename: string }>;
  if (!packed) throw new Error('npm pack printed no file name');
  return packed.filename;
}
