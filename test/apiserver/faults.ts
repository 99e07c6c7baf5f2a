/**
 * Injected failures: answer 500, close the connection without answering, never answer, or answer
 * as a server that is no API server would (`notKubernetes`: a plain-text 404, as Go's
 * http.NotFound or a proxy writes it).
 * A rule matches a request by method and by a RegExp tested against the path (and against the
 * path with its query string, so `/watch=true/` selects watches); `times` bounds how often it fires.
 */

export type FaultKind = 'status500' | 'close' | 'stall' | 'notKubernetes';

export interface FaultRule {
  path?: RegExp;
  method?: string;
  kind: FaultKind;
  /** How many matching requests fail; unlimited when absent. */
  times?: number;
}

export class Faults {
  private rules: { rule: FaultRule; left: number }[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any rule matches (the first one added wins); uses up one of its `times`. */
  take(method: string, pathname: string, pathWithQuery: string): FaultKind | undefined {
    const hit = this.rules.find(({ rule, left }) =>
      left > 0 &&
      (rule.method === undefined || rule.method.toUpperCase() === method) &&
      (rule.path === undefined || test(rule.path, pathname) || test(rule.path, pathWithQuery)));
    if (!hit) return undefined;
    hit.left--;
    if (hit.left <= 0) this.rules = this.rules.filter((r) => r !== hit);
    return hit.rule.kind;
  }
}

/** RegExp.test without the lastIndex trap of /g and /y patterns. */
function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}
