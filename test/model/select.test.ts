/**
 * model/select.ts, the two extras it gathers for the silent causes: the namespace's other pods
 * when the selector matches none (near misses), and every Node name of the input with the Nodes
 * the dumps name kept (a dump's node name is checked, its zone known).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, NodeObject } from '../../src/kubernetes/objects.ts';
import { selectService } from '../../src/model/select.ts';
import { pod, service } from '../explain/builders.ts';

const node = (name: string): NodeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const other = { ...pod('db-0', { app: 'db' }) };
const elsewhere = { ...pod('web-9-zzzzz'), metadata: { ...pod('web-9-zzzzz').metadata, namespace: 'prod' } };

describe('selectService: near-miss pods and node names', () => {
  const cases: { name: string; objects: KubeObject[]; dumpNodes?: string[]; namespacePods: string[]; nodes: string[]; nodeNames: string[] }[] = [
    {
      name: 'a selector that matches: no other pod is kept',
      objects: [service(), pod('web-1-aaaaa'), other, node('node-a'), node('node-b')],
      namespacePods: [],
      nodes: ['node-a'],
      nodeNames: ['node-a', 'node-b'],
    },
    {
      name: 'a selector that matches nothing: the namespace\'s other pods, not another namespace\'s',
      objects: [service('web', { selector: { app: 'wbe' } }), pod('web-1-aaaaa'), other, elsewhere],
      namespacePods: ['web-1-aaaaa', 'db-0'],
      nodes: [],
      nodeNames: [],
    },
    {
      name: 'the Nodes the dumps name are kept with the pods\' ones',
      objects: [service(), pod('web-1-aaaaa'), node('node-a'), node('client'), node('node-z')],
      dumpNodes: ['client', 'missing'],
      namespacePods: [],
      nodes: ['node-a', 'client'],
      nodeNames: ['node-a', 'client', 'node-z'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = selectService(c.objects, { name: 'web', namespace: 'default' }, c.dumpNodes ? { dumpNodes: c.dumpNodes } : {});
      assert.deepEqual((snapshot.namespacePods ?? []).map((p) => p.metadata.name), c.namespacePods);
      assert.deepEqual(snapshot.nodes.map((n) => n.metadata.name), c.nodes);
      assert.deepEqual(snapshot.nodeNames, c.nodeNames);
    });
  }
});
