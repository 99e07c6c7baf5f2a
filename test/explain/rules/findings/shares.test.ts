/**
 * explain/findings/shares.ts: where a node's dump shows which pods a service port sends to but not
 * how much each gets, a finding says why, with the IPVS scheduler named, rather than a made-up
 * share (kubeproxy/ipvs/shares.ts: only rr and wrr follow from the table).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shareFindings } from '../../../../src/explain/findings/shares.ts';
import type { EndpointShare, NodeRules } from '../../../../src/dataplane/types.ts';
import { nodeRules, shares } from '../../builders.ts';

const unknown = (ips: string[]): EndpointShare[] => shares(ips).map((e) => ({ ...e, share: null, chain: null }));
const ipvs = (scheduler: string, endpoints: EndpointShare[]): NodeRules => ({ ...nodeRules('node-a', [{ endpoints, scheduler }]), dataplane: 'ipvs' });
const cilium = (endpoints: EndpointShare[]): NodeRules => ({ ...nodeRules('node-b', [{ endpoints }]), dataplane: 'cilium', source: 'bpf-lb.txt' });

const cases: { name: string; dumps: NodeRules[]; findings: string[] }[] = [
  { name: 'IPVS rr: the shares are known, nothing to say', dumps: [ipvs('rr', shares(['10.0.0.1', '10.0.0.2']))], findings: [] },
  {
    name: 'IPVS wlc: the scheduler is named, the share is unknown',
    dumps: [ipvs('wlc', unknown(['10.0.0.1', '10.0.0.2']))],
    findings: ['info ShareUnknown: node-a: scheduler wlc picks by load or by client: each pod\'s share of new connections there is unknown, not even'],
  },
  {
    name: "Cilium's bpf lb list: backends without states, the share is unknown",
    dumps: [cilium(unknown(['10.0.0.1']))],
    findings: ["info ShareUnknown: node-b: bpf-lb.txt lists the backends but not how Cilium picks among them (no backend states, or weights that differ): each pod's share of new connections there is unknown"],
  },
  { name: 'Cilium with states: the shares are known', dumps: [cilium(shares(['10.0.0.1']))], findings: [] },
  { name: "another Service's entry says nothing of this one", dumps: [{ ...ipvs('lc', unknown(['10.0.0.1'])), services: ipvs('lc', unknown(['10.0.0.1'])).services.map((e) => ({ ...e, service: 'default/other' })) }], findings: [] },
];

describe('shares a dump cannot give', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(shareFindings(c.dumps, 'default/web').map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings);
    });
  }
});
