/**
 * A pod the Service's selector does not match is a row only because something still names it: an
 * endpoint's targetRef (a slice or Endpoints not yet updated, or a hand-written one), or a node's
 * rules still sending to its address. That is the root of its chain: the controllers drop a pod
 * whose labels stop matching (staging/src/k8s.io/endpointslice/reconciler.go works from the pods
 * the selector lists), and whatever else is said of it follows from that.
 */
import type { PodView } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import type { Cause } from '../types.ts';

export function selectionCauses(pod: PodView, ctx: PodContext): Cause[] {
  const selector = ctx.view.service.spec?.selector;
  if (pod.selected || pod.phantom || !selector) return [];
  const labels = Object.keys(selector).map((key) => {
    const value = pod.pod.metadata.labels?.[key];
    return value === undefined ? `no ${key}` : `${key}=${value}`;
  });
  const named = pod.sliceEntries.length > 0 || pod.endpoints === 'ready' || pod.endpoints === 'notReady' ? 'an endpoint still names it' : 'only node rules still send to its address';
  return [{ code: 'NotSelected', message: `the Service's selector does not match its labels (${labels.join(', ')}): ${named}` }];
}
