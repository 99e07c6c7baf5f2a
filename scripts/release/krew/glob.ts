/**
 * Go's `path/filepath` as krew's file operations use it on Unix: `Clean`, `Match` and `Glob`.
 * Node's own globbing differs (`**`, brace sets, `!` negation, dotfile rules), and a manifest's
 * `files[].from` means what Go makes of it, so these follow Go's `path/filepath/match.go`.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';

/** `filepath.Clean`: lexical; no trailing slash; `""` and `"./"` are `"."`. */
export function goClean(path: string): string {
  const normalized = posix.normalize(path === '' ? '.' : path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** `filepath.Join`: joins, then cleans. */
export function goJoin(...parts: string[]): string {
  return goClean(posix.join(...parts.filter((p) => p !== '')));
}

/** Go's `hasMeta` on Unix: `*`, `?`, `[` or `\` make a pattern a glob. */
export function hasMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** Throws `syntax error in pattern` where Go's `Match` returns `ErrBadPattern`. */
export function checkPattern(pattern: string): void {
  for (const segment of pattern.split('/')) segmentRegExp(segment);
}

/** `filepath.Match` for one name (no `/`): `*`, `?`, `[^a-z]` classes, `\` escapes. */
export function goMatch(pattern: string, name: string): boolean {
  return segmentRegExp(pattern).test(name);
}

/**
 * `filepath.Glob`: every existing path the pattern matches, each directory's names sorted;
 * a pattern without metacharacters is returned as is if it exists. Throws on a malformed pattern.
 */
export function goGlob(pattern: string): string[] {
  checkPattern(pattern);
  if (!hasMeta(pattern)) return exists(pattern) ? [pattern] : [];
  const slash = pattern.lastIndexOf('/');
  const dir = slash < 0 ? '' : pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  const cleanDir = cleanGlobPath(dir);
  if (!hasMeta(cleanDir)) return globDir(cleanDir, file);
  return goGlob(cleanDir).flatMap((d) => globDir(d, file));
}

function globDir(dir: string, pattern: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return [];
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // sort.Strings compares bytes.
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return names.filter((n) => goMatch(pattern, n)).map((n) => goJoin(dir, n));
}

/** Go's `cleanGlobPath`: `""` is `"."`, `"/"` stays, otherwise the trailing slash goes. */
function cleanGlobPath(dir: string): string {
  if (dir === '') return '.';
  if (dir === '/') return dir;
  return dir.slice(0, -1);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Translates one segment of a Go pattern; throws `syntax error in pattern` as `ErrBadPattern`. */
function segmentRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const [cls, next] = characterClass(pattern, i + 1);
      source += cls;
      i = next;
      continue;
    } else if (c === '\\') {
      const escaped = pattern.codePointAt(i + 1);
      if (escaped === undefined) throw badPattern(pattern);
      source += literal(escaped);
      i += escaped > 0xffff ? 3 : 2;
      continue;
    } else source += literal(c.codePointAt(0) as number);
    i += c.length;
  }
  return new RegExp(`^${source}$`, 'u');
}

/** A `[...]` class from `start` (just after `[`): Go's `matchChunk` with `getEsc` for each end. */
function characterClass(pattern: string, start: number): [string, number] {
  let i = start;
  const negated = pattern[i] === '^';
  if (negated) i++;
  const ranges: string[] = [];
  for (;;) {
    if (pattern[i] === ']' && ranges.length > 0) return [`[${negated ? '^' : ''}${ranges.join('')}]`, i + 1];
    const [lo, afterLo] = classChar(pattern, i);
    let hi = lo;
    i = afterLo;
    if (pattern[i] === '-') [hi, i] = classChar(pattern, i + 1);
    // Go accepts an inverted range and lets it match nothing (a RegExp would throw); `[]` then
    // matches nothing and `[^]` any character, as in Go.
    ranges.push(lo <= hi ? `${literal(lo)}-${literal(hi)}` : '');
  }
}

/** Go's `getEsc`: one (possibly escaped) character of a class, never `-` or `]` unescaped. */
function classChar(pattern: string, i: number): [number, number] {
  let at = i;
  if (at >= pattern.length || pattern[at] === '-' || pattern[at] === ']') throw badPattern(pattern);
  if (pattern[at] === '\\') at++;
  const code = pattern.codePointAt(at);
  if (code === undefined) throw badPattern(pattern);
  const next = at + (code > 0xffff ? 2 : 1);
  // getEsc: a class must not end the pattern without its closing `]`.
  if (next >= pattern.length) throw badPattern(pattern);
  return [code, next];
}

function literal(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

function badPattern(pattern: string): Error {
  return new Error(`syntax error in pattern ${JSON.stringify(pattern)}`);
}
