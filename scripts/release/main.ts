/**
 * `npm run release [-- --tag vX.Y.Z] [--platform os/arch ...]`: standalone executables, krew
 * archives and the krew manifest. Run through npm so the pinned Node (the `node` devDependency)
 * runs it: `--build-sea` needs the exact Node version of the binaries it injects into.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { reviewManifest } from './krew/review.ts';
import { validateManifest } from './krew/validate.ts';
import { loadManifestYaml } from './krew/yaml.ts';
import { renderManifest } from './manifest.ts';
import { packNpmPackage } from './npmpackage.ts';
import { findPlatform, PLATFORMS, platformName } from './platforms.ts';
import { DEFAULT_RELEASE_TIME, release, type ReleasedPlatform } from './release.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; homepage: string };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tag: { type: 'string', default: `v${pkg.version}` },
      platform: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
  });
  const tag = values.tag;
  if (!/^v\d+\.\d+\.\d+$/.test(tag)) throw new Error(`--tag ${tag}: krew needs a semver tag like v1.2.3`);
  const platforms = values.platform?.map(findPlatform) ?? PLATFORMS;
  const outDir = values.out ?? join('releases', tag);
  const released = await release({ tag, platforms, projectDir: '.', outDir, cacheDir: join('.cache', 'node-binaries'), mtime: releaseTime() });
  const manifest = renderManifest({ tag, homepage: pkg.homepage, downloadBase: `${pkg.homepage}/releases/download`, archives: released });
  // Checked under its krew-index name, by krew's rules and the project's own.
  const parsed = loadManifestYaml(manifest, 'slices.yaml');
  const problems = [...validateManifest('slices.yaml', parsed), ...reviewManifest(parsed)];
  if (problems.length > 0) throw new Error(`the krew manifest is not valid: ${problems.join('; ')}`);
  writeFileSync(join(outDir, 'slices.yaml'), manifest);
  const npmPackage = packNpmPackage('.', outDir);
  // The committed manifest describes a whole release; a partial one stays in its folder.
  if (platforms.length === PLATFORMS.length) writeFileSync('krew-manifest.yaml', manifest);
  report(released, outDir, platforms.length === PLATFORMS.length);
  process.stdout.write(`npm package: ${join(outDir, npmPackage)}\n`);
}

/**
 * Archive timestamps: SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else one fixed date,
 * so the same checkout always gives byte-identical archives and anyone can check the manifest's
 * sha256 sums by rebuilding.
 */
function releaseTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return DEFAULT_RELEASE_TIME;
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH=${epoch}: expected seconds since 1970`);
  return new Date(Number(epoch) * 1000);
}

function report(released: readonly ReleasedPlatform[], outDir: string, wroteRootManifest: boolean): void {
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  for (const r of released) {
    process.stdout.write(`${platformName(r.platform).padEnd(14)} ${relative('.', r.archivePath).padEnd(58)} ${mb(r.archiveBytes).padStart(10)}  (executable ${mb(r.executableBytes)})  sha256 ${r.sha256}\n`);
  }
  process.stdout.write(`manifest: ${join(outDir, 'slices.yaml')}${wroteRootManifest ? ' and krew-manifest.yaml' : ''}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
