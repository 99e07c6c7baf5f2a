/**
 * Fetches a platform's official Node binary through the npm registry (`npm pack`, so npm's
 * cache, proxy and registry settings apply), checks the package against the pinned integrity,
 * and extracts the binary into a cache folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { x as untar } from 'tar';
import { sha256 } from './archive.ts';
import { NODE_VERSION, type Platform } from './platforms.ts';

export interface NodeBinarySource {
  /** Folder where packed tarballs and extracted binaries are kept between runs. */
  cacheDir: string;
}

/** Path of the platform's `node` binary, downloading it on first use. */
export async function nodeBinary(platform: Platform, { cacheDir }: NodeBinarySource): Promise<string> {
  // The Node running this script is the pinned devDependency, the very binary of the host's package.
  if (runningNodeSha256() === platform.nodeSha256) return process.execPath;
  const dir = join(cacheDir, `${platform.npmPackage}-${NODE_VERSION}`);
  const binary = join(dir, platform.nodeInPackage);
  if (existsSync(binary) && sha256(binary) === platform.nodeSha256) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = packPackage(`${platform.npmPackage}@${NODE_VERSION}`, cacheDir);
  checkIntegrity(tarball, platform.integrity);
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await untar({ file: tarball, cwd: staging, filter: (path) => path === platform.nodeInPackage });
  if (!existsSync(join(staging, platform.nodeInPackage))) throw new Error(`${tarball}: no ${platform.nodeInPackage} in the package`);
  const extracted = join(staging, platform.nodeInPackage);
  if (sha256(extracted) !== platform.nodeSha256) throw new Error(`${extracted}: sha256 differs from the pinned ${platform.nodeSha256}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return binary;
}

let runningNode: string | undefined;

/** Hashed once per process: the binary is 150 MB and every platform asks. */
function runningNodeSha256(): string {
  runningNode ??= sha256(process.execPath);
  return runningNode;
}

function packPackage(spec: string, cacheDir: string): string {
  const out = execFileSync('npm', ['pack', spec, '--pack-destination', cacheDir, '--json', '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [packed] = JSON.parse(out) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack ${spec} printed no file name`);
  return join(cacheDir, packed.filename);
}

/** Compares a tarball with an SRI integrity string (`sha512-<base64>`), as npm itself does. */
export function checkIntegrity(file: string, integrity: string): void {
  const [algorithm, expected] = integrity.split('-', 2) as [string, string];
  const actual = createHash(algorithm).update(readFileSync(file)).digest('base64');
  if (actual !== expected) {
    throw new Error(`${file}: integrity ${algorithm}-${actual} does not match the pinned ${integrity}`);
  }
}
