/**
 * Recognises the pieces of the rules kube-proxy writes in nftables mode, the way its own test
 * tracer does (pkg/proxy/nftables/helpers_test.go nftablesTracer: "We intentionally don't try to
 * parse arbitrary nftables rules ... Instead, we just have regexps to recognize the specific
 * pieces of rules that we create in proxier.go"). A rule is a run of matches (`ip daddr X`,
 * `tcp dport N`, `fib saddr type local`, `ct state new`, set lookups, mark tests) and statements
 * (mark set, update @set), ending in at most one action. Anything else is reported, not guessed.
 */
import { parsePort } from '../hostPort.ts';
import { balancing, dnatAction, type Balancing, type Dnat } from './dnat.ts';

export type RuleAction =
  /** `numgen random mod N vmap { i : goto endpoint-... }` (1.29-1.35, and 1.36+ with affinity). */
  | { kind: 'balance'; balancing: Balancing }
  /** `dnat ... to numgen random mod N map { i : IP . port }` (1.36+) or to one address. */
  | { kind: 'dnat'; dnat: Dnat }
  | { kind: 'jump'; verb: 'jump' | 'goto'; chain: string }
  | { kind: 'verdict'; verdict: 'drop' | 'reject' | 'return' | 'accept' }
  /** `... vmap @service-ips`: dispatch through a named verdict map. */
  | { kind: 'dispatch'; map: string }
  /** `update @affinity-... { ip saddr }`: records a ClientIP affinity. */
  | { kind: 'update'; set: string }
  /** Only marks for masquerading (`jump mark-for-masquerade`, `mark set mark or 0x4000`). */
  | { kind: 'mark' }
  /** `masquerade fully-random`, a rule with matches only, or nothing left. */
  | { kind: 'none' };

/** One match of a rule: `ip saddr != 10.0.0.0/8` is { operand: 'ip saddr', negated: true, value: '10.0.0.0/8' }. */
export interface Match {
  operand: string;
  negated: boolean;
  /** An address, CIDR, `{ a, b }` set, `@named-set`, port, protocol or `local`. */
  value: string;
}

export interface RuleReading {
  action: RuleAction;
  /** The rule has matches before its action (a short-circuit, not the chain's fall-through). */
  conditional: boolean;
  /** Named sets the matches look up (`ip saddr @affinity-...`). */
  lookups: string[];
  /** The matches in rule order (ct state / ct status and mark tests included). */
  matches: Match[];
}

export type RuleResult = { ok: true; rule: RuleReading } | { ok: false; error: string };

const MARK_CHAIN = 'mark-for-masquerade';

/** Reads a rule's text (without comment, handle and counters; see text.ts bareRule). */
export function readRule(text: string): RuleResult {
  const toks = tokens(text);
  const reading: RuleReading = { action: { kind: 'none' }, conditional: false, lookups: [], matches: [] };
  let marks = false;
  let i = 0;
  while (i < toks.length) {
    const action = dispatch(toks, i) ?? finalAction(toks, i);
    if (action !== null) {
      if (action.next < toks.length) return { ok: false, error: `unexpected "${toks.slice(action.next).join(' ').slice(0, 60)}" after the action` };
      reading.action = action.action;
      break;
    }
    const matched = match(toks, i, reading);
    const next = matched > i ? matched : markStatement(toks, i);
    if (next === i) return { ok: false, error: `unrecognised rule piece "${toks.slice(i).join(' ').slice(0, 80)}"` };
    if (matched === i) marks = true;
    i = next;
  }
  if (reading.action.kind === 'none' && marks) reading.action = { kind: 'mark' };
  if (reading.action.kind === 'jump' && reading.action.chain === MARK_CHAIN) reading.action = { kind: 'mark' };
  return { ok: true, rule: reading };
}

/** Words, with each `{ ... }` group kept as one token (one forward scan). */
function tokens(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c === 123) depth++;
    else if (c === 125 && depth > 0) depth--;
    const blank = c === 32 || c === 9;
    if (blank && depth === 0) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (start < 0 && !blank) start = i;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

const isFamily = (t: string | undefined) => t === 'ip' || t === 'ip6';
const isL4 = (t: string | undefined) => t === 'tcp' || t === 'udp' || t === 'sctp' || t === 'th';

/** One operand of a match or concatenation: `ip daddr`, `meta l4proto`, `th dport`... */
function operand(toks: string[], i: number): number {
  const t = toks[i];
  const next = toks[i + 1];
  if (isFamily(t) && (next === 'saddr' || next === 'daddr')) return i + 2;
  if (t === 'meta' && next === 'l4proto') return i + 2;
  if (isL4(t) && (next === 'dport' || next === 'sport')) return i + 2;
  return i;
}

/** A match at `i`, or `i` when there is none. Fills `reading` with what it learnt. */
function match(toks: string[], i: number, reading: RuleReading): number {
  const t = toks[i];
  const add = (operand: string, value: string, negated = false) => reading.matches.push({ operand, negated, value });
  if (t === 'ct' && (toks[i + 1] === 'state' || toks[i + 1] === 'status') && toks[i + 2] !== undefined) {
    add(`ct ${toks[i + 1] ?? ''}`, toks[i + 2] ?? '');
    return i + 3;
  }
  if (t === 'fib' && (toks[i + 1] === 'saddr' || toks[i + 1] === 'daddr') && toks[i + 2] === 'type' && toks[i + 3] !== undefined) {
    reading.conditional = true;
    add(`fib ${toks[i + 1] ?? ''} type`, toks[i + 3] ?? '');
    return i + 4;
  }
  const maskAt = t === 'meta' && toks[i + 1] === 'mark' ? i + 2 : t === 'mark' ? i + 1 : -1;
  if (maskAt >= 0 && (toks[maskAt] === 'and' || toks[maskAt] === '&') && isCompare(toks[maskAt + 2]) && toks[maskAt + 3] !== undefined) {
    reading.conditional = true;
    add(`mark & ${toks[maskAt + 1] ?? ''}`, toks[maskAt + 3] ?? '', toks[maskAt + 2] === '!=');
    return maskAt + 4;
  }
  const end = concatenation(toks, i);
  if (end === i) return i;
  const value = toks[end];
  if (value === undefined || value === 'vmap' || value === 'map') return i; // a dispatch: the action
  const operand = toks.slice(i, end).join(' ');
  if (t === 'meta' && end === i + 2 && (value === 'tcp' || value === 'udp' || value === 'sctp')) {
    add(operand, value); // meta l4proto tcp
    return end + 1;
  }
  if (isCompare(value)) {
    const compared = toks[end + 1];
    if (compared === undefined) return i;
    reading.conditional = true;
    add(operand, compared, value === '!=');
    return end + 2;
  }
  if (isL4(t) && parsePort(value) === null && !value.startsWith('@')) return i;
  reading.conditional = true;
  if (value.startsWith('@')) reading.lookups.push(value.slice(1));
  add(operand, value);
  return end + 1;
}

const isCompare = (t: string | undefined) => t === '==' || t === '!=';

/** `ip daddr . meta l4proto . th dport` and the like: the end of the operands at `i`, or `i`. */
function concatenation(toks: string[], i: number): number {
  let end = operand(toks, i);
  if (end === i) return i;
  while (toks[end] === '.') {
    const more = operand(toks, end + 1);
    if (more === end + 1) return i;
    end = more;
  }
  return end;
}

/** `ip daddr . meta l4proto . th dport vmap @service-ips` (services, *-endpoints-check, firewall-check). */
function dispatch(toks: string[], i: number): { action: RuleAction; next: number } | null {
  const end = concatenation(toks, i);
  if (end === i || toks[end] !== 'vmap' || !toks[end + 1]?.startsWith('@')) return null;
  return { action: { kind: 'dispatch', map: (toks[end + 1] ?? '').slice(1) }, next: end + 2 };
}

/** `mark set mark or 0x4000`, `meta mark set meta mark | 0x00004000` and their xor forms. */
function markStatement(toks: string[], i: number): number {
  const at = toks[i] === 'meta' && toks[i + 1] === 'mark' ? i + 2 : toks[i] === 'mark' ? i + 1 : -1;
  if (at < 0 || toks[at] !== 'set') return i;
  const source = toks[at + 1] === 'meta' && toks[at + 2] === 'mark' ? at + 3 : toks[at + 1] === 'mark' ? at + 2 : -1;
  if (source < 0 || !['or', 'xor', '|', '^'].includes(toks[source] ?? '') || toks[source + 1] === undefined) return i;
  return source + 2;
}

function finalAction(toks: string[], i: number): { action: RuleAction; next: number } | null {
  const t = toks[i];
  const next = toks[i + 1];
  if ((t === 'jump' || t === 'goto') && next !== undefined) return { action: { kind: 'jump', verb: t, chain: next }, next: i + 2 };
  if (t === 'drop' || t === 'reject' || t === 'return' || t === 'accept') return { action: { kind: 'verdict', verdict: t }, next: i + 1 };
  if (t === 'masquerade') {
    let end = i + 1;
    while (toks[end] === 'fully-random' || toks[end] === 'random' || toks[end] === 'persistent') end++;
    return { action: { kind: 'none' }, next: end };
  }
  if (t === 'vmap' && next?.startsWith('@')) return { action: { kind: 'dispatch', map: next.slice(1) }, next: i + 2 };
  if (t === 'numgen') {
    const found = balancing(toks, i, 'vmap');
    return found === null ? null : { action: { kind: 'balance', balancing: found.balancing }, next: found.next };
  }
  if (t === 'dnat') {
    const found = dnatAction(toks, i);
    return found === null ? null : { action: { kind: 'dnat', dnat: found.dnat }, next: found.next };
  }
  if (t === 'update' && next?.startsWith('@') && toks[i + 2]?.startsWith('{')) return { action: { kind: 'update', set: next.slice(1) }, next: i + 3 };
  return null;
}
