/**
 * `limit`/`continue` paging. Tokens look like the real ones: base64 of
 * `{"v":"meta.k8s.io/v1","rv":<list resourceVersion>,"start":"<next key>"}`. Every page of one
 * list is cut from the state at the first page's resourceVersion, so paging is consistent.
 */
import type { Entry } from './store.ts';

export class ContinueError extends Error {}

export interface ContinueToken {
  rv: number;
  /** Items with a key >= start come next. */
  start: string;
}

export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString('base64');
}

/** Decodes a token; a token that is not one is rejected as the real server does (400 BadRequest). */
export function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw new ContinueError('invalid continue token: continue key is not valid: illegal base64 data or JSON');
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown } | null;
  if (!t || t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') {
    throw new ContinueError('invalid continue token: continue key is not valid: server does not recognize this encoded version');
  }
  return { rv: t.rv, start: t.start };
}

export interface Page {
  items: Entry[];
  continue?: string;
  remainingItemCount?: number;
}

/** One page of `entries` (sorted by key) from `start`, at most `limit` long (0 = no limit). */
export function pageOf(entries: Entry[], rv: number, limit: number, start: string | undefined, countRemaining: boolean): Page {
  const from = start === undefined ? entries : entries.filter((e) => e.key >= start);
  if (limit <= 0 || from.length <= limit) return { items: from };
  const items = from.slice(0, limit);
  const page: Page = { items, continue: encodeContinue(rv, items[items.length - 1]?.key ?? '') };
  if (countRemaining) page.remainingItemCount = from.length - limit;
  return page;
}
