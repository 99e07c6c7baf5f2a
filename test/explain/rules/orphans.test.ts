/**
 * explain/orphans.ts: addresses no pod of the Service owns (model/orphans.ts finds them), one
 * reason per kind of problem, naming every place the address was seen.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orphanReport } from '../../../src/explain/orphans.ts';
import type { NodeRules } from '../../../src/dataplane/types.ts';
import type { Snapshot } from '../../../src/model/snapshot.ts';
import { endpointFor, nodeRules, pod, service, shares, slice, viewOf } from '../builders.ts';

const live = pod('web-1-aaaaa', { ip: '10.244.1.2' });
const gone = pod('web-1-zzzzz', { ip: '10.244.1.9' });
const goneNotReady = pod('web-1-yyyyy', { ip: '10.244.1.8', ready: false });

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; dumps?: NodeRules[]; reports: string[] }[] = [
  {
    name: "a manual endpoint of a selector-less Service, and the rule that follows it",
    input: { service: service('ext', { selector: undefined }), endpointSlices: [slice('ext-x', [{ addresses: ['10.20.0.5'] }], 'ext')] },
    dumps: [nodeRules('node-a', [{ service: 'default/ext', endpoints: shares(['10.20.0.5']) }])],
    reports: ['10.20.0.5 [endpointslice/ext-x, iptables/node-a] ManualEndpoint: manual endpoint (the Service has no selector): ready in slice ext-x; kube-proxy DNATs to it on node-a (100%)'],
  },
  {
    name: 'a ready slice entry whose pod is gone, routed by kube-proxy as the slice says',
    input: { service: service(), pods: [live], endpointSlices: [slice('web-x', [endpointFor(live), endpointFor(gone)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.9']) }])],
    reports: ["10.244.1.9 [endpointslice/web-x, iptables/node-a] EndpointStale: ready in slice web-x, but pod/web-1-zzzzz is not among the Service's pods; kube-proxy DNATs to it on node-a (50%), following the slice"],
  },
  {
    name: 'a rule for an IP no ready endpoint has: the rules are stale',
    input: { service: service(), pods: [live], endpointSlices: [slice('web-x', [endpointFor(live), endpointFor(goneNotReady)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.8']) }])],
    reports: [
      "10.244.1.8 [endpointslice/web-x, iptables/node-a] EndpointStale: not ready in slice web-x, but pod/web-1-yyyyy is not among the Service's pods | StaleDataplaneRule: kube-proxy DNATs to it on node-a (50%), but no ready endpoint has this IP: the rules are stale",
    ],
  },
  {
    name: 'without Pods in the input no pod can be said to be gone',
    input: { service: service(), endpointSlices: [{ ...slice('web-x', [{ addresses: ['10.244.1.7'] }]) }], unknown: [{ kind: 'Pod', why: 'forbidden' }] },
    reports: ['10.244.1.7 [endpointslice/web-x] '],
  },
];

describe('endpoints without pods', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf(c.input, c.dumps ?? []);
      const reports = view.orphans.map((o) => orphanReport(o, view)).map((r) => `${r.address} [${r.seenIn.join(', ')}] ${r.reasons.map((x) => `${x.code}: ${x.message}`).join(' | ')}`);
      assert.deepEqual(reports, c.reports);
    });
  }
});
