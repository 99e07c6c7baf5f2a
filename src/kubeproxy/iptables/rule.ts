/**
 * One `-A CHAIN ...` line as a typed rule. Only the matches kube-proxy writes are kept; other
 * options are skipped with their values, so CNI rules and new iptables options never break a
 * dump. Argument order does not matter: iptables-save normalises it (`-d … -p tcp -m comment …`)
 * while kube-proxy's restore input (pkg/proxy/iptables/proxier.go syncProxyRules) writes
 * `-m comment --comment … -m tcp -p tcp -d … --dport …`.
 */
import { parseHostPort, parsePort } from '../hostPort.ts';
import { TokenCursor } from './tokenize.ts';
import { DASH, OPEN_BRACKET } from './chars.ts';

export interface AddressMatch {
  /** Address or CIDR; the host suffixes /32 and /128 that iptables-save adds are removed. */
  address: string;
  negated: boolean;
}

/** `-m recent` (ClientIP affinity): rcheck in the service chain, set in the endpoint chain. */
export interface RecentMatch {
  mode: 'rcheck' | 'set' | 'update' | 'remove' | null;
  name: string | null;
  seconds: number | null;
}

export interface Rule {
  /** Offset of the line in the dump, turned into a line number only for warnings. */
  offset: number;
  chain: string;
  source: AddressMatch | null;
  destination: AddressMatch | null;
  protocol: string | null;
  dport: number | null;
  comment: string | null;
  /** `-j` or `-g` target; null for kube-proxy's target-less "other traffic ... dropped" rule. */
  target: string | null;
  /** `-m statistic --mode random --probability p`, as printed (after kernel rounding). */
  probability: number | null;
  recent: RecentMatch | null;
  /** DNAT `--to-destination`, e.g. `10.244.0.5:8080` or `[fd00::1]:80`. */
  toDestination: string | null;
  /** `-m addrtype --src-type` / `--dst-type` (LOCAL for node-local addresses). */
  srcType: AddressMatch | null;
  dstType: AddressMatch | null;
}

export type RuleParse = { rule: Rule; error?: undefined } | { rule?: undefined; error: string };


/** The rule on `text[start, end)`, a line that starts with an optional `[p:b]` and `-A`/`-I`. */
export function parseRule(text: string, start: number, end: number): RuleParse {
  const words = new TokenCursor(text, start, end);
  if (!words.next()) return { error: 'skipped: empty rule' };
  if (words.firstCode() === OPEN_BRACKET && !words.next()) return { error: 'skipped: counters without a rule' };
  const insert = words.is('-I') || words.is('--insert');
  if (!insert && !words.is('-A') && !words.is('--append')) return { error: 'skipped: not an -A rule' };
  if (!words.next() || words.firstCode() === DASH) return { error: 'skipped: -A without a chain name' };
  const rule = emptyRule(start, words.value());
  const error = readOptions(words, rule, insert);
  if (error !== null) return { error };
  if (words.error !== null) return { error: `skipped: ${words.error}` };
  return { rule };
}

function emptyRule(offset: number, chain: string): Rule {
  return {
    offset,
    chain,
    source: null,
    destination: null,
    protocol: null,
    dport: null,
    comment: null,
    target: null,
    probability: null,
    recent: null,
    toDestination: null,
    srcType: null,
    dstType: null,
  };
}

/** Reads options into `rule`; returns a warning message when the line cannot be trusted. */
function readOptions(words: TokenCursor, rule: Rule, insert: boolean): string | null {
  let negated = false;
  // After an option we do not know, its values are skipped up to the next option.
  let skipping = insert; // `-I CHAIN 3`: the rule number
  while (words.next()) {
    if (words.is('!')) {
      negated = true;
      continue;
    }
    if (words.firstCode() !== DASH || words.quoted) {
      if (skipping) continue;
      return `skipped: unexpected word "${words.value()}"`;
    }
    skipping = false;
    const option = optionName(words);
    const result = readOption(option, words, rule, negated);
    if (result === UNKNOWN) skipping = true;
    else if (result !== null) return result;
    negated = false;
  }
  return null;
}

const UNKNOWN = 'unknown';

/** Short options as constants, so the common ones cost no copy of the line. */
const SHORT_OPTIONS: readonly string[] = (() => {
  const table: string[] = [];
  for (const letter of 'sdpmjgcio') table[letter.charCodeAt(0)] = `-${letter}`;
  return table;
})();

function optionName(words: TokenCursor): string {
  if (words.end - words.start === 2) {
    const known = SHORT_OPTIONS[words.text.charCodeAt(words.start + 1)];
    if (known !== undefined) return known;
  }
  return words.text.slice(words.start, words.end);
}

/** Applies one option; null when done, UNKNOWN when not ours, else a warning message. */
function readOption(option: string, words: TokenCursor, rule: Rule, negated: boolean): string | null {
  if (option === '--rcheck' || option === '--set' || option === '--update' || option === '--remove') {
    // -m recent modes take no value (ClientIP affinity, writeServiceToEndpointRules).
    recentOf(rule).mode = option.slice(2) as RecentMatch['mode'];
    return null;
  }
  if (option === '-m' || option === '--match') return words.next() ? null : 'skipped: -m without a module name';
  const apply = VALUE_OPTIONS.get(option);
  if (apply === undefined) return UNKNOWN;
  if (!words.next()) return words.error === null ? `skipped: ${option} without a value` : `skipped: ${words.error}`;
  return apply(words.value(), rule, negated, words) ?? null;
}

/** Options that take one value (two for counters), and what each does with it. */
type ApplyValue = (value: string, rule: Rule, negated: boolean, words: TokenCursor) => string | undefined;

const setSource: ApplyValue = (v, rule, negated) => void (rule.source = address(v, negated));
const setDestination: ApplyValue = (v, rule, negated) => void (rule.destination = address(v, negated));
const setProtocol: ApplyValue = (v, rule, negated) => void (rule.protocol = negated ? null : v.toLowerCase());
const setTarget: ApplyValue = (v, rule) => void (rule.target = v);

const setPort: ApplyValue = (v, rule) => {
  const port = parsePort(v);
  if (port === null) return `skipped: --dport needs a port number, got "${v}"`;
  rule.dport = port;
  return undefined;
};

const setProbability: ApplyValue = (v, rule) => {
  const p = Number(v);
  if (v === '' || !Number.isFinite(p) || p < 0 || p > 1) return `skipped: --probability must be in [0, 1], got "${v}"`;
  rule.probability = p;
  return undefined;
};

const setSeconds: ApplyValue = (v, rule) => {
  const seconds = Number(v);
  if (v === '' || !Number.isInteger(seconds) || seconds < 0) return `skipped: --seconds needs a number, got "${v}"`;
  recentOf(rule).seconds = seconds;
  return undefined;
};

/** DNAT `--to-destination ip:port`, the endpoint of a KUBE-SEP chain. */
const setDestinationNat: ApplyValue = (v, rule) => {
  if (parseHostPort(v) === null) return `skipped: --to-destination needs ip:port, got "${v}"`;
  rule.toDestination = v;
  return undefined;
};

const skipSecondCounter: ApplyValue = (_v, _rule, _negated, words) =>
  words.next() ? undefined : 'skipped: -c needs packet and byte counters';

const VALUE_OPTIONS = new Map<string, ApplyValue>([
  ['-s', setSource],
  ['--source', setSource],
  ['--src', setSource],
  ['-d', setDestination],
  ['--destination', setDestination],
  ['--dst', setDestination],
  ['-p', setProtocol],
  ['--protocol', setProtocol],
  ['--dport', setPort],
  ['--destination-port', setPort],
  ['--comment', (v, rule) => void (rule.comment = v)],
  ['-j', setTarget],
  ['--jump', setTarget],
  ['-g', setTarget],
  ['--goto', setTarget],
  ['--to-destination', setDestinationNat],
  ['--src-type', (v, rule, negated) => void (rule.srcType = { address: v, negated })],
  ['--dst-type', (v, rule, negated) => void (rule.dstType = { address: v, negated })],
  // -m statistic --mode random --probability p (writeServiceToEndpointRules)
  ['--probability', setProbability],
  // -m recent --name KUBE-SEP-X --rcheck --seconds N --reap
  ['--name', (v, rule) => void (recentOf(rule).name = v)],
  ['--seconds', setSeconds],
  // `iptables -S -v` prints `-c <packets> <bytes>`
  ['-c', skipSecondCounter],
  ['--set-counters', skipSecondCounter],
]);

function recentOf(rule: Rule): RecentMatch {
  rule.recent ??= { mode: null, name: null, seconds: null };
  return rule.recent;
}

/** iptables-save prints host addresses as CIDRs (`10.96.0.1/32`, `fd00::1/128`); drop that suffix. */
function address(text: string, negated: boolean): AddressMatch {
  let value = text;
  if (value.endsWith('/32') && !value.includes(':')) value = value.slice(0, -3);
  else if (value.endsWith('/128')) value = value.slice(0, -4);
  return { address: value, negated };
}
