/**
 * Exactly what krew accepts of one manifest file, as krew-index CI checks it: kubernetes-sigs/krew
 * `cmd/validate-krew-manifest/main.go` at db921d5 (`validateManifestFile`), which
 *
 * 1. reads the file (`indexscanner.ReadPluginFromFile`: sigs.k8s.io/yaml, yaml.ts and decode.ts)
 *    and runs the structural validation under the manifest's own name, then
 * 2. requires the `.yaml` extension and runs it again under the file's base name (validation.ts),
 * 3. requires each selector to match one (os, arch) krew is distributed for
 *    (`findAnyMatchingPlatform`), and no (os, arch) to be matched by two platforms
 *    (`isOverlappingPlatformSelectors`),
 * 4. then installs every platform with `kubectl krew install --manifest`. What that install
 *    refuses whatever the archive holds is checked here too (installRules); what depends on the
 *    archive (its sha256, `bin` existing in it, a LICENSE) is checked by installing it
 *    (install.ts).
 *
 * Nothing else is checked: krew has no length limit on descriptions or caveats, no `description`
 * requirement, and no rule on Windows `bin` names. The project's own manifest is held to more
 * (review.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodePlugin } from './decode.ts';
import { checkPattern, goClean, hasMeta } from './glob.ts';
import { MANIFEST_EXTENSION, SUPPORTED_PLATFORMS, type OsArch, type Platform, type Plugin } from './manifest.ts';
import { labelSelectorAsSelector, selectorMatchesOsArch } from './selector.ts';
import { q, validatePlugin, validateSelector } from './validation.ts';
import { loadManifestYaml } from './yaml.ts';

export { isSafePluginName, validatePlugin } from './validation.ts';

/**
 * Every reason krew would reject `manifest` (parsed YAML, or an object of the same shape) read
 * from the file `fileName`, one line each naming the field; [] when krew accepts it.
 */
export function validateManifest(fileName: string, manifest: unknown): string[] {
  const { plugin, errors } = decodePlugin(manifest);
  if (errors.length > 0) return errors;
  const base = basename(fileName);
  const ext = goExt(base);
  const out: string[] = [];
  if (ext !== MANIFEST_EXTENSION) out.push(`file name: expected manifest extension ${q(MANIFEST_EXTENSION)} but found ${q(ext)}`);
  // Under the file's name, validatePlugin also requires metadata.name to equal it, which makes
  // ReadPluginFromFile's first pass (under metadata.name) redundant.
  out.push(...validatePlugin(base.slice(0, base.length - ext.length), plugin));
  plugin.spec.platforms.forEach((p, i) => out.push(...selectorRules(p, `spec.platforms[${i}]`), ...installRules(p, `spec.platforms[${i}]`)));
  return [...out, ...overlaps(plugin)];
}

/** Reads a manifest file and validates it under its own base name. */
export async function validateManifestFile(path: string): Promise<string[]> {
  let manifest: unknown;
  try {
    manifest = loadManifestYaml(await readFile(path, 'utf8'), path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw e;
    return [`${basename(path)}: not valid YAML: ${(e as Error).message.split('\n')[0]}`];
  }
  return validateManifest(path, manifest);
}

/**
 * `findAnyMatchingPlatform`: the selector must match some (os, arch) of `allPlatforms()`. One that
 * `metav1.LabelSelectorAsSelector` refuses (an unknown operator, an invalid value) matches none.
 */
function selectorRules(platform: Platform, at: string): string[] {
  if (!checked(platform)) return [];
  try {
    labelSelectorAsSelector(platform.selector);
  } catch (e) {
    return [`${at}.selector: ${(e as Error).message}, so it matches no platform`];
  }
  if (SUPPORTED_PLATFORMS.some((p) => selectorMatchesOsArch(platform.selector, p))) return [];
  return [`${at}.selector: matches no os/arch krew is distributed for (${SUPPORTED_PLATFORMS.map(pairName).join(', ')})`];
}

/** Whether the platform's selector passed the structural validation, which krew runs first. */
function checked(platform: Platform): boolean {
  return validateSelector(platform.selector, '').length === 0;
}

/** `isOverlappingPlatformSelectors`: one platform per (os, arch). */
function overlaps(plugin: Plugin): string[] {
  const byIndices = new Map<string, string[]>();
  for (const pair of SUPPORTED_PLATFORMS) {
    const indices = plugin.spec.platforms.flatMap((p, i) => (checked(p) && selectorMatchesOsArch(p.selector, pair) ? [i] : []));
    if (indices.length > 1) byIndices.set(indices.join(', '), [...(byIndices.get(indices.join(', ')) ?? []), pairName(pair)]);
  }
  return [...byIndices].map(([indices, pairs]) => `spec.platforms: selectors of [${indices}] overlap, each selects ${pairs.join(', ')}`);
}

/**
 * What `kubectl krew install` refuses for any archive, in `internal/installation/move.go`
 * `findMoveTargets`: a `to` that `filepath.Clean` would change, or one leaving the installation
 * folder (`isMoveAllowed`: every move target must be inside it, and a glob matching nothing is an
 * error too); a `from` leaving the unpacked archive, likewise; and a malformed glob
 * (`filepath.Glob` returns ErrBadPattern), unless the archive holds a file of exactly that name,
 * which krew moves without globbing (`getDirectMove`).
 */
function installRules(platform: Platform, at: string): string[] {
  return (platform.files ?? []).flatMap((op, j) => {
    const out: string[] = [];
    const here = `${at}.files[${j}]`;
    if (op.from === '' || op.to === '') return out; // validateFiles refuses those first
    if (op.to !== goClean(op.to)) out.push(`${here}.to: ${q(op.to)} is not a clean path, krew refuses it (write ${q(goClean(op.to))})`);
    else if (leaves(op.to)) out.push(`${here}.to: ${q(op.to)} leaves the installation folder, krew refuses it`);
    if (leaves(goClean(op.from))) out.push(`${here}.from: ${q(op.from)} leaves the unpacked archive, krew refuses it`);
    else if (hasMeta(op.from)) {
      try {
        checkPattern(op.from);
      } catch (e) {
        out.push(`${here}.from: ${(e as Error).message}`);
      }
    }
    return out;
  });
}

function leaves(cleanPath: string): boolean {
  return cleanPath === '..' || cleanPath.startsWith('../');
}

/** Go's `filepath.Ext`: from the last dot of the last element, dot files included. */
function goExt(base: string): string {
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot);
}

function pairName({ os, arch }: OsArch): string {
  return `${os}/${arch}`;
}
