/**
 * Which dataplane dump a text is, told by its content: `iptables-save` (or `iptables -S`), kube-proxy's
 * nftables (`nft list ...` or its transaction form), `ipvsadm -Ln` / `-Sn`, or Cilium's
 * `cilium-dbg service list` (table or `-o json`) / `cilium-dbg bpf lb list`. Grep-filtered dumps
 * are recognised from the lines a grep keeps; one iptables rule line decides for iptables.
 */
import type { Dataplane } from '../dataplane/types.ts';

export type DumpFormat = Dataplane | 'unknown';

/** `-A CHAIN`, `[0:0] -A`, `*nat`, `:CHAIN - [0:0]`, `COMMIT`, `-N CHAIN`, `-P INPUT ACCEPT`. */
export const IPTABLES_LINE = /^(?:\[\d+:\d+\]\s*)?-[AINP]\s+\S|^\*[a-z]+\s*$|^:\S+\s+\S+|^COMMIT\s*$/;
/** `table ip kube-proxy {`, `chain services {`, `type nat hook prerouting priority dstnat; ...`. */
const NFT_LINE = /^(?:table\s+(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s*\{|chain\s+\S+\s*\{|type\s+\S+\s+hook\s)/;
/**
 * kube-proxy's transaction form (`add rule ip kube-proxy ...`, knftables objects.go writeOperation),
 * and the lines of its `nft list` output a grep keeps without their headers: DNATs, numgen maps
 * and dispatch-map elements (`10.96.0.1 . tcp . 443 : goto service-...`).
 */
const NFT_KUBE_PROXY_LINE =
  /^(?:(?:add|insert|create|flush|delete|destroy|replace) (?:table|chain|rule|set|map|element) (?:ip|ip6|inet) \S|(?:meta l4proto \S+ )?dnat (?:ip6? )?(?:addr \. port )?to \S|numgen (?:random|inc) mod \d|elements = \{|(?:\S+ \. )?(?:tcp|udp|sctp) \. \d+ (?:comment "[^"]*" )?: (?:goto|drop))/;
/**
 * `IP Virtual Server version 1.2.1`, `Prot LocalAddress:Port Scheduler Flags`, `-> RemoteAddress:Port`,
 * `TCP  10.0.0.1:443 rr`, `-> 10.1.1.1:80 Masq`; and as `--stats` and `--rate` print them, numbers
 * after the address (`TCP  10.3.0.1:443  0  0  0  0  0`), and without `-n`, names for the host or
 * the port (`TCP  ip-10-0-62-121.ec2.internal: rr`, `-> 100.98.125.10:http  Masq`): a grep of
 * those is ipvsadm's too, and the decoder reads it (or says it needs `-Ln`).
 */
const IPVS_PORT = String.raw`:(?:\d+|[A-Za-z][\w-]*)?`;
const IPVS_LINE = new RegExp(
  String.raw`^(?:IP Virtual Server version|Prot LocalAddress:Port|->\s+RemoteAddress:Port|(?:TCP|UDP|SCTP)\s+\S+${IPVS_PORT}\s+(?:[a-z]+|\d+(?:\s|$))|->\s+\S+${IPVS_PORT}\s+(?:Masq|Route|Tunnel|Local|\d+(?:\s|$)))`,
);
/**
 * ipvsadm's rule form (`ipvsadm -Sn`, ipvsadm.c print_service_entry with FMT_RULE): `-A -t VIP:PORT
 * -s rr` and `-a -t VIP:PORT -r RIP:PORT -m -w 1`. An iptables `-A` is followed by a chain name,
 * never by an option, so this is tested first.
 */
export const IPVS_RULE_LINE = /^-[Aa]\s+(?:-[tuf]|--(?:tcp|udp|sctp|fwmark)-service)\s+\S/;

const ADDRESS = String.raw`(?:\[[0-9A-Fa-f:.]+\]|\d{1,3}(?:\.\d{1,3}){3})`;
/**
 * Cilium's `service list` (cilium-dbg/cmd/service_list.go printServiceList): the header (`ID
 * Frontend ...`, or `Frontend  Service Type  Backend` without IDs), and the backend cells every
 * row and continuation line has, `1 => 10.244.1.69:53/TCP (active)`.
 */
const CILIUM_LIST_LINE = new RegExp(String.raw`^(?:ID\s+Frontend\s|Frontend\s+Service Type\s+Backend)|(?:^|\s)\d+ => ${ADDRESS}:\d+`);
/**
 * `cilium-dbg bpf lb list` (cilium-dbg/cmd/bpf_lb_list.go): the `SERVICE ADDRESS  BACKEND ADDRESS`
 * header, and rows whose backend cell carries its revNAT ID, `172.18.0.3:6443 (1) (1)` or
 * `0.0.0.0:0 (1) (0) [ClusterIP, non-routable]`. An address may carry its protocol and its
 * internal scope, `10.96.0.10:53/UDP/i` (pkg/maps/lbmap/ipv4.go serviceKey: `/PROTO` unless the
 * key's protocol is ANY, then `/i`), as the decoder reads them (cilium/bpfLbList.ts).
 */
const SUFFIXES = String.raw`(?:/[A-Za-z]+)*`;
const CILIUM_BPF_LINE = new RegExp(String.raw`^SERVICE ADDRESS\s+BACKEND ADDRESS|^(?:${ADDRESS}:\d+${SUFFIXES}\s+)?${ADDRESS}:\d+${SUFFIXES} \(\d+\)`);
/** The keys of Cilium's REST model (api/v1 ServiceSpec), which `service list -o json` prints. */
const CILIUM_JSON_KEYS = ['"frontend-address"', '"backend-addresses"'];
/** What decides: the first MiB, as much as the file reader sniffs before choosing a decoder. */
export const DETECT_CHARS = 1 << 20;
/** The lines that vote when no iptables line decides: those of the first 64 KiB (of characters). */
export const VOTE_CHARS = 1 << 16;

/**
 * What may stand before an iptables line's first word: a line start (the text's, or after a
 * newline) and the blanks a line may begin with. It is a lookbehind placed after the line's first
 * character is known, so the search stops only at the few characters a line can start with (`-`,
 * `[`, `*`, `:`, `C`) rather than testing every position: 1 ms instead of 5 to 6 ms for a MiB of a
 * non-iptables dump, measured on the bench's dumps of every format.
 */
const AFTER_LINE_START = String.raw`(?<=(?:^|\n)[^\S\n]*)`;
/**
 * IPTABLES_LINE found anywhere in a text, as the line-by-line reading tests it: on the line
 * without its surrounding blanks, and never on a line that IPVS_RULE_LINE takes first (an
 * `ipvsadm -Sn` rule, `-A -t ...`). One native search over a MiB instead of a test per line.
 */
const IPTABLES_LINE_IN_TEXT = new RegExp(
  AFTER_LINE_START +
    String.raw`(?:\[\d+:\d+\][^\S\n]*-[AINP][^\S\n]+\S|-[INP][^\S\n]+\S|-A[^\S\n]+(?!(?:-[tuf]|--(?:tcp|udp|sctp|fwmark)-service)[^\S\n]+\S)\S|\*[a-z]+[^\S\n]*(?![^\n])|:\S+[^\S\n]+\S|COMMIT[^\S\n]*(?![^\n]))`,
);

/**
 * The format of `text`, read in its first MiB. Anything with one iptables line there is 'iptables'
 * (other lines become warnings when decoding). Otherwise the lines of the first 64 KiB vote among
 * nftables, IPVS and Cilium (the lines of the whole MiB when none of those is one of theirs). A
 * text with no line at all besides blanks, `#` comments and grep's `---` separators is 'iptables'
 * too: an empty dump, or a grep that matched nothing.
 */
export function detectDumpFormat(text: string): DumpFormat {
  return readFormat(text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text);
}

/**
 * The format of a dump that starts with `prefix` (whole lines, no NUL byte anywhere in what the
 * reader sniffed), when the prefix already decides it as `detectDumpFormat` would on the first
 * MiB: an iptables line in it, or Cilium's JSON keys. Otherwise null, and the first MiB is needed.
 * The file reader then decodes 64 KiB of text instead of a MiB (about 4 ms per run).
 */
export function decidedFormat(prefix: string): DumpFormat | null {
  if (prefix.slice(0, 65536).includes('\u0000')) return null;
  // JSON is Cilium's when its keys are in the first 64 KiB of characters (isCiliumJson); keys in
  // the prefix, at most 64 KiB of bytes, are there. Without them, the first MiB decides.
  if (/^\s*[[{]/.test(prefix)) return isCiliumJson(prefix) ? 'cilium' : null;
  // Nothing else decides early: without an iptables line the first MiB votes (readFormat), and
  // counting the prefix's lines here too would only be done twice.
  return hasIptablesLine(prefix) ? 'iptables' : null;
}

/** The format of a text of at most a MiB. */
function readFormat(head: string): DumpFormat {
  if (head.slice(0, 65536).includes('\u0000')) return 'unknown';
  if (isCiliumJson(head)) return 'cilium';
  if (hasIptablesLine(head)) return 'iptables';
  const early = head.length > VOTE_CHARS ? voteOf(head.slice(0, head.lastIndexOf('\n', VOTE_CHARS) + 1)) : null;
  const counts = early !== null && early.nftables + early.ipvs + early.cilium > 0 ? early : voteOf(head);
  return voteWinner(counts) ?? (counts.other > 0 ? 'unknown' : 'iptables');
}

/** Whether a line of `text` is an iptables line (IPTABLES_LINE_IN_TEXT). */
export function hasIptablesLine(text: string): boolean {
  return IPTABLES_LINE_IN_TEXT.test(text);
}

/** Votes of the lines of a text with no iptables line, by format (`other`: lines of none of them). */
export type Votes = { nftables: number; ipvs: number; cilium: number; other: number };

/**
 * How the lines of a text vote (the format whose lines are most wins, see readFormat). The count
 * stops once the leader is ahead of the others by more than the lines left to read: those could
 * no longer change the winner, and a listing's first 64 KiB is a thousand lines of one format
 * (ipvsadm's vote took 1.3 ms of a 60 ms `rules`). The counts returned are then partial; only the
 * winner is used.
 */
export function voteOf(text: string): Votes {
  const counts: Votes = { nftables: 0, ipvs: 0, cilium: 0, other: 0 };
  let linesLeft = lineCount(text);
  for (let start = 0; start < text.length && lead(counts) <= linesLeft; ) {
    const silent = silentLinesAt(text, start);
    if (silent !== null) {
      counts.other += silent.lines;
      linesLeft -= silent.lines;
      start = silent.end;
      continue;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    linesLeft--;
    // grep's `--` separators; an ipvsadm -Sn rule (`-A -t ...`) is told from one by its second character.
    if (line === '' || line[0] === '#' || (line[0] === '-' && (line.length === 1 || line[1] === '-') && /^-+$/.test(line))) continue;
    counts[voteOfLine(line)]++;
  }
  return counts;
}

/**
 * Whole lines that start with a digit and contain none of ` . `, ` => ` and ` (`: voteOfLine finds
 * such a line of no format (only three tests can match a line that starts with a digit, and each
 * needs one of those). An nft listing starts with its `cluster-ips` set, a thousand lines of
 * addresses in the first 64 KiB: one native search passes them over, where the per-line loop took
 * 2 ms of a 70 ms `rules` run, cold (CPU profiles of the nft bench dump).
 */
const SILENT_LINES = /(?:[^\S\n]*\d(?![^\n]*(?: \. | => | \())[^\n]*\n)+/y;

/** The run of SILENT_LINES at `start`: how many lines, and where the next starts; null for none. */
function silentLinesAt(text: string, start: number): { lines: number; end: number } | null {
  SILENT_LINES.lastIndex = start;
  if (!SILENT_LINES.test(text)) return null;
  const end = SILENT_LINES.lastIndex;
  let lines = 0;
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) lines++;
  return { lines, end };
}

/** The format with most votes, ties to the first of nftables, ipvs, cilium; null when none has a vote. */
export function voteWinner(votes: Votes): 'nftables' | 'ipvs' | 'cilium' | null {
  const best = (['nftables', 'ipvs', 'cilium'] as const).reduce((a, b) => (votes[b] > votes[a] ? b : a));
  return votes[best] > 0 ? best : null;
}

/** How many lines a text has (a last line without its newline counts). */
function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return text.length > 0 && !text.endsWith('\n') ? count + 1 : count;
}

/** How far the format with most votes is ahead of the next: the largest count less the middle one. */
function lead({ nftables: a, ipvs: b, cilium: c }: Votes): number {
  return 2 * Math.max(a, b, c) + Math.min(a, b, c) - (a + b + c);
}

/** The line tests of the vote, in the order they are tried: a line votes for the first that matches. */
export const VOTE_LINES: readonly (readonly ['nftables' | 'ipvs' | 'cilium', RegExp])[] = [
  ['ipvs', IPVS_RULE_LINE],
  ['nftables', NFT_LINE],
  ['nftables', NFT_KUBE_PROXY_LINE],
  ['ipvs', IPVS_LINE],
  ['cilium', CILIUM_LIST_LINE],
  ['cilium', CILIUM_BPF_LINE],
];

/**
 * The format a trimmed line votes for: the first of VOTE_LINES that matches it, or `other`. Each
 * test runs only where the line's first character (or, for the two that may match anywhere in a
 * line, a text they need) lets it match: the vote runs once per process, before the JIT has warmed
 * up, and most lines of a listing (set elements, backends) can match one test or none. Measured
 * on the nft bench dump's first 64 KiB, cold: 4.5 to 8.9 ms with every test on every line, 2.8 ms
 * so (and the tests as a table of gates: 4.5 to 5.8 ms). test/kubeproxy/detect.test.ts checks it
 * against VOTE_LINES tried in turn.
 */
export function voteOfLine(line: string): 'nftables' | 'ipvs' | 'cilium' | 'other' {
  const first = line[0] ?? '';
  if (first === '-' && IPVS_RULE_LINE.test(line)) return 'ipvs';
  if ((first === 't' || first === 'c') && NFT_LINE.test(line)) return 'nftables';
  // The alternatives that start with a word (add, insert, ..., meta, dnat, numgen, elements), and
  // `(?:\S+ \. )?(?:tcp|udp|sctp) \. `, which needs ` . `.
  if ((NFT_KUBE_PROXY_FIRST.includes(first) || line.includes(' . ')) && NFT_KUBE_PROXY_LINE.test(line)) return 'nftables';
  if (IPVS_FIRST.includes(first) && IPVS_LINE.test(line)) return 'ipvs';
  // The headers start with `I` or `F`; `(?:^|\s)\d+ => ` may be anywhere.
  if ((first === 'I' || first === 'F' || line.includes(' => ')) && CILIUM_LIST_LINE.test(line)) return 'cilium';
  // The header starts with `S`; a row's backend cell is `ADDRESS:PORT (ID)`.
  if ((first === 'S' || line.includes(' (')) && CILIUM_BPF_LINE.test(line)) return 'cilium';
  return 'other';
}

const NFT_KUBE_PROXY_FIRST = 'aicfdrmne';
/** `IP Virtual`, `Prot`, `TCP`, `UDP`, `SCTP`, `->`. */
const IPVS_FIRST = 'IPTUS-';

/** A JSON document (a list or one object) with the keys of Cilium's service model near its start. */
function isCiliumJson(head: string): boolean {
  const content = head.trimStart();
  if (!content.startsWith('[') && !content.startsWith('{')) return false;
  if (/^\[\s*\d+:\d+\s*\]/.test(content)) return false; // iptables-save counters: `[0:0] -A ...`
  const start = head.slice(0, 65536);
  return CILIUM_JSON_KEYS.some((key) => start.includes(key));
}
