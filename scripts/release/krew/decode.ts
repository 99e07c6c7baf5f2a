/**
 * A parsed manifest decoded into krew's Go types (kubernetes-sigs/krew `pkg/index/types.go`,
 * metav1.LabelSelector) the way `yaml.Unmarshal` of sigs.k8s.io/yaml v1.6.0 does it (krew
 * `internal/index/indexscanner/scanner.go` `decodeFile`):
 *
 * 1. `convertToJSONableObject` turns a YAML int, float or bool into a string wherever the Go field
 *    is a string (`arch: 386` is "386"; a float is `FormatFloat(v, 'g', -1, 32)`);
 * 2. encoding/json then decodes: a key matches a field exactly, else case-insensitively
 *    (`bytes.EqualFold`); keys arrive sorted (json.Marshal of a map), so of two spellings of one
 *    field the later in byte order wins; unknown fields are ignored (krew avoids UnmarshalStrict);
 *    null leaves a string or struct as it is and makes a list, map or pointer nil; any other type
 *    mismatch fails the whole decode, which krew reports as a parse error.
 *
 * "nil" is `undefined` here: krew's validation tells a missing `files` or `matchLabels` (nil)
 * from an empty one.
 */
import type { FileOperation, LabelSelector, LabelSelectorRequirement, Platform, Plugin } from './manifest.ts';
import { GoFloat, GoInt } from './yaml.ts';

/** A Go type, as far as the decoder needs to know it. */
type GoType =
  | { kind: 'string' }
  | { kind: 'any' }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'map'; elem: GoType }
  | { kind: 'pointer'; elem: GoType }
  | { kind: 'struct'; fields: Record<string, GoType> };

const STRING: GoType = { kind: 'string' };
const struct = (fields: Record<string, GoType>): GoType => ({ kind: 'struct', fields });
const slice = (elem: GoType): GoType => ({ kind: 'slice', elem });

const LABEL_SELECTOR = struct({
  matchLabels: { kind: 'map', elem: STRING },
  matchExpressions: slice(struct({ key: STRING, operator: STRING, values: slice(STRING) })),
});

/** metav1.ObjectMeta: only the name is read; its other fields are not checked here. */
const OBJECT_META = struct({ name: STRING, namespace: STRING, generateName: STRING, uid: STRING, resourceVersion: STRING, labels: { kind: 'map', elem: STRING }, annotations: { kind: 'map', elem: STRING } });

const PLUGIN = struct({
  apiVersion: STRING,
  kind: STRING,
  metadata: OBJECT_META,
  spec: struct({
    version: STRING,
    shortDescription: STRING,
    description: STRING,
    caveats: STRING,
    homepage: STRING,
    platforms: slice(struct({
      uri: STRING,
      sha256: STRING,
      selector: { kind: 'pointer', elem: LABEL_SELECTOR },
      files: slice(struct({ from: STRING, to: STRING })),
      bin: STRING,
    })),
  }),
});

export interface Decoded {
  plugin: Plugin;
  /** Why Go's decoder would fail, one line each naming the field; krew rejects the file then. */
  errors: string[];
}

/** Decodes a parsed manifest (yaml.ts, or a plain object) into krew's `index.Plugin`. */
export function decodePlugin(parsed: unknown): Decoded {
  const errors: string[] = [];
  const decoded = decode(parsed, PLUGIN, 'manifest', undefined, errors) as Record<string, unknown> | undefined;
  return { plugin: toPlugin(decoded ?? {}), errors };
}

function decode(value: unknown, type: GoType, at: string, into: unknown, errors: string[]): unknown {
  if (value === null || value === undefined) {
    if (type.kind === 'string') return into ?? '';
    return type.kind === 'struct' || type.kind === 'any' ? into : undefined;
  }
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      if (value instanceof GoInt || value instanceof GoFloat || typeof value === 'boolean') return String(value);
      return mismatch(value, 'a string', at, errors, into);
    case 'pointer':
      return decode(value, type.elem, at, into, errors);
    case 'slice':
      if (!Array.isArray(value)) return mismatch(value, 'a list', at, errors, into);
      return value.map((v, i) => decode(v, type.elem, `${at}[${i}]`, undefined, errors));
    case 'map':
      return decodeMap(value, type.elem, at, into, errors);
    case 'struct':
      return decodeStruct(value, type.fields, at, into, errors);
  }
}

/** encoding/json reuses a map it decodes into: two spellings of one map field merge. */
function decodeMap(value: unknown, elem: GoType, at: string, into: unknown, errors: string[]): unknown {
  if (!isMapping(value)) return mismatch(value, 'a mapping', at, errors, into);
  const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
  for (const key of sortedKeys(value)) out[key] = decode(value[key], elem, `${at}.${key}`, undefined, errors);
  return out;
}

function decodeStruct(value: unknown, fields: Record<string, GoType>, at: string, into: unknown, errors: string[]): unknown {
  if (!isMapping(value)) return mismatch(value, 'a mapping', at, errors, into);
  const out: Record<string, unknown> = { ...(into as Record<string, unknown> | undefined) };
  for (const key of sortedKeys(value)) {
    const field = fieldFor(key, fields);
    const path = at === 'manifest' ? key : `${at}.${key}`;
    if (field) out[field] = decode(value[key], fields[field] as GoType, path, out[field], errors);
    else errors.push(...unencodable(value[key], path));
  }
  return out;
}

/** encoding/json `d.object`: an exact name first, else a case-insensitive one. */
function fieldFor(key: string, fields: Record<string, GoType>): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  return Object.keys(fields).find((name) => foldName(name) === foldName(key));
}

/** bytes.EqualFold for our ASCII field names: besides ASCII case, only U+212A (Kelvin) and U+017F (long s) fold into ASCII letters. */
function foldName(name: string): string {
  return name.replaceAll('\u017f', 's').replaceAll('\u212a', 'k').toLowerCase();
}

/** json.Marshal writes a map's keys in byte order, and json.Unmarshal applies them in that order. */
function sortedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** An ignored field is still marshalled to JSON first: NaN or an infinity fails that. */
function unencodable(value: unknown, at: string): string[] {
  if (value instanceof GoFloat && !Number.isFinite(value.value)) return [`${at}: ${String(value)} cannot be encoded as JSON`];
  if (Array.isArray(value)) return value.flatMap((v, i) => unencodable(v, `${at}[${i}]`));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => unencodable(v, `${at}.${k}`));
  return [];
}

function mismatch(value: unknown, expected: string, at: string, errors: string[], into: unknown): unknown {
  errors.push(`${at}: must be ${expected}, not ${describe(value)}`);
  return into;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  if (value instanceof GoInt || value instanceof GoFloat) return `the number ${String(value)}`;
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : String(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof GoInt) && !(value instanceof GoFloat);
}

type Decodedish = Record<string, unknown>;
const str = (o: Decodedish | undefined, k: string): string => (o?.[k] as string | undefined) ?? '';

/** The decoded tree as krew's types, with Go's zero values for what was absent. */
function toPlugin(d: Decodedish): Plugin {
  const spec = d.spec as Decodedish | undefined;
  const platforms = spec?.platforms as Decodedish[] | undefined;
  return {
    apiVersion: str(d, 'apiVersion') as Plugin['apiVersion'],
    kind: str(d, 'kind') as Plugin['kind'],
    metadata: { name: str(d.metadata as Decodedish | undefined, 'name') },
    spec: {
      version: str(spec, 'version'),
      shortDescription: str(spec, 'shortDescription'),
      description: str(spec, 'description'),
      caveats: str(spec, 'caveats'),
      homepage: str(spec, 'homepage'),
      // A nil and an empty list are the same to krew (`len(p.Spec.Platforms) == 0`).
      platforms: platforms?.map(toPlatform) ?? [],
    },
  };
}

function toPlatform(p: Decodedish | undefined): Platform {
  const selector = p?.selector as Decodedish | undefined;
  const files = p?.files as Decodedish[] | undefined;
  return {
    uri: str(p, 'uri'),
    sha256: str(p, 'sha256'),
    bin: str(p, 'bin'),
    selector: selector && toSelector(selector),
    files: files?.map((f): FileOperation => ({ from: str(f, 'from'), to: str(f, 'to') })),
  };
}

function toSelector(s: Decodedish): LabelSelector {
  const expressions = s.matchExpressions as Decodedish[] | undefined;
  return {
    matchLabels: s.matchLabels as Record<string, string> | undefined,
    matchExpressions: expressions?.map((e): LabelSelectorRequirement => ({
      key: str(e, 'key'),
      operator: str(e, 'operator') as LabelSelectorRequirement['operator'],
      values: e?.values as string[] | undefined,
    })),
  };
}
