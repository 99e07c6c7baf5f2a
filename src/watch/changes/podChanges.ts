/**
 * What changed about one pod between two of its versions: it appeared or went away (deleted, or
 * relabelled out of the selector: a watch reports both as DELETED), its Ready condition flipped,
 * or it started terminating.
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
  if (readyBefore !== readyNow) changes.push(change('Ready', readyBefore, readyNow));
  if (isTerminating(prev) !== isTerminating(next)) changes.push(change('terminating', isTerminating(prev), isTerminating(next)));
  return changes;
}
