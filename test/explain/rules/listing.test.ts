/**
 * explain/listing.ts: `list` counts each endpoint in the category kube-proxy files it under
 * (routing.ts endpointCategory, after pkg/proxy/topology.go CategorizeEndpoints), so a row's
 * counts never contradict the finding `explain` puts on the same Service.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/explain/explain.ts';
import { byWorstFirst, endpointCounts, serviceRow, type EndpointCounts } from '../../../src/explain/listing.ts';
import type { EndpointSlice, EndpointSliceEndpoint, Pod } from '../../../src/kubernetes/objects.ts';
import { endpointFor, pod, service, slice, snapshot } from '../builders.ts';

const none: EndpointCounts = { ready: 0, servingOnly: 0, terminating: 0, notReady: 0 };
const at = (ip: string, conditions: EndpointSliceEndpoint['conditions']): EndpointSliceEndpoint => ({ addresses: [ip], ...(conditions ? { conditions } : {}) });
const fqdn = (name: string, endpoints: EndpointSliceEndpoint[]): EndpointSlice => ({ ...slice(name, endpoints), addressType: 'FQDN' });
const leaving = pod('web-1-ccccc', { deleting: true });

interface Case {
  name: string;
  slices: EndpointSlice[];
  counts: EndpointCounts;
  /** The endpoint finding `explain` makes for the Service (one port), or null for none of them. */
  finding: 'NoReadyEndpoints' | 'ServingTerminatingFallback' | 'SingleEndpoint' | null;
}

const cases: Case[] = [
  { name: 'ready pods are ready', slices: [slice('web-x', [endpointFor(pod('web-1-aaaaa')), endpointFor(pod('web-1-bbbbb'))])], counts: { ...none, ready: 2 }, finding: null },
  { name: 'a nil condition reads as ready (endpointslicecache.go: Ready==nil)', slices: [slice('web-x', [at('10.0.0.1', undefined)])], counts: { ...none, ready: 1 }, finding: 'SingleEndpoint' },
  { name: 'a terminating pod still serving is the fallback', slices: [slice('web-x', [endpointFor(leaving)])], counts: { ...none, servingOnly: 1 }, finding: 'ServingTerminatingFallback' },
  { name: 'terminating and no longer serving', slices: [slice('web-x', [at('10.0.0.1', { ready: false, serving: false, terminating: true })])], counts: { ...none, terminating: 1 }, finding: 'NoReadyEndpoints' },
  // Disagreed before: `list` read serving==nil as "serving only" (the fallback), while kube-proxy
  // falls back only to serving *and terminating* endpoints, so `explain` said no ready endpoint.
  {
    name: 'a mirrored notReadyAddress (ready=false alone, endpointslicemirroring addressToEndpoint) is not ready, not the fallback',
    slices: [slice('web-x', [at('10.0.0.1', { ready: false })])],
    counts: { ...none, notReady: 1 },
    finding: 'NoReadyEndpoints',
  },
  { name: 'serving but neither ready nor terminating is never routed', slices: [slice('web-x', [at('10.0.0.1', { ready: false, serving: true, terminating: false })])], counts: { ...none, notReady: 1 }, finding: 'NoReadyEndpoints' },
  // Disagreed before: `list` counted FQDN slices, which kube-proxy ignores.
  { name: 'an FQDN slice is not read by kube-proxy', slices: [fqdn('web-dns', [at('db.example.com', { ready: true })])], counts: none, finding: 'NoReadyEndpoints' },
  {
    name: 'a dual-stack pod is one endpoint',
    slices: [slice('web-v4', [endpointFor(pod('web-1-aaaaa'))]), { ...slice('web-v6', [{ ...endpointFor(pod('web-1-aaaaa')), addresses: ['fd00::5'] }]), addressType: 'IPv6' }],
    counts: { ...none, ready: 1 },
    finding: 'SingleEndpoint',
  },
];

describe('list counts endpoints the way explain categorises them', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(endpointCounts({ slices: c.slices }), c.counts);
    });

    it(`${c.name}: the counts agree with explain's finding`, () => {
      const input = snapshot({ service: service('web', { selector: undefined }), endpointSlices: c.slices });
      const codes = explain(input).findings.map((f) => f.code);
      const { ready, servingOnly } = endpointCounts({ slices: c.slices });
      assert.equal(codes.includes('NoReadyEndpoints'), ready + servingOnly === 0, codes.join(','));
      assert.equal(codes.includes('ServingTerminatingFallback'), ready === 0 && servingOnly > 0, codes.join(','));
      const endpointFindings = codes.filter((code) => code === 'NoReadyEndpoints' || code === 'ServingTerminatingFallback' || code === 'SingleEndpoint');
      assert.deepEqual(endpointFindings, c.finding === null ? [] : [c.finding]);
    });
  }

  it('a row: pods the selector matches, the counts, and the worst finding explain makes', () => {
    const ready = pod('web-1-aaaaa');
    const row = serviceRow(snapshot({ service: service(), pods: [ready, leaving], endpointSlices: [slice('web-x', [endpointFor(ready), endpointFor(leaving)])] }));
    assert.deepEqual([row.namespace, row.name, row.type, row.pods], ['default', 'web', 'ClusterIP', 2]);
    assert.deepEqual(row.endpoints, { ...none, ready: 1, servingOnly: 1 });
    // The builder's pods have no preStop hook: a warning, worse than the single ready endpoint (info).
    assert.equal(row.worst?.code, 'NoPreStopDelay');
  });

  it('kinds that could not be read leave their column unknown, not zero', () => {
    const row = serviceRow(snapshot({ service: service(), unknown: [{ kind: 'Pod', why: 'forbidden' }, { kind: 'EndpointSlice', why: 'forbidden' }] }));
    assert.deepEqual([row.pods, row.endpoints], [null, null]);
  });
});

/** A pod that sleeps in preStop, so its Service has no termination finding (the builder's pods have no hook). */
function sleeping(p: Pod): Pod {
  const containers = (p.spec?.containers ?? []).map((c) => ({ ...c, lifecycle: { preStop: { sleep: { seconds: 15 } } } }));
  return { ...p, spec: { ...p.spec, containers } };
}

describe('list ranks Services by what their pods get', () => {
  const up = pod('web-1-aaaaa');
  const down = pod('web-1-bbbbb', { ready: false });
  const gated = pod('web-1-ccccc', { ready: false, gate: { type: 'example.com/lb', status: 'False' } });
  const rows = {
    // one of two pods lost to a probe: ranks above anything with no pod lost
    half: serviceRow(snapshot({ service: service('half', { selector: { app: 'web' } }), pods: [up, down], endpointSlices: [slice('half-x', [endpointFor(up), endpointFor(down)])] })),
    // one of three lost to a readiness gate
    third: serviceRow(snapshot({ service: service('third', { selector: { app: 'web' } }), pods: [up, pod('web-1-ddddd'), gated], endpointSlices: [slice('third-x', [endpointFor(up), endpointFor(pod('web-1-ddddd')), endpointFor(gated)])] })),
    // no selector: an info finding, no pod lost
    manual: serviceRow(snapshot({ service: service('manual', { selector: undefined }), endpointSlices: [slice('manual-x', [endpointFor(up)])] })),
    // slices forbidden: every pod unknown, nothing known lost
    unknown: serviceRow(snapshot({ service: service('unknown', { selector: { app: 'web' } }), pods: [up], unknown: [{ kind: 'EndpointSlice', why: 'forbidden' }] })),
    // all well, and safe to roll (a preStop sleep)
    fine: serviceRow(snapshot({ service: service('fine', { selector: { app: 'web' } }), pods: [sleeping(up), sleeping(pod('web-1-ddddd'))], endpointSlices: [slice('fine-x', [endpointFor(up), endpointFor(pod('web-1-ddddd'))])] })),
  };

  it('each row says what its pods get, and the root cause of each lost pod', () => {
    assert.deepEqual([rows.half.traffic, rows.half.causes], [{ pods: 2, receiving: 1, notReceiving: 1, unknown: 0 }, [{ code: 'ReadinessProbeNotPassed', pods: 1 }]]);
    assert.deepEqual(rows.third.causes, [{ code: 'ReadinessGateFalse', pods: 1 }]);
    assert.deepEqual([rows.unknown.traffic, rows.unknown.causes], [{ pods: 1, receiving: 0, notReceiving: 0, unknown: 1 }, []]);
  });

  it('lost pods first, the larger share higher; then known problems; then unknown pods; then info, then none', () => {
    const order = Object.values(rows).sort(byWorstFirst).map((r) => r.name);
    assert.deepEqual(order, ['half', 'third', 'unknown', 'manual', 'fine']);
  });
});
