/**
 * explain/pod/reasons.ts: the last links of a pod's chain, from what the nodes' rules do with
 * it, and the reasons that close it (the NoReadinessProbe note is not a link).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podContext } from '../../../src/explain/context.ts';
import type { DataplaneFact, DataplaneVerdict } from '../../../src/explain/pod/dataplane.ts';
import { closingReasons, dataplaneCauses } from '../../../src/explain/pod/reasons.ts';
import type { Verdict } from '../../../src/explain/types.ts';
import type { Pod } from '../../../src/kubernetes/objects.ts';
import { endpointFor, pod, podIn, service, slice, viewOf } from '../builders.ts';

const fact = (node: string, verdict: DataplaneVerdict, share: number | null = null): DataplaneFact => ({ verdict, report: { node, dataplane: 'iptables', family: 'IPv4', servicePort: '80', rule: verdict.kind, share, localShare: null } });

describe('dataplaneCauses: what the nodes do with the pod', () => {
  const cases: { name: string; facts: DataplaneFact[]; causes: string[] }[] = [
    { name: 'every node DNATs to it as it should: nothing', facts: [fact('a', { kind: 'present', expected: true })], causes: [] },
    { name: 'routed but missing: not synced, a root cause', facts: [fact('a', { kind: 'absent', expected: true, why: null })], causes: ['NoDataplaneRule: no KUBE-SEP rule on a although the slice routes it: kube-proxy there has not synced'] },
    { name: 'not routed and missing: only the last link', facts: [fact('a', { kind: 'absent', expected: false, why: null }), fact('b', { kind: 'absent', expected: false, why: null })], causes: ['NoDataplaneRule: no KUBE-SEP rule on a, b'] },
    { name: 'kept elsewhere by topology hints', facts: [fact('a', { kind: 'absent', expected: false, why: 'hints' })], causes: ['TopologyHintsElsewhere: topology hints keep the traffic of a on other endpoints (same zone or node): it sends it nothing, by design'] },
    { name: 'a stale rule, with the share it still gets', facts: [fact('a', { kind: 'present', expected: false }, 0.25)], causes: ['StaleDataplaneRule: kube-proxy still DNATs to it on a (25% of new connections): its rules are stale'] },
    {
      name: 'internalTrafficPolicy Local keeps it on the other nodes',
      facts: [fact('b', { kind: 'absent', expected: true, why: 'policy' }), fact('c', { kind: 'absent', expected: true, why: 'policy' })],
      causes: ['TrafficPolicyLocal: internalTrafficPolicy Local: b, c keep cluster IP traffic on the node and send it nothing'],
    },
  ];
  const pv = podIn(viewOf({ service: service(), pods: [pod('web-1-aaaaa')] }), 'web-1-aaaaa');
  for (const c of cases) it(c.name, () => assert.deepEqual(dataplaneCauses(pv, c.facts).map((r) => `${r.code}: ${r.message}`), c.causes));
});

describe('closingReasons: the fallback and the notes', () => {
  const cases: { name: string; pod: Pod; selector?: Record<string, string>; verdict: Verdict; reasons: string[] }[] = [
    { name: 'a probed, selected pod: nothing', pod: pod('web-1-aaaaa'), verdict: 'receives', reasons: [] },
    { name: 'the fallback is a link', pod: pod('web-1-aaaaa', { deleting: true }), verdict: 'fallback', reasons: ['FallbackOnly (link): no endpoint is ready, so kube-proxy falls back to serving terminating endpoints'] },
    { name: 'no readiness probe: a note, not a link', pod: pod('web-1-aaaaa', { probe: false }), verdict: 'receives', reasons: ['NoReadinessProbe (note): no readiness probe: Ready as soon as its containers run, whether or not the app can serve'] },
    { name: 'no readiness probe, but terminating: nothing to warn about', pod: pod('web-1-aaaaa', { probe: false, deleting: true }), verdict: 'none', reasons: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf({ service: service(), pods: [c.pod], endpointSlices: [slice('web-x', [endpointFor(c.pod)])] });
      const reasons = closingReasons(podIn(view, c.pod.metadata.name), podContext(view), c.verdict);
      assert.deepEqual(reasons.map((r) => `${r.code} (${r.link ? 'link' : 'note'}): ${r.message}`), c.reasons);
    });
  }
});
