/**
 * krew's structural validation of a plugin manifest, the check every `kubectl krew install` runs:
 * kubernetes-sigs/krew `internal/index/validation/validate.go` (`ValidatePlugin`,
 * `validatePlatform`, `validateFiles`, `validateSelector`, `IsSafePluginName`). krew stops at the
 * first problem; this reports all of them, one line each, naming the field.
 *
 * The manifest arrives as parsed YAML, so the type errors Go's decoder would raise (a number where
 * a string belongs, as an unquoted all-digit sha256 becomes) are reported here too.
 */
import { API_VERSION, PLUGIN_KIND } from './manifest.ts';
import { krewSemverError } from './semver.ts';

export type Fields = Record<string, unknown>;

// validate.go: safePluginRegexp (Go's \w is ASCII), windowsForbidden, sha256Pattern.
const SAFE_PLUGIN_NAME = /^[\w-]+$/;
const WINDOWS_FORBIDDEN = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
export const SHA256_PATTERN = /^[a-f0-9]{64}$/;

/** `IsSafePluginName`: word characters and dashes, and not a Windows device name in any case. */
export function isSafePluginName(name: string): boolean {
  return SAFE_PLUGIN_NAME.test(name) && !WINDOWS_FORBIDDEN.includes(name.toUpperCase());
}

/** `ValidatePlugin(name, p)`: every structural violation, or [] when krew would accept it. */
export function validatePlugin(name: string, manifest: unknown): string[] {
  if (!isFields(manifest)) return ['manifest: must be a YAML mapping with apiVersion, kind, metadata and spec'];
  const out: string[] = [];
  const apiVersion = text(manifest, 'apiVersion', 'apiVersion', out);
  if (apiVersion !== undefined && apiVersion !== API_VERSION) out.push(`apiVersion: must be ${q(API_VERSION)}, not ${q(apiVersion)}`);
  const kind = text(manifest, 'kind', 'kind', out);
  if (kind !== undefined && kind !== PLUGIN_KIND) out.push(`kind: must be ${q(PLUGIN_KIND)}, not ${q(kind)}`);
  if (!isSafePluginName(name)) out.push(`metadata.name: the plugin name ${q(name)} is not allowed, must match ^[\\w-]+$ and not be a Windows device name`);
  const metadataName = text(mapping(manifest, 'metadata', 'metadata', out), 'name', 'metadata.name', out);
  if (metadataName !== undefined && metadataName !== name) out.push(`metadata.name: plugin should be named ${q(name)} (its file name), not ${q(metadataName)}`);
  return [...out, ...validateSpec(mapping(manifest, 'spec', 'spec', out))];
}

function validateSpec(spec: Fields): string[] {
  const out: string[] = [];
  const shortDescription = text(spec, 'shortDescription', 'spec.shortDescription', out);
  if (shortDescription === '') out.push('spec.shortDescription: should have a short description');
  if (/[\r\n]/.test(shortDescription ?? '')) out.push('spec.shortDescription: should not have line breaks');
  for (const key of ['description', 'caveats', 'homepage']) text(spec, key, `spec.${key}`, out);
  const platforms = list(spec, 'platforms', 'spec.platforms', out);
  if (platforms?.length === 0) out.push('spec.platforms: should have a platform specified');
  const version = text(spec, 'version', 'spec.version', out);
  const versionError = version === undefined ? undefined : version === '' ? 'should have a version specified' : krewSemverError(version);
  if (versionError) out.push(`spec.version: ${versionError}`);
  platforms?.forEach((p, i) => out.push(...validatePlatform(p, `spec.platforms[${i}]`)));
  return out;
}

/** `validatePlatform`: uri, sha256 and bin set, sha256 well formed, then files and selector. */
function validatePlatform(platform: unknown, at: string): string[] {
  if (!isFields(platform)) return [`${at}: must be a mapping`];
  const out: string[] = [];
  if (text(platform, 'uri', `${at}.uri`, out) === '') out.push(`${at}.uri: has to be set`);
  const sha256 = text(platform, 'sha256', `${at}.sha256`, out);
  if (sha256 === '') out.push(`${at}.sha256: has to be set`);
  else if (sha256 !== undefined && !SHA256_PATTERN.test(sha256)) out.push(`${at}.sha256: must be 64 lowercase hex digits (^[a-f0-9]{64}$), not ${q(sha256)}`);
  if (text(platform, 'bin', `${at}.bin`, out) === '') out.push(`${at}.bin: has to be set`);
  return [...out, ...validateFiles(platform, `${at}.files`), ...validateSelector(platform.selector, `${at}.selector`)];
}

/** `validateFiles`: absent is fine (krew defaults it), empty is not, each needs `from` and `to`. */
function validateFiles(platform: Fields, at: string): string[] {
  if (platform.files === undefined || platform.files === null) return [];
  const out: string[] = [];
  const files = list(platform, 'files', at, out) ?? [];
  if (out.length === 0 && files.length === 0) out.push(`${at}: has to be unspecified or non-empty`);
  files.forEach((op, j) => {
    if (!isFields(op)) {
      out.push(`${at}[${j}]: must be a mapping with from and to`);
    } else {
      if (text(op, 'from', `${at}[${j}].from`, out) === '') out.push(`${at}[${j}].from: has to be set`);
      if (text(op, 'to', `${at}[${j}].to`, out) === '') out.push(`${at}[${j}].to: has to be set`);
    }
  });
  return out;
}

/** `validateSelector`: present, not empty, keys `os` and `arch` only, no empty lists. */
export function validateSelector(selector: unknown, at: string): string[] {
  if (selector === undefined || selector === null) return [`${at}: has to be set (a nil selector is not supported)`];
  if (!isFields(selector)) return [`${at}: must be a mapping with matchLabels or matchExpressions`];
  const out: string[] = [];
  const labels = selector.matchLabels ?? null;
  if (labels !== null && (!isFields(labels) || Object.values(labels).some((v) => typeof v !== 'string'))) {
    out.push(`${at}.matchLabels: must map label keys to strings`);
  }
  const expressions = list(selector, 'matchExpressions', `${at}.matchExpressions`, out) ?? [];
  expressions.forEach((e, j) => out.push(...expressionTypeErrors(e, `${at}.matchExpressions[${j}]`)));
  if (out.length > 0) return out;
  if (labels === null && expressions.length === 0) return [`${at}: empty selector is not supported`];
  const keys = [...Object.keys(labels ?? {}), ...expressions.map((e) => (e as Fields).key as string)];
  for (const key of keys) if (key !== 'os' && key !== 'arch') out.push(`${at}: key ${q(key)} not supported (only os and arch)`);
  if (labels !== null && Object.keys(labels).length === 0) out.push(`${at}.matchLabels: specified but empty`);
  if (Array.isArray(selector.matchExpressions) && expressions.length === 0) out.push(`${at}.matchExpressions: specified but empty`);
  return out;
}

function expressionTypeErrors(expression: unknown, at: string): string[] {
  if (!isFields(expression)) return [`${at}: must be a mapping with key, operator and values`];
  const out: string[] = [];
  text(expression, 'key', `${at}.key`, out);
  text(expression, 'operator', `${at}.operator`, out);
  if (list(expression, 'values', `${at}.values`, out)?.some((v) => typeof v !== 'string')) out.push(`${at}.values: must be strings`);
  return out;
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A string field as Go decodes it: absent or null is "". Any other type is a decoding error,
 * reported here, and undefined, so that the field's own rules stay quiet about it.
 */
export function text(fields: Fields, key: string, at: string, out: string[]): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  out.push(`${at}: must be a string, not ${JSON.stringify(value)} (quote it in YAML)`);
  return undefined;
}

/** A list field: absent or null is empty; anything but a list is a decoding error, and undefined. */
export function list(fields: Fields, key: string, at: string, out: string[]): unknown[] | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  out.push(`${at}: must be a list`);
  return undefined;
}

/** A mapping field: absent or null is empty, anything but a mapping a decoding error. */
export function mapping(fields: Fields, key: string, at: string, out: string[]): Fields {
  const value = fields[key];
  if (value === undefined || value === null) return {};
  if (isFields(value)) return value;
  out.push(`${at}: must be a mapping`);
  return {};
}

export function q(value: string): string {
  return JSON.stringify(value);
}
