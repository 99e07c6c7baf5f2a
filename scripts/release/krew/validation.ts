/**
 * krew's structural validation of a decoded manifest (decode.ts), the check every
 * `kubectl krew install` runs: kubernetes-sigs/krew `internal/index/validation/validate.go` at
 * db921d5 (`ValidatePlugin`, `validatePlatform`, `validateFiles`, `validateSelector`,
 * `IsSafePluginName`). krew stops at the first problem; this reports every one, one line each,
 * naming the field, and reports nothing exactly when krew's returns nil.
 */
import type { FileOperation, LabelSelector, Platform, Plugin } from './manifest.ts';
import { API_VERSION, PLUGIN_KIND } from './manifest.ts';
import { krewSemverError } from './semver.ts';

// validate.go: safePluginRegexp (Go's \w is ASCII), windowsForbidden, sha256Pattern.
const SAFE_PLUGIN_NAME = /^[\w-]+$/;
const WINDOWS_FORBIDDEN = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
export const SHA256_PATTERN = /^[a-f0-9]{64}$/;

/** `IsSafePluginName`: word characters and dashes, and not a Windows device name in any case. */
export function isSafePluginName(name: string): boolean {
  return SAFE_PLUGIN_NAME.test(name) && !WINDOWS_FORBIDDEN.includes(name.toUpperCase());
}

/** `ValidatePlugin(name, p)`: every structural violation, or [] when krew accepts it. */
export function validatePlugin(name: string, plugin: Plugin): string[] {
  const out: string[] = [];
  // isSupportedAPIVersion, constants.PluginKind
  if (plugin.apiVersion !== API_VERSION) out.push(`apiVersion: must be ${q(API_VERSION)}, not ${q(plugin.apiVersion)}`);
  if (plugin.kind !== PLUGIN_KIND) out.push(`kind: must be ${q(PLUGIN_KIND)}, not ${q(plugin.kind)}`);
  if (!isSafePluginName(name)) out.push(`metadata.name: the plugin name ${q(name)} is not allowed, must match ^[\\w-]+$ and not be a Windows device name`);
  else if (plugin.metadata.name !== name) out.push(`metadata.name: plugin should be named ${q(name)} (its file name), not ${q(plugin.metadata.name)}`);
  const { spec } = plugin;
  if (spec.shortDescription === '') out.push('spec.shortDescription: should have a short description');
  if (/[\r\n]/.test(spec.shortDescription)) out.push('spec.shortDescription: should not have line breaks');
  if (spec.platforms.length === 0) out.push('spec.platforms: should have a platform specified');
  const versionError = spec.version === '' ? 'should have a version specified' : krewSemverError(spec.version);
  if (versionError) out.push(`spec.version: ${versionError}`);
  spec.platforms.forEach((p, i) => out.push(...validatePlatform(p, `spec.platforms[${i}]`)));
  return out;
}

/** `validatePlatform`: uri, sha256 and bin set, sha256 well formed, then files and selector. */
function validatePlatform(platform: Platform, at: string): string[] {
  const out: string[] = [];
  if (platform.uri === '') out.push(`${at}.uri: has to be set`);
  if (platform.sha256 === '') out.push(`${at}.sha256: has to be set`);
  else if (!SHA256_PATTERN.test(platform.sha256)) out.push(`${at}.sha256: must be 64 lowercase hex digits (^[a-f0-9]{64}$), not ${q(platform.sha256)}`);
  if (platform.bin === '') out.push(`${at}.bin: has to be set`);
  return [...out, ...validateFiles(platform.files, `${at}.files`), ...validateSelector(platform.selector, `${at}.selector`)];
}

/** `validateFiles`: nil is fine (krew defaults it), empty is not, each needs `from` and `to`. */
function validateFiles(files: readonly FileOperation[] | undefined, at: string): string[] {
  if (files === undefined) return [];
  if (files.length === 0) return [`${at}: has to be unspecified or non-empty`];
  return files.flatMap((op, j) => {
    if (op.from === '') return [`${at}[${j}].from: has to be set`];
    return op.to === '' ? [`${at}[${j}].to: has to be set`] : [];
  });
}

/** `validateSelector`: present, not empty, keys `os` and `arch` only, no empty lists. */
export function validateSelector(selector: LabelSelector | undefined, at: string): string[] {
  if (selector === undefined) return [`${at}: has to be set (a nil selector is not supported)`];
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  if (labels === undefined && (expressions ?? []).length === 0) return [`${at}: empty selector is not supported`];
  const keys = [...Object.keys(labels ?? {}), ...(expressions ?? []).map((e) => e.key)];
  const bad = keys.find((key) => key !== 'os' && key !== 'arch');
  if (bad !== undefined) return [`${at}: key ${q(bad)} not supported (only os and arch)`];
  if (labels !== undefined && Object.keys(labels).length === 0) return [`${at}.matchLabels: specified but empty`];
  if (expressions !== undefined && expressions.length === 0) return [`${at}.matchExpressions: specified but empty`];
  return [];
}

export function q(value: string): string {
  return JSON.stringify(value);
}
