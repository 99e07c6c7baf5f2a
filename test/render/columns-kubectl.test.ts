/**
 * `-o custom-columns`, `--sort-by` and `--no-headers` against kubectl's own, on the same objects:
 * `kubectl get pods` (v1.32, on PATH) against the in-memory API server, and our printer on the
 * pods as that server serves them. Same bytes for every spec.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { renderCustomColumns, parseColumnsSpec, parseColumnsFile } from '../../src/render/output/columns.ts';
import { printable } from '../../src/render/printable.ts';
import { sortRows } from '../../src/render/output/sort.ts';
import { withServer } from '../apiserver/harness.ts';
import { Kubectl } from '../apiserver/kubectl.ts';

const SPECS = [
  'NAME:.metadata.name,IP:.status.podIP',
  'NAME:metadata.name,LABELS:.metadata.labels,NODE:{.spec.nodeName}',
  'C:.spec.containers[*].name,PORTS:.spec.containers[*].ports[*].containerPort',
  'READY:.status.conditions[?(@.type=="Ready")].status,MISSING:.spec.nothing',
  'OWNER:.metadata.ownerReferences[0].kind,PROBE:.spec.containers[0].readinessProbe',
  'A:.metadata.uid,B:.status.containerStatuses[0].ready,N:.status.containerStatuses[0].restartCount',
];

const SORTS = ['.metadata.name', '.status.podIP', '{.status.startTime}', 'metadata.creationTimestamp'];

describe('custom-columns and --sort-by print what kubectl v1.32 prints', { timeout: 600_000 }, () => {
  it('on the pods of the test API server', () =>
    withServer({}, async (server) => {
      const kubectl = new Kubectl(server);
      try {
        server.upsert({
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name: 'web-extra-10', namespace: 'default', uid: 'u-10', labels: { app: 'other', tier: 'x' } },
          spec: { nodeName: 'node-b', containers: [{ name: 'a' }, { name: 'b', ports: [{ containerPort: 80 }, { containerPort: 443 }] }] },
          status: { podIP: '10.244.0.10', conditions: [{ type: 'Ready', status: 'True' }] },
        });
        const served = await kubectl.run(['get', 'pods', '-o', 'json']);
        assert.equal(served.code, 0, served.stderr);
        const pods = (JSON.parse(served.stdout) as { items: KubeObject[] }).items;
        for (const spec of SPECS) {
          const theirs = await kubectl.run(['get', 'pods', '-o', `custom-columns=${spec}`]);
          assert.equal(theirs.code, 0, theirs.stderr);
          assert.equal(renderCustomColumns(parseColumnsSpec(spec), pods, false, printable), theirs.stdout, spec);
        }
        for (const sortBy of SORTS) {
          const spec = 'NAME:.metadata.name,IP:.status.podIP';
          const theirs = await kubectl.run(['get', 'pods', '--sort-by', sortBy, '--no-headers', '-o', `custom-columns=${spec}`]);
          assert.equal(theirs.code, 0, theirs.stderr);
          assert.equal(renderCustomColumns(parseColumnsSpec(spec), sortRows(pods, sortBy), true, printable), theirs.stdout, sortBy);
        }
      } finally {
        kubectl.cleanup();
      }
    }));

  it('reads a custom-columns file the way kubectl does: headers on one line, paths on the next', () => {
    const columns = parseColumnsFile('NAME   IP\n.metadata.name   {.status.podIP}\n');
    assert.deepEqual(columns.map((c) => [c.header, c.path.template]), [['NAME', '{.metadata.name}'], ['IP', '{.status.podIP}']]);
    assert.throws(() => parseColumnsFile('NAME IP\n.metadata.name\n'), { message: "number of headers (2) and field specifications (1) don't match" });
  });
});
