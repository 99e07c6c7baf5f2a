/**
 * The EndpointSlice link. The controller writes ready = publishNotReadyAddresses || (podReady &&
 * !terminating), serving = podReady, terminating = deletionTimestamp set
 * (staging/src/k8s.io/endpointslice/utils.go podToEndpoint), so a slice that disagrees with the
 * pod means the controller has not caught up yet.
 */
import { isTerminal, isTerminating, podCondition } from '../../kubernetes/pod.ts';
import type { PodView, PortView, SliceEntry } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import { endpointState } from '../routing.ts';
import type { Cause } from '../types.ts';

export function sliceReasons(pod: PodView, port: PortView, entries: readonly SliceEntry[], ctx: PodContext): Cause[] {
  if (entries.length === 0) return ctx.slicesMissing === null ? missing(pod, port, ctx) : [routingUnknown(ctx.slicesMissing)];
  const pnra = ctx.view.service.spec?.publishNotReadyAddresses === true;
  const podReady = podCondition(pod.pod, 'Ready')?.status === 'True';
  return entries.flatMap((entry): Cause[] => {
    const state = endpointState(entry.endpoint);
    const where = `in slice ${entry.slice.metadata.name}`;
    if (state.ready && !podReady && !pod.phantom) {
      if (pnra) return [{ code: 'PublishNotReadyAddresses', message: `ready=true ${where} anyway: the Service sets publishNotReadyAddresses` }];
      return [{ code: 'EndpointStale', message: `ready=true ${where} although the pod is not Ready: the slice is stale` }];
    }
    if (state.ready) return [];
    if (state.serving && state.terminating) {
      return [{ code: 'EndpointServingTerminating', message: `serving=true terminating=true ${where}: used only if no endpoint is ready` }];
    }
    const lag = podReady && !isTerminating(pod.pod) ? ' although the pod is Ready: the EndpointSlice controller has not caught up' : '';
    return [{ code: 'EndpointNotReady', message: `ready=false ${where}${lag}` }];
  });
}

/** Without the slices, whether kube-proxy routes to the pod is unknown: say what is missing. */
function routingUnknown(missing: string): Cause {
  return { code: 'RoutingUnknown', message: `${missing}: whether kube-proxy routes to it is unknown` };
}

/**
 * Absent from every slice for this port. A pod without an IP or in a terminal phase is left out on
 * purpose, and one whose named targetPort does not resolve sits in a slice of another port set
 * (reconciler.go groups endpoints by resolved ports): the earlier reasons already say why.
 */
function missing(pod: PodView, port: PortView, ctx: PodContext): Cause[] {
  if (pod.ips.length === 0 || isTerminal(pod.pod) || (pod.targetPorts.get(port.label) === null && !pod.phantom)) return [];
  const multiPort = ctx.view.ports.length > 1 ? ` for port ${port.label}` : '';
  const lag = pod.selected && !pod.phantom ? ' (the EndpointSlice controller has not caught up)' : '';
  return [{ code: 'MissingFromEndpointSlice', message: `not in any EndpointSlice${multiPort}${lag}` }];
}
