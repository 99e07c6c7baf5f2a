/**
 * explain/pod/dataplane.ts: what one node's rules do with one pod, against what they should do.
 * kube-proxy writes a KUBE-SEP chain only for endpoints it routes to (proxier.go syncProxyRules),
 * so a routed pod without one means that node has not synced, and a not-routed pod with one is a
 * stale rule, unless topology hints or a Local policy explain it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFacts, type DataplaneVerdict } from '../../../src/explain/pod/dataplane.ts';
import type { DataplaneReport } from '../../../src/explain/types.ts';
import type { NodeRules } from '../../../src/dataplane/types.ts';
import { endpointChainName } from '../../../src/kubeproxy/hash.ts';
import { pod, podIn, portIn, service, shares, nodeRules, viewOf } from '../builders.ts';

const IP = '10.244.1.2';
const p = pod('web-1-aaaaa', { ip: IP, node: 'node-a' });
const view = viewOf({ service: service(), pods: [p] });

interface Case {
  name: string;
  dump: NodeRules;
  routed?: boolean;
  routedLocally?: boolean;
  hintedElsewhere?: boolean | 'unknown';
  internalLocal?: boolean;
  /** false: the EndpointSlices were not captured. */
  slicesKnown?: boolean;
  verdict: DataplaneVerdict;
  report: Partial<DataplaneReport>;
}

/** An IPVS-mode node's iptables-save: it shows no service routing (src/dataplane/mode.ts). */
const ipvsNode: NodeRules = { ...nodeRules('node-a', []), routing: { shown: false, mode: 'ipvs', evidence: 'line 4 matches --match-set KUBE-CLUSTER-IP', command: 'ipvsadm -Ln' } };
/**
 * A balancing chain whose second KUBE-SEP chain a grep left out: its address is unknown, its share
 * is not, and its name is kube-proxy's hash of the endpoint (kubeproxy/hash.ts).
 */
const hidden = (chain: string) => nodeRules('node-a', [{ endpoints: [{ ip: '10.244.1.3', port: 8080, share: 0.5, chain: 'KUBE-SEP-A' }, { ip: null, port: null, share: 0.5, chain }] }], 'filtered');
const podsChain = endpointChainName('default/web', 'tcp', `${IP}:8080`);
const otherChain = endpointChainName('default/web', 'tcp', '10.244.1.9:8080');

const cases: Case[] = [
  { name: 'a node whose dump cannot show its routing (IPVS mode): unknown, never absent', dump: ipvsNode, routed: true, verdict: { kind: 'unknown' }, report: { rule: 'unknown' } },
  { name: "the address-less endpoint's chain is the one kube-proxy names for this pod: present, with its share", dump: hidden(podsChain), routed: true, verdict: { kind: 'present', expected: true }, report: { rule: 'present', share: 0.5 } },
  { name: "the address-less endpoint's chain is another endpoint's: absent", dump: hidden(otherChain), routed: true, verdict: { kind: 'absent', expected: true, why: null }, report: { rule: 'absent' } },
  { name: 'an address-less endpoint on a node of another dataplane, where no chain name can be computed: unknown', dump: { ...hidden(otherChain), dataplane: 'nftables' }, routed: true, verdict: { kind: 'unknown' }, report: { rule: 'unknown' } },
  {
    name: 'among the known endpoints of that chain: present, with its share',
    dump: nodeRules('node-a', [{ endpoints: [{ ip: IP, port: 8080, share: 0.5, chain: 'KUBE-SEP-A' }, { ip: null, port: null, share: 0.5, chain: 'KUBE-SEP-B' }] }], 'filtered'),
    routed: true,
    verdict: { kind: 'present', expected: true },
    report: { rule: 'present', share: 0.5 },
  },
  { name: 'slices unknown, and a rule: present, neither expected nor stale', dump: nodeRules('node-a', [{ endpoints: shares([IP]) }]), slicesKnown: false, verdict: { kind: 'present', expected: null }, report: { rule: 'present', share: 1 } },
  { name: 'slices unknown, and no rule: absent, neither expected nor unsynced', dump: nodeRules('node-a', [{ endpoints: shares(['10.244.1.3']) }]), slicesKnown: false, verdict: { kind: 'absent', expected: null, why: null }, report: { rule: 'absent' } },
  { name: 'routed, and the node DNATs to it: its share', dump: nodeRules('node-a', [{ endpoints: shares([IP, '10.244.1.3']) }]), routed: true, verdict: { kind: 'present', expected: true }, report: { rule: 'present', share: 0.5, family: 'IPv4' } },
  { name: 'routed, and no rule: that node has not synced', dump: nodeRules('node-b', [{ endpoints: shares(['10.244.1.3']) }]), routed: true, verdict: { kind: 'absent', expected: true, why: null }, report: { rule: 'absent' } },
  { name: 'not routed, and still a rule: stale', dump: nodeRules('node-a', [{ endpoints: shares([IP]) }]), routed: false, verdict: { kind: 'present', expected: false }, report: { rule: 'present', share: 1 } },
  { name: 'not routed, and no rule: as it should be', dump: nodeRules('node-a', [{ endpoints: [] }]), routed: false, verdict: { kind: 'absent', expected: false, why: null }, report: { rule: 'absent' } },
  { name: 'a filtered dump that does not show the service: unknown, never absent', dump: nodeRules('node-a', [], 'filtered'), routed: true, verdict: { kind: 'unknown' }, report: { rule: 'unknown', family: null } },
  { name: 'the service port is there but none of its chains are: unknown', dump: nodeRules('node-a', [{ endpoints: null }], 'filtered'), routed: true, verdict: { kind: 'unknown' }, report: { rule: 'unknown' } },
  { name: "routed, but topology hints keep this node's traffic elsewhere: by design", dump: nodeRules('node-b', [{ endpoints: shares(['10.244.1.3']) }]), routed: true, hintedElsewhere: true, verdict: { kind: 'absent', expected: false, why: 'hints' }, report: { rule: 'absent' } },
  { name: "hints, but the node's zone is unknown: not called drift either", dump: nodeRules('node-b', [{ endpoints: shares(['10.244.1.3']) }]), routed: true, hintedElsewhere: 'unknown', verdict: { kind: 'absent', expected: false, why: 'hints' }, report: { rule: 'absent' } },
  {
    name: 'internalTrafficPolicy Local, pod on another node: that node keeps the traffic, by policy',
    dump: nodeRules('node-b', [{ endpoints: null, localEndpoints: [], noEndpoints: 'drop' }]),
    routed: true,
    internalLocal: true,
    verdict: { kind: 'absent', expected: true, why: 'policy' },
    report: { rule: 'absent' },
  },
  {
    name: "in its node's Local-policy chain, where it belongs: the local share",
    dump: nodeRules('node-a', [{ endpoints: shares(['10.244.1.3']), localEndpoints: shares([IP]) }]),
    routed: false,
    routedLocally: true,
    verdict: { kind: 'present', expected: true },
    report: { rule: 'present', share: null, localShare: 1 },
  },
  {
    name: "Cilium keeps a not-ready pod as a maintenance backend: listed, held back, no rule to it",
    dump: { ...nodeRules('node-a', [{ endpoints: [{ ...shares([IP])[0]!, share: 0, state: 'maintenance' }, { ...shares(['10.244.1.3'])[0]!, share: 1, state: 'active' }] }]), dataplane: 'cilium' },
    routed: false,
    verdict: { kind: 'absent', expected: false, why: null, held: 'maintenance' },
    report: { rule: 'present', state: 'maintenance', dataplane: 'cilium' },
  },
  {
    name: 'IPVS weight 0 for a pod the slice routes: held back, and the node has not caught up',
    dump: { ...nodeRules('node-a', [{ endpoints: [{ ...shares([IP])[0]!, share: 0, weight: 0 }, { ...shares(['10.244.1.3'])[0]!, share: 1, weight: 1 }], scheduler: 'rr' }]), dataplane: 'ipvs' },
    routed: true,
    verdict: { kind: 'absent', expected: true, why: null, held: 'weight 0' },
    report: { rule: 'present', state: 'weight 0', scheduler: 'rr', dataplane: 'ipvs' },
  },
  {
    name: 'Cilium terminating backend while an active one is left: held back (used only when none is)',
    dump: { ...nodeRules('node-a', [{ endpoints: [{ ...shares([IP])[0]!, share: 0, state: 'terminating' }, { ...shares(['10.244.1.3'])[0]!, share: 1, state: 'active' }] }]), dataplane: 'cilium' },
    routed: false,
    verdict: { kind: 'absent', expected: false, why: null, held: 'terminating' },
    report: { rule: 'present', state: 'terminating' },
  },
  {
    name: 'IPVS wlc: the real server is there, its share unknown (null), the scheduler reported',
    dump: { ...nodeRules('node-a', [{ endpoints: [{ ...shares([IP])[0]!, share: null, weight: 1 }], scheduler: 'wlc' }]), dataplane: 'ipvs' },
    routed: true,
    verdict: { kind: 'present', expected: true },
    report: { rule: 'present', share: null, scheduler: 'wlc' },
  },
];

describe("one node's rules for one pod", () => {
  for (const c of cases) {
    it(c.name, () => {
      const [fact, ...more] = dataplaneFacts({
        pod: podIn(view, 'web-1-aaaaa'),
        port: portIn(view),
        service: 'default/web',
        dump: c.dump,
        routed: () => c.routed ?? false,
        routedLocally: () => c.routedLocally ?? false,
        hintedElsewhere: () => c.hintedElsewhere ?? false,
        internalLocal: c.internalLocal ?? false,
        slicesKnown: c.slicesKnown ?? true,
      });
      assert.ok(fact);
      assert.deepEqual(more, []);
      assert.deepEqual(fact.verdict, c.verdict);
      assert.deepEqual({ ...fact.report, ...c.report }, fact.report, `report ${JSON.stringify(fact.report)}`);
      assert.equal(fact.report.node, c.dump.node);
    });
  }
});
