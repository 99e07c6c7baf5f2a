/**
 * `explain pod/NAME` and `explain deploy/NAME`: each Service that concerns the pods, explained
 * for those pods only (the Service's own findings kept), worst first; and, when no Service
 * selects them, the Services that miss them by one label. Pure.
 */
import type { Service } from '../kubernetes/objects.ts';
import { formatSelector } from '../kubernetes/labels.ts';
import { byText } from '../kubernetes/order.ts';
import type { TargetKind } from '../kubernetes/target.ts';
import { nearMiss } from './findings/selector.ts';
import { summarize } from './summary.ts';
import type { Explanation, Severity, Verdict } from './types.ts';

export interface NearMiss {
  /** namespace/name */
  service: string;
  selector: string;
  /** The one label the pods lack or carry with another value: `tier=front`, `no tier label`. */
  difference: string;
}

/** What the list document says about the start (`start` of a ServiceExplanationList). */
export interface StartReport {
  kind: TargetKind;
  namespace: string;
  name: string;
  /** The pods it stands for: the pod itself, or the workload's pods by its selector. */
  pods: string[];
  /** A workload's selector, as -l spells it; null for a pod. */
  selector: string | null;
  /** namespace/name of each Service explained below, worst first; empty when none selects the pods. */
  services: string[];
  /** Only when no Service selects them: Services whose selector the pods miss by one label. */
  nearMisses: NearMiss[];
}

/**
 * The explanation with only these pods' rows, its counts recomputed for them: unknown rows stay
 * unknown for the Service's own reason; addresses without a pod are no pod of the start.
 */
export function focusOn(explanation: Explanation, podNames: ReadonlySet<string>): Explanation {
  const pods = explanation.pods.filter((p) => podNames.has(p.name));
  const { unknown, unknownBecause } = explanation.summary;
  const slicesMissing = unknown > 0 ? (unknownBecause.at(-1) ?? null) : null;
  return { ...explanation, pods, summary: summarize(pods, { slicesMissing, podsMissing: null, staleAddresses: [] }) };
}

const VERDICT_RANK: Record<Verdict, number> = { none: 0, stale: 1, partial: 2, unknown: 3, fallback: 4, receives: 5 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function rank(e: Explanation): [number, number] {
  const verdict = Math.min(6, ...e.pods.map((p) => VERDICT_RANK[p.verdict]));
  const severity = Math.min(3, ...e.findings.map((f) => SEVERITY_RANK[f.severity]));
  return [verdict, severity];
}

/** Worst first: the worst verdict among its rows, then its most serious finding, then namespace/name. */
export function worstFirst(a: Explanation, b: Explanation): number {
  const [ra, rb] = [rank(a), rank(b)];
  return ra[0] - rb[0] || ra[1] - rb[1] || byText(a.service.namespace, b.service.namespace) || byText(a.service.name, b.service.name);
}

/**
 * Services of the namespace whose selector every label set misses by the same one label, in the
 * words of the SelectorNearMiss finding (findings/selector.ts nearMiss: a one-label selector
 * counts only for a difference of case, a spelling or a key, since every pod without that label
 * would otherwise "nearly" match it).
 */
export function nearMisses(services: readonly Service[], labelSets: readonly (Record<string, string> | undefined)[]): NearMiss[] {
  const misses: NearMiss[] = [];
  for (const service of services) {
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) continue;
    const differences = labelSets.map((labels) => nearMiss({ apiVersion: 'v1', kind: 'Pod', metadata: { name: '', labels: labels ?? {} } }, selector));
    const first = differences[0];
    if (first === undefined || first === null || differences.some((d) => d !== first)) continue;
    misses.push({ service: `${service.metadata.namespace ?? 'default'}/${service.metadata.name}`, selector: formatSelector(selector), difference: first });
  }
  return misses;
}

/** The `start` of the list document, once the Services are explained and ordered. */
export function startReport(target: { kind: TargetKind; name: string }, start: { namespace: string; pods: { metadata: { name: string } }[]; selector: string | null }, explained: readonly Explanation[], misses: NearMiss[]): StartReport {
  return {
    kind: target.kind,
    namespace: start.namespace,
    name: target.name,
    pods: start.pods.map((p) => p.metadata.name).sort(byText),
    selector: start.selector,
    services: explained.map((e) => `${e.service.namespace}/${e.service.name}`),
    nearMisses: explained.length === 0 ? misses : [],
  };
}
