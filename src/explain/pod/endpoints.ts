/**
 * The legacy Endpoints link. The Endpoints controller puts not-ready pods in notReadyAddresses,
 * leaves terminating pods out, and truncates to 1000 addresses with the
 * endpoints.kubernetes.io/over-capacity annotation (pkg/controller/endpoint/endpoints_controller.go
 * syncService, maxCapacity). kube-proxy reads only EndpointSlices since 1.19, so a pod left out of a
 * truncated Endpoints still gets traffic.
 */
import { ANNOTATION_OVER_CAPACITY } from '../../kubernetes/objects.ts';
import { isTerminal, isTerminating } from '../../kubernetes/pod.ts';
import type { PodView, ServiceView } from '../../model/view.ts';
import type { Cause, Verdict } from '../types.ts';

export function endpointsReasons(pod: PodView, view: ServiceView, verdict: Verdict): Cause[] {
  const name = view.endpoints?.metadata.name ?? view.service.metadata.name;
  if (pod.endpoints === 'notReady') return [{ code: 'EndpointsNotReady', message: `in notReadyAddresses of Endpoints ${name}` }];
  // The Endpoints controller lists only the pods the selector matches: an unselected pod's absence says nothing more.
  if (pod.endpoints !== 'absent' || !view.endpoints || !pod.selected) return [];
  if (view.endpoints.metadata.annotations?.[ANNOTATION_OVER_CAPACITY]) {
    return [{ code: 'EndpointsTruncated', message: `left out of Endpoints ${name}, truncated at 1000 addresses (kube-proxy reads EndpointSlices, so this does not stop traffic)` }];
  }
  if (verdict !== 'receives' && verdict !== 'partial' && (isTerminating(pod.pod) || isTerminal(pod.pod) || pod.ips.length === 0)) return [];
  // A pod none of whose service ports resolves is skipped by the Endpoints controller too.
  if ([...pod.targetPorts.values()].every((port) => port === null)) return [];
  return [{ code: 'MissingFromEndpoints', message: `not in Endpoints ${name}` }];
}
