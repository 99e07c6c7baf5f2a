/**
 * The watch core's side of --collect-dataplane: reads of a node's rules (here the real
 * `iptables-save` of examples/readiness-drill, before and after kube-proxy dropped 10.244.0.8)
 * become rule transitions of `node/NAME`, measured from the address's EndpointSlice change; a node
 * that cannot be read is unknown with its reason, never "no rules", and what changed while it was
 * unknown is not claimed as seen.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeDump } from '../../src/dataplane/decode.ts';
import type { NodeRules } from '../../src/dataplane/types.ts';
import type { EndpointSlice, KubeObject } from '../../src/kubernetes/objects.ts';
import { timelineLines, lineText } from '../../src/render/watch/timelineText.ts';
import { summaryText } from '../../src/render/watch/summaryText.ts';
import { readObjectFiles } from '../../src/sources/files.ts';
import { watchReducer } from '../../src/watch/reducer.ts';
import { initialWatchState, type WatchState } from '../../src/watch/state.ts';
import { watchSummary } from '../../src/watch/summary.ts';
import type { NodeRulesRead, Transition, WatchAction, WatchKind } from '../../src/watch/types.ts';
import { LIVE_KINDS, T0 } from './fixtures.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const SERVICE = 'default/readiness-deployment';
const rules = (name: 'before' | 'after'): Promise<NodeRules> => {
  const path = file(`examples/readiness-drill/iptables-save.${name}.txt`);
  return decodeDump(readFileSync(path, 'utf8'), { node: 'minikube', source: path, service: SERVICE });
};
const BEFORE = await rules('before');
const AFTER = await rules('after');
const FORBIDDEN = 'exec "iptables-save -t nat" in pod kube-system/kube-proxy-x: pods/exec is forbidden in namespace "kube-system"';

const drill = await readObjectFiles([file('examples/readiness-drill/objects.yaml')], Readable.from(['']));
/** The captured slice (10.244.0.8 not ready), and the same slice before the controller wrote it. */
const sliceAfter = drill.find((o) => o.kind === 'EndpointSlice' && o.metadata?.name === 'readiness-deployment-wscv5') as EndpointSlice;
const sliceBefore: EndpointSlice = { ...sliceAfter, endpoints: sliceAfter.endpoints?.map((e) => ({ ...e, conditions: { ready: true, serving: true, terminating: false } })) };

function start(objects: KubeObject[] = drill.map((o) => (o === sliceAfter ? sliceBefore : o))): WatchState {
  const state = initialWatchState({ name: 'readiness-deployment', namespace: 'default' }, LIVE_KINDS, { dataplane: true });
  const lists = LIVE_KINDS.map((kind: WatchKind): WatchAction => ({ type: 'relisted', kind, objects: objects.filter((o) => o.kind === kind), at: T0 }));
  return lists.reduce(watchReducer, state);
}

const read = (at: number, ...reads: NodeRulesRead[]): WatchAction => ({ type: 'node-rules', reads, at });
const minikube = (r: NodeRules): NodeRulesRead => ({ node: 'minikube', rules: [r] });
const unknown = (why: string): NodeRulesRead => ({ node: 'minikube', unknown: why });

function steps(actions: WatchAction[], state = start()) {
  const transitions: Transition[] = [];
  for (const action of actions) {
    state = watchReducer(state, action);
    transitions.push(...state.latest);
  }
  const ctx = { service: 'readiness-deployment', explanation: state.explanation };
  const lines = timelineLines(state.timeline, ctx).map(lineText).map((l) => l.replace(/^\S+/, ''));
  return { state, transitions, lines };
}

describe('watch --collect-dataplane: rule transitions on the nodes', () => {
  it("a node's first read is its baseline: no transition", () => {
    const { transitions, state } = steps([read(T0 + 1000, minikube(BEFORE))]);
    assert.deepEqual(transitions, []);
    assert.deepEqual(state.explanation?.nodes, ['minikube'], 'the rules read join the explanation as --iptables files do');
  });

  it('a rule gone after a slice change is a transition measured from that change, on the timeline and in the summary', () => {
    const { transitions, lines, state } = steps([
      read(T0 + 1000, minikube(BEFORE)),
      { type: 'event', kind: 'EndpointSlice', event: 'MODIFIED', object: sliceAfter, at: T0 + 3100 },
      read(T0 + 4000, minikube(BEFORE)),
      read(T0 + 5000, minikube(AFTER)),
    ]);
    const rule = transitions.filter((t) => t.source === 'dataplane');
    assert.deepEqual(rule.map((t) => [t.object, t.address, t.pod, t.field, t.from, t.to, t.sinceSliceChangeSeconds]), [
      ['node/minikube', '10.244.0.8', 'readiness-deployment-b5d4f7c47-jl97z', 'rule', 'present', 'absent', 1.9],
    ]);
    assert.ok(lines.includes(' rule for 10.244.0.8 removed on minikube (+1.9s after the slice change)'), lines.join('\n'));
    const summary = watchSummary(state, 'test');
    assert.deepEqual(summary.latencySeconds.dataplane, { count: 1, min: 1.9, median: 1.9, max: 1.9 });
    assert.equal(summary.ruleChanges, 1);
    assert.match(summaryText(summary), /^Latency from an EndpointSlice change to the nodes' rules:\n {2}rules {10}min 1\.9s {2}median 1\.9s {2}max 1\.9s {2}\(1 change\)$/m);
  });

  it('a rule change with no slice change seen before it has no latency, and is not counted in one', () => {
    const { transitions, state, lines } = steps([read(T0 + 1000, minikube(AFTER)), read(T0 + 2000, minikube(BEFORE))]);
    assert.deepEqual(transitions.map((t) => [t.address, t.from, t.to, t.sinceSliceChangeSeconds]), [['10.244.0.8', 'absent', 'present', null]]);
    assert.ok(lines.includes(' rule for 10.244.0.8 added on minikube'), lines.join('\n'));
    assert.equal(watchSummary(state, 'test').latencySeconds.dataplane?.count, 0);
  });

  it('a node that cannot be read is unknown with its reason, said once; its next read is a new baseline, not a change', () => {
    const { transitions, lines, state } = steps([
      read(T0 + 1000, minikube(BEFORE)),
      read(T0 + 2000, unknown(FORBIDDEN)),
      read(T0 + 3000, unknown(FORBIDDEN)),
    ]);
    assert.deepEqual(transitions, []);
    assert.equal(lines.filter((l) => l.includes('unknown')).length, 1);
    assert.ok(lines.includes(` rules of node minikube unknown: ${FORBIDDEN}`), lines.join('\n'));
    assert.ok(state.explanation?.unknown.includes(`dataplane of node minikube: ${FORBIDDEN}`));
    assert.ok(state.explanation?.findings.some((f) => f.code === 'DataplaneUnknown' && f.message === `unknown on node minikube: ${FORBIDDEN}`));
    assert.deepEqual(state.explanation?.nodes, [], 'no rules of minikube are claimed while it is unknown');
    const back = steps([read(T0 + 4000, minikube(AFTER))], state);
    assert.deepEqual(back.transitions, [], 'what changed while it was unknown was not seen');
    assert.ok(back.lines.includes(' rules of node minikube read again (changes while they were unknown were not seen)'), back.lines.join('\n'));
  });

  it('without --collect-dataplane a read changes nothing and the summary has no dataplane step', () => {
    const plain = initialWatchState({ name: 'readiness-deployment', namespace: 'default' }, LIVE_KINDS);
    const after = watchReducer(plain, read(T0, minikube(BEFORE)));
    assert.equal(after.dataplane, null);
    assert.equal(watchSummary(after, 'test').latencySeconds.dataplane, undefined);
  });
});
