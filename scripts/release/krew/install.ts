/**
 * `kubectl krew install --manifest M --archive A`, for one platform, into a krew root: the same
 * folders, file operations, link and receipt as kubernetes-sigs/krew `internal/installation/
 * install.go` (`Install`, `install`, `createOrUpdateLink`, `pluginNameToBin`), with paths from
 * `internal/environment/environment.go`.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { extractArchive, verifySha256, type ZipTool } from './download.ts';
import { goClean } from './glob.ts';
import type { OsArch, Platform, Plugin } from './manifest.ts';
import { applyFiles, isSubPath } from './move.ts';
import { labelSelectorAsSelector } from './selector.ts';
import { decodePlugin } from './decode.ts';
import { validatePlugin } from './validation.ts';

export { applyFiles } from './move.ts';

export interface InstallRequest {
  /** The manifest as parsed YAML; it is decoded as krew decodes it. */
  manifest: unknown;
  /** The local archive (`--archive`), used instead of downloading `uri`. */
  archivePath: string;
  /** Target platform, as KREW_OS / KREW_ARCH would set it. */
  os: string;
  arch: string;
  /** KREW_ROOT. */
  krewRoot: string;
  /** How to unpack a zip; defaults to `unzip` when installed, else python3. */
  zipTool?: ZipTool;
}

export interface InstalledPlugin {
  /** Index of the platform in `spec.platforms` that was installed. */
  platformIndex: number;
  /** `<krewRoot>/store/<name>/<version>`. */
  installDir: string;
  /** The installed executable, `bin` inside installDir. */
  binPath: string;
  /** `<krewRoot>/bin/kubectl-<name>`, a relative symlink to binPath. */
  linkPath: string;
  /** `<krewRoot>/receipts/<name>.yaml`. */
  receiptPath: string;
}

/**
 * `matchPlatform`: the first platform whose selector matches the labels `{os, arch}`, or
 * undefined. Throws if a selector does not compile, as krew does.
 */
export function selectPlatform(manifest: Plugin, os: string, arch: string): { platform: Platform; index: number } | undefined {
  const labels: OsArch = { os, arch };
  for (const [index, platform] of manifest.spec.platforms.entries()) {
    if (labelSelectorAsSelector(platform.selector)({ ...labels })) return { platform, index };
  }
  return undefined;
}

/** Installs the plugin as krew would; every failure is one line naming the step. */
export async function installPlugin(request: InstallRequest): Promise<InstalledPlugin> {
  const { os, arch } = request;
  const krewRoot = resolve(request.krewRoot);
  // indexscanner.ReadPluginFromFile decodes, then validates a --manifest against its own metadata.name.
  const { plugin: manifest, errors } = decodePlugin(request.manifest);
  const invalid = errors.length > 0 ? errors : validatePlugin(manifest.metadata.name, manifest);
  if (invalid.length > 0) throw new Error(`plugin manifest validation error: ${invalid.join('; ')}`);
  const name = manifest.metadata.name;
  const paths = krewPaths(krewRoot, name, manifest.spec.version);
  await ensureDirs(krewRoot);
  if (await exists(paths.receiptPath)) throw new Error("can't install, the newest version is already installed");
  const selected = selectPlatform(manifest, os, arch);
  if (!selected) throw new Error(`plugin ${JSON.stringify(name)} does not offer installation for this platform (${os}/${arch})`);
  await install(request, selected.platform, paths.installDir).catch((e: Error) => {
    throw new Error(`install failed: ${e.message}`, { cause: e });
  });
  const binPath = join(paths.installDir, goClean(selected.platform.bin));
  const linkPath = await createOrUpdateLink(join(krewRoot, 'bin'), binPath, name, os);
  await writeReceipt(manifest, paths.receiptPath);
  return { platformIndex: selected.index, installDir: paths.installDir, binPath, linkPath, receiptPath: paths.receiptPath };
}

/** `install`: verify and unpack into a staging folder, apply the file operations, check `bin`. */
async function install(request: InstallRequest, platform: Platform, installDir: string): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), 'krew-downloads'));
  try {
    const data = await readFile(request.archivePath);
    verifySha256(data, platform.sha256);
    await extractArchive(data, request.archivePath, staging, request.zipTool);
    await applyFiles(staging, installDir, platform.files);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  // krew means to refuse a bin outside the folder here, but wraps a nil error, so it silently
  // skips the link instead; refusing is the intent, and what we do.
  if (!isSubPath(installDir, join(installDir, platform.bin))) {
    throw new Error(`the bin ${JSON.stringify(platform.bin)} is outside the installation folder`);
  }
}

/** `pluginNameToBin`: dashes become underscores (kubectl maps `a_b` back to `kubectl a-b`). */
export function pluginNameToBin(name: string, isWindows: boolean): string {
  return `kubectl-${name.replaceAll('-', '_')}${isWindows ? '.exe' : ''}`;
}

/** `createOrUpdateLink`: replace an old symlink (never a file), then link relatively to the binary. */
async function createOrUpdateLink(binDir: string, binary: string, name: string, os: string): Promise<string> {
  const dst = join(binDir, pluginNameToBin(name, os === 'windows'));
  const old = await lstat(dst).catch(() => undefined);
  if (old && !old.isSymbolicLink()) throw new Error(`failed to remove old symlink: file ${JSON.stringify(dst)} is not a symlink`);
  if (old) await unlink(dst);
  if (!(await exists(binary))) {
    throw new Error(`can't create symbolic link, source binary (${JSON.stringify(binary)}) cannot be found in extracted archive`);
  }
  await symlink(relative(binDir, binary), dst);
  return dst;
}

/** `receipt.Store`: the manifest, stamped, with the index it came from (`detached` for --manifest). */
async function writeReceipt(manifest: Plugin, receiptPath: string): Promise<void> {
  const receipt = {
    ...manifest,
    metadata: { ...manifest.metadata, creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    status: { source: { name: 'detached' } },
  };
  await writeFile(receiptPath, dump(receipt), { mode: 0o644 });
}

/** environment.Paths for one plugin version. */
function krewPaths(krewRoot: string, name: string, version: string): { installDir: string; receiptPath: string } {
  return {
    installDir: join(krewRoot, 'store', name, version),
    receiptPath: join(krewRoot, 'receipts', `${name}.yaml`),
  };
}

/** krew creates its folders before any command (cmd/krew/cmd/root.go `ensureDirs`). */
async function ensureDirs(krewRoot: string): Promise<void> {
  for (const dir of ['store', 'bin', 'receipts']) await mkdir(join(krewRoot, dir), { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

// validate-krew-manifest `licenseFiles`: names krew-index CI accepts as the plugin's licence.
const LICENSE_FILES = ['license', 'license.txt', 'license.md', 'licenses', 'licenses.txt', 'licenses.md', 'copying', 'copying.txt'];

/**
 * validate-krew-manifest `validateLicenseFileExists`: after installing, some regular file under
 * `<krewRoot>/store` must be a licence. Returns its path.
 */
export async function findInstalledLicense(krewRoot: string): Promise<string> {
  const store = join(resolve(krewRoot), 'store');
  const files = (await readdir(store, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
  const license = files.find((d) => LICENSE_FILES.includes(d.name.toLowerCase()));
  if (!license) throw new Error(`could not find license file among [${files.map((d) => d.name).join(', ')}]`);
  return join(license.parentPath, license.name);
}
