/**
 * Where a node's dump shows which endpoints a Service's port sends to but not how much each gets:
 * an IPVS scheduler that picks by load or by client (lc, wlc, sh, mh, ...; kubeproxy/ipvs/shares.ts
 * cites the kernel's schedulers), or a Cilium dump that shows no selection (`bpf lb list` prints
 * no states nor active count; weights that differ; a mix of preferred backends). The pods' cells
 * are `rule`, never a made-up share: this finding says why, with the scheduler named.
 */
import type { NodeRules } from '../../dataplane/types.ts';
import { decidesByLoad, schedulerByLoad } from '../../dataplane/words.ts';
import type { Finding } from '../types.ts';

export function shareFindings(dumps: readonly NodeRules[], service: string): Finding[] {
  const findings: Finding[] = [];
  for (const dump of dumps) {
    const entries = dump.services.filter((entry) => entry.service === service && [...(entry.endpoints ?? []), ...(entry.localEndpoints ?? [])].some((e) => e.share === null && e.ip !== null));
    const byLoad = [...new Set(entries.map((entry) => entry.scheduler).filter((s): s is string => decidesByLoad(s)))];
    if (dump.dataplane === 'ipvs' && byLoad.length > 0) {
      const which = byLoad.map(schedulerByLoad).join('; ');
      findings.push({ code: 'ShareUnknown', severity: 'info', message: `${dump.node}: ${which}: each pod's share of new connections there is unknown, not even` });
    } else if (dump.dataplane === 'cilium' && entries.length > 0) {
      findings.push({ code: 'ShareUnknown', severity: 'info', message: `${dump.node}: ${dump.source} lists the backends but not how Cilium picks among them (no backend states, or weights that differ): each pod's share of new connections there is unknown` });
    }
  }
  return findings;
}
