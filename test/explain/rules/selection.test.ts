/**
 * explain/pod/selection.ts: a pod the selector does not match is a row only because something
 * still names it, and that is the root of its chain.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podContext } from '../../../src/explain/context.ts';
import { selectionCauses } from '../../../src/explain/pod/selection.ts';
import type { Pod } from '../../../src/kubernetes/objects.ts';
import type { NodeRules } from '../../../src/dataplane/types.ts';
import { endpointFor, nodeRules, pod, podIn, service, shares, slice, viewOf } from '../builders.ts';

const relabelled = pod('web-1-aaaaa', { app: 'web-quarantine', ip: '10.244.1.2' });

const cases: { name: string; pod: Pod; inSlice: boolean; dumps?: NodeRules[]; causes: string[] }[] = [
  { name: 'selected: nothing to say', pod: pod('web-1-bbbbb'), inSlice: true, causes: [] },
  { name: 'named by an endpoint only', pod: relabelled, inSlice: true, causes: ["NotSelected: the Service's selector does not match its labels (app=web-quarantine): an endpoint still names it"] },
  {
    name: "named by a node's rules only (relabelled out, stale rules)",
    pod: relabelled,
    inSlice: false,
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }])],
    causes: ["NotSelected: the Service's selector does not match its labels (app=web-quarantine): only node rules still send to its address"],
  },
  { name: 'the label is gone altogether', pod: { ...relabelled, metadata: { ...relabelled.metadata, labels: {} } }, inSlice: true, causes: ["NotSelected: the Service's selector does not match its labels (no app): an endpoint still names it"] },
];

describe('the selection link of one pod', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf({ service: service(), pods: [c.pod], endpointSlices: [slice('web-x', c.inSlice ? [endpointFor(c.pod)] : [])] }, c.dumps ?? []);
      const causes = selectionCauses(podIn(view, c.pod.metadata.name), podContext(view));
      assert.deepEqual(causes.map((r) => `${r.code}: ${r.message}`), c.causes);
    });
  }
});
