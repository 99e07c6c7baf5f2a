import type { ServiceView } from '../../model/view.ts';
import type { PortRouting } from '../routing.ts';
import type { TerminationReport } from '../termination/types.ts';
import type { PodReport, ServiceReport } from '../types.ts';

/** What the Service-level rules read: the view, and what the pod rules already concluded. */
export interface FindingInput {
  view: ServiceView;
  service: ServiceReport;
  pods: PodReport[];
  routing: Map<string, Map<string, PortRouting>>;
  /**
   * Pods whose rules contradict the slices: nodes without their rule, nodes with a stale one, and
   * `node (state)` where the dataplane holds a routed pod back (IPVS weight 0, a Cilium state).
   */
  drifting: { pod: string; unsynced: string[]; stale: string[]; held: string[] }[];
  termination: TerminationReport;
}
