/**
 * What changed about one pod between two of its versions: it appeared or went away (deleted, or
 * relabelled out of the selector: a watch reports both as DELETED), its Ready condition flipped,
 * or it started terminating. For a pod with readiness gates, also its ContainersReady condition and
 * each gate's condition: Ready is True only when the containers are ready *and* every gate is True
 * (pkg/kubelet/status/generate.go GeneratePodReadyCondition), so a new pod behind an IP-target load
 * balancer reads ContainersReady=True, then the gate True (the controller saw the target healthy),
 * then Ready=True.
 */
import type { Pod } from '../../kubernetes/objects.ts';
import { isTerminating, podCondition } from '../../kubernetes/pod.ts';
import type { Change } from './change.ts';

export function podChanges(prev: Pod | undefined, next: Pod | undefined, at: number): Change[] {
  const name = (next ?? prev)?.metadata.name;
  if (name === undefined) return [];
  const change = (field: Change['field'], from: Change['from'], to: Change['to']): Change => ({ at, source: 'pod', object: `pod/${name}`, pod: name, address: null, field, from, to });
  if (!prev || !next) return [change('exists', prev !== undefined, next !== undefined)];
  const changes: Change[] = [];
  const readyBefore = podCondition(prev, 'Ready')?.status ?? null;
  const readyNow = podCondition(next, 'Ready')?.status ?? null;
  const gates = (next.spec?.readinessGates ?? []).map((g) => g.conditionType);
  if (gates.length > 0) {
    const containersBefore = podCondition(prev, 'ContainersReady')?.status ?? null;
    const containersNow = podCondition(next, 'ContainersReady')?.status ?? null;
    if (containersBefore !== containersNow) changes.push(change('ContainersReady', containersBefore, containersNow));
    for (const gate of gates) {
      const before = podCondition(prev, gate)?.status ?? null;
      const now = podCondition(next, gate)?.status ?? null;
      if (before !== now) changes.push({ ...change('gate', before, now), gate });
    }
  }
  if (readyBefore !== readyNow) changes.push(change('Ready', readyBefore, readyNow));
  if (isTerminating(prev) !== isTerminating(next)) changes.push(change('terminating', isTerminating(prev), isTerminating(next)));
  return changes;
}
