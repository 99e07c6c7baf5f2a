/** Resources that were not captured or were forbidden, when their absence leaves a link unknown. */
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

const UNKNOWN_EFFECT: Record<string, string> = {
  EndpointSlice: 'which endpoints kube-proxy routes to is unknown',
  Endpoints: 'the legacy Endpoints column is unknown',
  Pod: 'pod readiness is unknown (rows come from endpoint targetRefs)',
  Node: 'node readiness and zones are not checked',
  Event: 'probe failures are not quoted',
};

/** Kinds only the termination window reads: what they leave unknown is said there, fact by fact. */
const TERMINATION_KINDS = new Set(['Namespace', 'Ingress', 'IngressClass']);

export function unknownFindings({ view, service, pods }: FindingInput): Finding[] {
  // Nodes and Events only add detail; missing slices, Endpoints or Pods leave a link unknown.
  // An ExternalName Service has no endpoints at all, and without a selector pods do not matter.
  if (service.type === 'ExternalName') return [];
  // Events and Nodes only explain pods that are not Ready: with none, their absence changes nothing.
  const someNotReady = pods.some((p) => p.ready !== 'True');
  const relevant = view.unknown.filter((u) => !TERMINATION_KINDS.has(u.kind)).filter((u) => (u.kind === 'Event' || u.kind === 'Node' ? service.selector && someNotReady : service.selector || u.kind !== 'Pod'));
  return relevant.map((u) => ({
    code: 'ResourceUnknown' as const,
    severity: u.kind === 'Node' || u.kind === 'Event' ? ('info' as const) : ('warning' as const),
    message: `${u.kind} ${u.why}: ${UNKNOWN_EFFECT[u.kind] ?? 'that link of the chain is unknown'}`,
  }));
}
