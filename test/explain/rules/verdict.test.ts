/** explain/pod/verdict.ts: a verdict per service port, then one for the pod (types.ts Verdict). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataplaneFact, DataplaneVerdict } from '../../../src/explain/pod/dataplane.ts';
import { combine, portVerdict } from '../../../src/explain/pod/verdict.ts';
import type { RoutingMode } from '../../../src/explain/routing.ts';
import type { Verdict } from '../../../src/explain/types.ts';
import { endpointFor, pod, podIn, service, slice, viewOf } from '../builders.ts';

const p = pod('web-1-aaaaa', { ip: '10.244.1.2' });
const pv = podIn(viewOf({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])] }), 'web-1-aaaaa');
const fact = (node: string, verdict: DataplaneVerdict): DataplaneFact => ({ verdict, report: { node, dataplane: 'iptables', family: 'IPv4', servicePort: '80', rule: verdict.kind, share: null, localShare: null } });
const PRESENT = { kind: 'present', expected: true } as const;
const STALE = { kind: 'present', expected: false } as const;
const UNSYNCED = { kind: 'absent', expected: true, why: null } as const;
const BY_POLICY = { kind: 'absent', expected: true, why: 'policy' } as const;

interface Case {
  name: string;
  routed: boolean;
  mode?: RoutingMode;
  facts?: DataplaneFact[];
  slicesKnown?: boolean;
  localFallback?: boolean;
  verdict: Verdict;
}

const cases: Case[] = [
  { name: 'routed, no dumps: receives', routed: true, verdict: 'receives' },
  { name: 'routed as the fallback: fallback', routed: true, mode: 'fallback', verdict: 'fallback' },
  { name: 'routed, every node has the rule: receives', routed: true, facts: [fact('a', PRESENT), fact('b', PRESENT)], verdict: 'receives' },
  { name: 'routed, one node of two lacks the rule: partial', routed: true, facts: [fact('a', PRESENT), fact('b', UNSYNCED)], verdict: 'partial' },
  { name: 'routed, no node has the rule: none', routed: true, facts: [fact('a', UNSYNCED)], verdict: 'none' },
  { name: 'routed, a node drops it by Local policy: counted as missing there', routed: true, facts: [fact('a', PRESENT), fact('b', BY_POLICY)], verdict: 'partial' },
  { name: 'not routed, no rule anywhere: none', routed: false, verdict: 'none' },
  { name: 'not routed, yet a node still DNATs to it: stale', routed: false, facts: [fact('a', STALE)], verdict: 'stale' },
  { name: "not routed, but its node's Local-policy fallback: partial", routed: false, localFallback: true, verdict: 'partial' },
  { name: 'slices not captured and none names it: unknown', routed: false, slicesKnown: false, verdict: 'unknown' },
];

describe('portVerdict: one service port', () => {
  for (const c of cases) {
    it(c.name, () => {
      const entry = pv.sliceEntries[0];
      const verdict = portVerdict({
        pod: c.slicesKnown === false ? { ...pv, sliceEntries: [] } : pv,
        routedEntry: c.routed ? entry : undefined,
        routing: new Map([['IPv4', { mode: c.mode ?? 'ready', addresses: new Set(c.routed ? ['10.244.1.2'] : []), readyCount: 1 }]]),
        dataplane: c.facts ?? [],
        slicesKnown: c.slicesKnown ?? true,
        localFallback: c.localFallback ?? false,
      });
      assert.equal(verdict, c.verdict);
    });
  }
});

describe('combine: the pod from its ports', () => {
  const cases: { ports: Verdict[]; pod: Verdict }[] = [
    { ports: [], pod: 'unknown' },
    { ports: ['receives', 'receives'], pod: 'receives' },
    { ports: ['receives', 'fallback'], pod: 'fallback' },
    { ports: ['none', 'none'], pod: 'none' },
    { ports: ['unknown', 'unknown'], pod: 'unknown' },
    { ports: ['receives', 'none'], pod: 'partial' },
    { ports: ['stale', 'none'], pod: 'stale' },
    { ports: ['stale', 'receives'], pod: 'partial' },
  ];
  for (const c of cases) it(`${c.ports.join(' + ') || 'no port'} -> ${c.pod}`, () => assert.equal(combine(c.ports), c.pod));
});
