/**
 * explain/pod/family.ts: a dual-stack pod routed in one address family's slices and not in the
 * other's, and the per-family `partial` verdict port.ts gives it (each family has its own slices
 * and its own proxier).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podContext } from '../../../src/explain/context.ts';
import { familyGap } from '../../../src/explain/pod/family.ts';
import { portOutcome } from '../../../src/explain/pod/port.ts';
import type { Verdict } from '../../../src/explain/types.ts';
import type { EndpointSlice, EndpointSliceEndpoint, Pod } from '../../../src/kubernetes/objects.ts';
import { endpointFor, pod, podIn, portIn, service, slice, viewOf } from '../builders.ts';

function dual(name: string, v4: string, v6: string | null): Pod {
  const p = pod(name, { ip: v4 });
  if (p.status) p.status.podIPs = [{ ip: v4 }, ...(v6 ? [{ ip: v6 }] : [])];
  return p;
}
const v6Slice = (name: string, endpoints: EndpointSliceEndpoint[]): EndpointSlice => ({ ...slice(name, endpoints), addressType: 'IPv6' });
const at = (p: Pod, address: string, conditions?: EndpointSliceEndpoint['conditions']): EndpointSliceEndpoint => ({ ...endpointFor(p), addresses: [address], ...(conditions ? { conditions } : {}) });

const a = dual('web-1-aaaaa', '10.244.1.5', 'fd00:10:244:1::5');
const b = dual('web-1-bbbbb', '10.244.2.4', 'fd00:10:244:2::4');
const single = dual('web-1-ccccc', '10.244.3.3', null);
const dualStack = service('web', { ipFamilies: ['IPv4', 'IPv6'], clusterIPs: ['10.96.143.7', 'fd00:10:96::8f2a'] });

const cases: { name: string; slices: EndpointSlice[]; pods: Pod[]; pod: string; verdict: Verdict; gap: string | null }[] = [
  {
    name: 'ready in both families: receives, nothing to say',
    slices: [slice('web-v4', [at(a, '10.244.1.5'), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(a, 'fd00:10:244:1::5'), at(b, 'fd00:10:244:2::4')])],
    pods: [a, b],
    pod: 'web-1-aaaaa',
    verdict: 'receives',
    gap: null,
  },
  {
    name: 'ready in the IPv4 slice, ready=false in the IPv6 one: partial, both families named',
    slices: [slice('web-v4', [at(a, '10.244.1.5'), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(a, 'fd00:10:244:1::5', { ready: false, serving: false, terminating: false }), at(b, 'fd00:10:244:2::4')])],
    pods: [a, b],
    pod: 'web-1-aaaaa',
    verdict: 'partial',
    gap: 'DualStackPartial: routed in IPv4 slice web-v4 (10.244.1.5) but ready=false in IPv6 slice web-v6: IPv6 traffic to the Service does not reach it',
  },
  {
    name: 'in no IPv6 slice although the pod has an IPv6 address: partial',
    slices: [slice('web-v4', [at(a, '10.244.1.5'), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(b, 'fd00:10:244:2::4')])],
    pods: [a, b],
    pod: 'web-1-aaaaa',
    verdict: 'partial',
    gap: 'DualStackPartial: routed in IPv4 slice web-v4 (10.244.1.5) but in no IPv6 slice although it has IPv6 address fd00:10:244:1::5: IPv6 traffic to the Service does not reach it',
  },
  {
    name: 'the other way round: routed in IPv6 only',
    slices: [slice('web-v4', [at(a, '10.244.1.5', { ready: false, serving: true, terminating: true }), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(a, 'fd00:10:244:1::5'), at(b, 'fd00:10:244:2::4')])],
    pods: [a, b],
    pod: 'web-1-aaaaa',
    verdict: 'partial',
    gap: 'DualStackPartial: routed in IPv6 slice web-v6 (fd00:10:244:1::5) but ready=false serving=true terminating=true in IPv4 slice web-v4: IPv4 traffic to the Service does not reach it',
  },
  {
    name: 'a single-stack pod of a dual-stack Service: the controller puts it only where it has an address, nothing to say',
    slices: [slice('web-v4', [at(single, '10.244.3.3'), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(b, 'fd00:10:244:2::4')])],
    pods: [single, b],
    pod: 'web-1-ccccc',
    verdict: 'receives',
    gap: null,
  },
  {
    name: 'not routed in either family: not a family gap (the slice reasons say why)',
    slices: [slice('web-v4', [at(a, '10.244.1.5', { ready: false }), at(b, '10.244.2.4')]), v6Slice('web-v6', [at(a, 'fd00:10:244:1::5', { ready: false }), at(b, 'fd00:10:244:2::4')])],
    pods: [a, b],
    pod: 'web-1-aaaaa',
    verdict: 'none',
    gap: null,
  },
];

describe('a pod routed in one address family only', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf({ service: dualStack, pods: c.pods, endpointSlices: c.slices });
      const ctx = podContext(view);
      const pv = podIn(view, c.pod);
      const port = portIn(view);
      const gap = familyGap(pv, pv.sliceEntries, ctx.routing.get(port.label) ?? new Map());
      assert.equal(gap === null ? null : `${gap.code}: ${gap.message}`, c.gap);
      const outcome = portOutcome(pv, port, ctx);
      assert.equal(outcome.verdict, c.verdict);
      assert.equal(outcome.causes.some((x) => x.code === 'DualStackPartial'), c.gap !== null);
    });
  }
});
