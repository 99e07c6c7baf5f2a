/** What the selected pods have in common: none selected, a named port none declares, no readiness probes. */
import { isKnown } from '../../model/snapshot.ts';
import { formatSelector } from '../../kubernetes/labels.ts';
import { probelessServingContainers } from '../pod/probeless.ts';
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

export function podFindings({ view, service, pods }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  const podsKnown = isKnown(view.unknown, 'Pod');
  const selected = pods.filter((p) => p.selected);
  if (service.selector && podsKnown && selected.length === 0) {
    findings.push({ code: 'SelectorMatchesNoPods', severity: 'critical', message: `selector ${formatSelector(service.selector)} matches no pod in namespace ${service.namespace}` });
  }
  // Pods known only from endpoint targetRefs (Pods forbidden or not captured) declare no ports.
  const phantoms = new Set(view.pods.filter((v) => v.phantom).map((v) => v.pod.metadata.name));
  const real = selected.filter((p) => !phantoms.has(p.name));
  const unresolved = view.ports.filter((port) => typeof port.spec.targetPort === 'string' && real.length > 0 && real.every((p) => p.ports.find((pp) => pp.servicePort === port.label)?.targetPort === null));
  for (const port of unresolved) {
    findings.push({ code: 'NamedPortUnresolved', severity: 'critical', message: `targetPort "${String(port.spec.targetPort)}" of port ${port.label} is a name no selected pod declares` });
  }
  const probeless = view.pods.filter((p) => p.selected && !p.phantom).map(probelessServingContainers).filter((names) => names.length > 0);
  if (probeless.length > 0) {
    const names = [...new Set(probeless.flat())].join(', ');
    findings.push({ code: 'NoReadinessProbe', severity: 'info', message: `${probeless.length} of ${selected.length} pods serve from containers without a readiness probe (${names}): they get traffic as soon as they run` });
  }
  return findings;
}
