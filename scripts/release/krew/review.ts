/**
 * What this project holds its own krew manifest to beyond what krew accepts (validate.ts), so
 * that it reads well in `kubectl krew` and passes krew-index review. Each rule says where it
 * comes from; none of them is krew's, and krew-index's own manifests break most of them
 * (test/release/krew-index/).
 */
import { decodePlugin } from './decode.ts';
import { goClean, goMatch, hasMeta } from './glob.ts';
import { SUPPORTED_PLATFORMS, type FileOperation, type Platform } from './manifest.ts';
import { selectorMatchesOsArch } from './selector.ts';
import { q } from './validation.ts';

/** Issue 15: caveats are shown after every install and krew asks not to use them as documentation. */
export const CAVEATS_MAX_LINES = 5;
/** krew-index's review bot wants taglines of at most 50 characters (krew-index#3348, #2899). */
export const SHORT_DESCRIPTION_MAX = 50;
/** krew-index reviewers ask for description and caveats wrapped at 80 columns. */
export const LINE_MAX = 80;

/** Every way `manifest` (parsed YAML) falls short of the project's rules, one line each. */
export function reviewManifest(manifest: unknown): string[] {
  const { plugin } = decodePlugin(manifest);
  const { spec } = plugin;
  const [description, caveats] = [spec.description ?? '', spec.caveats ?? ''];
  const out = unknownFields(manifest);
  const shortLength = [...spec.shortDescription].length;
  if (shortLength > SHORT_DESCRIPTION_MAX) out.push(`spec.shortDescription: is ${shortLength} characters, at most ${SHORT_DESCRIPTION_MAX}`);
  // krew site/content/docs/developer-guide/plugin-manifest.md marks description "(required)",
  // though krew's validation never checks it.
  if (description.trim() === '') out.push('spec.description: is required');
  out.push(...longLines(description, 'spec.description'), ...longLines(caveats, 'spec.caveats'));
  const caveatLines = caveats.trimEnd() === '' ? 0 : caveats.trimEnd().split('\n').length;
  if (caveatLines > CAVEATS_MAX_LINES) out.push(`spec.caveats: is ${caveatLines} lines, at most ${CAVEATS_MAX_LINES} (put the rest in the README)`);
  // krew's semver parser tolerates surrounding whitespace; a release tag has none.
  if (spec.version !== spec.version.trim()) out.push(`spec.version: ${q(spec.version)} has surrounding whitespace`);
  spec.platforms.forEach((p, i) => out.push(...platformRules(p, `spec.platforms[${i}]`)));
  return out;
}

function platformRules(platform: Platform, at: string): string[] {
  const out: string[] = [];
  if (!isHttps(platform.uri)) out.push(`${at}.uri: must be an https URL`);
  const bin = goClean(platform.bin);
  // krew's install means to refuse a bin outside the folder but wraps a nil error
  // (internal/installation/install.go `install`), so it silently installs without a link.
  if (bin === '..' || bin.startsWith('../') || bin.startsWith('/')) out.push(`${at}.bin: ${q(platform.bin)} leaves the installation folder`);
  else if (!installedByFiles(platform.files, bin)) out.push(`${at}.bin: ${q(platform.bin)} is not among the files the file operations install`);
  // plugin-manifest.md: "Currently only .exe entrypoints are supported on Windows" (krew#131).
  const windows = SUPPORTED_PLATFORMS.some((p) => p.os === 'windows' && selectorMatchesOsArch(platform.selector, p));
  if (windows && !platform.bin.endsWith('.exe')) out.push(`${at}.bin: must end in .exe on windows`);
  return out;
}

/** Lines of at most 80 characters, URLs included. */
function longLines(text: string, at: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const length = [...line].length;
    return length > LINE_MAX ? [`${at}: line ${i + 1} is ${length} characters, at most ${LINE_MAX}`] : [];
  });
}

const MANIFEST_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const SPEC_FIELDS = ['version', 'homepage', 'shortDescription', 'description', 'caveats', 'platforms'];
const PLATFORM_FIELDS = ['selector', 'uri', 'sha256', 'bin', 'files'];
const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const EXPRESSION_FIELDS = ['key', 'operator', 'values'];
const FILE_FIELDS = ['from', 'to'];

/**
 * Field names spelt exactly as krew's types do: krew ignores unknown fields and matches the others
 * case-insensitively (decode.ts), so a misspelt `caveat:` would silently vanish.
 */
function unknownFields(manifest: unknown): string[] {
  const out: string[] = [];
  const check = (value: unknown, known: readonly string[], at: string): Record<string, unknown> => {
    if (!isMapping(value)) return {};
    for (const key of Object.keys(value)) if (!known.includes(key)) out.push(`${at ? `${at}.` : ''}${key}: unknown field (krew would ignore it)`);
    return value;
  };
  const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const spec = check(check(manifest, MANIFEST_FIELDS, '').spec, SPEC_FIELDS, 'spec');
  items(spec.platforms).forEach((p, i) => {
    const platform = check(p, PLATFORM_FIELDS, `spec.platforms[${i}]`);
    const selector = check(platform.selector, SELECTOR_FIELDS, `spec.platforms[${i}].selector`);
    items(selector.matchExpressions).forEach((e, j) => check(e, EXPRESSION_FIELDS, `spec.platforms[${i}].selector.matchExpressions[${j}]`));
    items(platform.files).forEach((f, j) => check(f, FILE_FIELDS, `spec.platforms[${i}].files[${j}]`));
  });
  return out;
}

/**
 * Whether some file operation puts something at `bin` (or a folder holding it), reading the
 * operations as krew's move.go applies them: a plain `from` lands at `to` (its own name if `to`
 * is `.`), a glob's matches land inside `to` under their own names.
 */
function installedByFiles(files: readonly FileOperation[] | undefined, bin: string): boolean {
  return (files ?? [{ from: '*', to: '.' }]).some((op) => {
    const to = goClean(op.to);
    const from = goClean(op.from);
    if (!hasMeta(from)) {
      const target = to === '.' ? (from.split('/').at(-1) as string) : to;
      return bin === target || bin.startsWith(`${target}/`);
    }
    const inTo = to === '.' ? bin : bin.startsWith(`${to}/`) ? bin.slice(to.length + 1) : undefined;
    return inTo !== undefined && safeMatch(from.split('/').at(-1) as string, inTo.split('/')[0] as string);
  });
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goMatch(pattern, name);
  } catch {
    return false;
  }
}

function isHttps(uri: string): boolean {
  try {
    return new URL(uri).protocol === 'https:';
  } catch {
    return false;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
