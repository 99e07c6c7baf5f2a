/**
 * A selector that matches no pod, next to pods that miss it by one label: the typo the Debug
 * Services guide warns of ("the Service selecting for app=hostnames, but the Deployment specifying
 * run=hostnames", kubernetes.io/docs/tasks/debug/debug-application/debug-service). A selector
 * matches when every key is there with exactly that value (labels.SelectorFromSet: keys and values
 * are case-sensitive), so a pod that differs by one key is named with that one difference. With a
 * one-label selector every other pod of the namespace differs by one label, so only a difference
 * of case, a value a spelling apart (two edits), or the same value under another key counts there.
 */
import type { Pod } from '../../kubernetes/objects.ts';
import { formatSelector } from '../../kubernetes/labels.ts';
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';
import { nearlySpelled } from './spelling.ts';

const MAX_NAMED = 3;

export function selectorFindings({ view, service, pods }: FindingInput): Finding[] {
  const selector = service.selector;
  if (!selector || pods.some((p) => p.selected) || view.unknown.some((u) => u.kind === 'Pod')) return [];
  const groups = new Map<string, string[]>();
  for (const pod of view.namespacePods ?? []) {
    const miss = nearMiss(pod, selector);
    if (miss !== null) groups.set(miss, [...(groups.get(miss) ?? []), pod.metadata.name]);
  }
  if (groups.size === 0) return [];
  const count = [...groups.values()].reduce((n, names) => n + names.length, 0);
  const parts = [...groups].map(([miss, names]) => `${miss} on ${named(names)}`);
  return [{
    code: 'SelectorNearMiss',
    severity: 'critical',
    message: `${count === 1 ? '1 pod' : `${count} pods`} of namespace ${service.namespace} ${count === 1 ? 'differs' : 'differ'} from selector ${formatSelector(selector)} by one label: ${parts.join('; ')}`,
  }];
}

/** The one label by which `pod` misses the selector, in words; null when it misses by more, or by nothing telling. */
export function nearMiss(pod: Pod, selector: Record<string, string>): string | null {
  const labels = pod.metadata.labels ?? {};
  const missed = Object.entries(selector).filter(([k, v]) => labels[k] !== v);
  const [key, value] = missed[0] ?? [];
  if (missed.length !== 1 || key === undefined || value === undefined) return null;
  const single = Object.keys(selector).length === 1;
  const own = labels[key];
  if (own !== undefined) {
    if (own.toLowerCase() === value.toLowerCase()) return `${key}=${own} (other case)`;
    if (!single) return `${key}=${own}`;
    return nearlySpelled(own, value) ? `${key}=${own} (a spelling apart)` : null;
  }
  const otherCase = Object.keys(labels).find((k) => k.toLowerCase() === key.toLowerCase());
  if (otherCase !== undefined) return `${otherCase}=${labels[otherCase]} (key in other case)`;
  const sameValue = Object.entries(labels).find(([k, v]) => !(k in selector) && v.toLowerCase() === value.toLowerCase());
  if (sameValue) return `${sameValue[0]}=${sameValue[1]} instead of ${key}=${value}`;
  return single ? null : `no ${key} label`;
}

function named(names: readonly string[]): string {
  return names.slice(0, MAX_NAMED).join(', ') + (names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : '');
}
