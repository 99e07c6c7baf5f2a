/**
 * The termination window of a Service from its joined view: the facts of src/termination/ over
 * the pods it selects, their Namespace and the Ingresses in front of them, and, for each pod being
 * deleted, how long its endpoint took to stop being ready, as far as the objects record it.
 */
import type { ServiceView } from '../../model/view.ts';
import { ingressesTo } from '../../routes/fronts.ts';
import { terminationFacts } from '../../termination/facts.ts';
import type { TerminationInput } from '../../termination/types.ts';
import { endpointRemovals } from './removal.ts';
import type { TerminationReport } from './types.ts';

export function terminationReport(view: ServiceView): TerminationReport {
  // An ExternalName Service is a DNS alias: no endpoints, no pods, nothing to roll.
  if (view.service.spec?.type === 'ExternalName') return { facts: [], removals: [], preStop: { measured: false, why: 'an ExternalName Service has no endpoints' } };
  const { removals, preStop } = endpointRemovals(view);
  // One key order for every fact in the document, whichever rule wrote it.
  const facts = terminationFacts(terminationInput(view)).map(({ code, state, severity, subject, message, evidence, fix }) => ({ code, state, severity, subject, message, evidence, fix }));
  return { facts, removals, preStop };
}

function terminationInput(view: ServiceView): TerminationInput {
  const why = (kind: string): string | undefined => view.unknown.find((u) => u.kind === kind)?.why;
  const classesWhy = why('IngressClass');
  const input: TerminationInput = {
    service: view.service,
    pods: view.pods.filter((p) => p.selected && !p.phantom).map((p) => p.pod),
    events: view.pods.flatMap((p) => p.events),
    namespace: why('Namespace') ? null : view.namespace,
    ingresses: ingressesTo(view.service, view.ingresses, classesWhy ? null : view.ingressClasses),
  };
  // Without a selector no pod is the Service's: unknown Pods change nothing (explain/findings/unknown.ts).
  const selects = Object.keys(view.service.spec?.selector ?? {}).length > 0;
  const pods = selects ? why('Pod') : undefined;
  const ingresses = why('Ingress');
  if (pods) input.podsUnknown = pods;
  if (ingresses) input.ingressesUnknown = ingresses;
  return input;
}
