/**
 * Whether a dump is whole, said as warnings rather than left to pass as "filtered": a grep-filtered
 * dump is normal input, but these are not, and each would otherwise hide a wrong answer.
 *
 * - **Empty**: not one line besides blanks, comments and grep separators (a grep that matched
 *   nothing, an empty file). Nothing is known of the node.
 * - **Cut mid-line**: `iptables-save` ends every line, its last one included ("# Completed on
 *   ..."), with a newline. A dump with table headers whose last line has none was cut short; that
 *   line may be a rule cut in the middle of an address, so it is skipped.
 * - **No COMMIT**: a `*nat` section that never ends stops before its end (`| head`).
 * - **Undefined chains**: iptables-restore refuses a rule that jumps to a chain that does not
 *   exist, so in a complete dump every chain a rule jumps to is declared (`:KUBE-SVC-... - [0:0]`,
 *   or `-N` in `iptables -S`) or has rules. A jump to a kube-proxy chain that is neither means the
 *   dump was edited or pieced together: that chain's endpoints are unknown, not absent.
 */
import { isEndpointChain, isPortChain } from './chains.ts';
import type { DumpPass } from './chunks.ts';
import type { RuleSet } from './ruleSet.ts';
import type { WarningLog } from './warningLog.ts';
import { Buffer } from 'node:buffer';
import { NEWLINE, STAR } from './chars.ts';

export const EMPTY_DUMP = 'the dump is empty: not one iptables line in it (a grep that matched nothing?), so what this node does is unknown';
export const CUT_LINE = 'the dump ends in the middle of this line (no newline after it: cut short?); the line is skipped';
export const NAT_NOT_COMMITTED = 'the *nat table has no COMMIT: the dump stops before its end (cut short?), so what is missing is unknown';

export function undefinedChainWarning(chain: string): string {
  return `jumps to ${chain}, which the dump does not define (no :${chain} line, no rule): the dump is incomplete or edited, so its endpoints are unknown`;
}

/** What the edges of a dump say: read from the whole text, or from its chunks as they go by. */
export class DumpEdges {
  private content = false;
  private headed = false;
  private endsWithNewline = true;
  private lastLineStart = 0;
  private length = 0;

  /** A piece of the dump, in order: the whole text, or a chunk of whole lines (chunks.ts) starting at byte `base`. */
  see(text: string | Buffer, base: number): void {
    if (text.length === 0) return;
    const codeAt = (i: number) => (typeof text === 'string' ? text.charCodeAt(i) : text[i]);
    if (!this.headed) this.headed = codeAt(0) === STAR || text.includes('\n*');
    if (!this.content) this.content = hasContentLine(text);
    this.endsWithNewline = codeAt(text.length - 1) === NEWLINE;
    const lastNewline = text.lastIndexOf('\n', text.length - 2);
    // Chunks start at line starts (chunks.ts), so a chunk without a newline is one line.
    this.lastLineStart = base + lastNewline + 1;
    this.length = base + text.length;
  }

  /** Where the last line starts, when it was cut short in a dump that has table headers; else -1. */
  get cutLine(): number {
    return this.headed && !this.endsWithNewline && this.length > 0 ? this.lastLineStart : -1;
  }

  /** Records the warnings about the dump as a whole. */
  report(log: WarningLog, natHeaderWithoutCommit: number | null): void {
    if (!this.content) log.warn(0, EMPTY_DUMP, true);
    if (this.cutLine >= 0) log.warn(this.cutLine, CUT_LINE, true);
    if (natHeaderWithoutCommit !== null) log.warn(natHeaderWithoutCommit, NAT_NOT_COMMITTED, true);
  }
}

/** Whether some line is more than a blank, a `#` comment or a grep `--` separator. */
function hasContentLine(text: string | Buffer): boolean {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // One line at a time: a chunk is a MiB, and its first lines almost always settle it.
    const line = (typeof text === 'string' ? text.slice(start, end) : text.toString('latin1', start, end)).trim();
    if (line !== '' && !line.startsWith('#') && !/^-+$/.test(line)) return true;
    start = end + 1;
  }
  return false;
}

/** kube-proxy chains that rules jump to but that have no rule, with the offsets of the jumps. */
export function chainsWithoutRules(rules: RuleSet): Map<string, number[]> {
  const jumps = new Map<string, number[]>();
  for (const chainRules of rules.nat.values()) {
    for (const rule of chainRules) {
      const target = rule.target;
      if (target === null || rules.has('nat', target) || !(isPortChain(target) || isEndpointChain(target))) continue;
      const offsets = jumps.get(target);
      if (offsets) offsets.push(rule.offset);
      else jumps.set(target, [rule.offset]);
    }
  }
  return jumps;
}

/**
 * How a chain is declared: `:NAME - [0:0]` in iptables-save, `-N NAME` in iptables -S; a rule line
 * of it that could not be read (and was warned about) shows it exists too.
 */
const declarations = (chain: string) => [`\n:${chain} `, `\n-N ${chain}\n`, `\n-N ${chain}\r`, `\n-A ${chain} `];

/** Which of `chains` the text declares. */
export function declaredInText(text: string, chains: Iterable<string>): Set<string> {
  const declared = new Set<string>();
  const padded = (needle: string) => text.includes(needle) || text.startsWith(needle.slice(1));
  for (const chain of chains) if (declarations(chain).some(padded)) declared.add(chain);
  return declared;
}

/** Which of `chains` a dump read in chunks declares (one pass, only when a jump has no target rules). */
export function declaredInPass(pass: DumpPass, chains: Iterable<string>): Set<string> {
  const wanted = [...chains];
  const declared = new Set<string>();
  if (wanted.length === 0) return declared;
  for (const { bytes } of pass()) {
    for (const chain of wanted) {
      if (declared.has(chain)) continue;
      if (declarations(chain).some((needle) => bytes.includes(needle) || bytes.subarray(0, needle.length - 1).equals(Buffer.from(needle.slice(1))))) declared.add(chain);
    }
  }
  return declared;
}

/**
 * In a complete dump: warns at every jump to an undefined kube-proxy chain and returns those
 * chains, whose endpoints are then unknown. `declared` says which of the candidates the dump declares.
 */
export function undefinedChains(rules: RuleSet, complete: boolean, log: WarningLog, declared: (chains: Iterable<string>) => Set<string>): Set<string> {
  if (!complete) return new Set();
  const candidates = chainsWithoutRules(rules);
  if (candidates.size === 0) return new Set();
  const known = declared(candidates.keys());
  const undefinedOnes = new Set<string>();
  for (const [chain, offsets] of candidates) {
    if (known.has(chain)) continue;
    undefinedOnes.add(chain);
    for (const offset of offsets) log.warn(offset, undefinedChainWarning(chain), true);
  }
  return undefinedOnes;
}
