/**
 * What `selectService` keeps of the termination window's kinds, from seed 004's Ingresses
 * (test/routes/fixtures/seed004-ingress.yaml): the Service's own Namespace, the Ingresses that
 * name it (directly, or as a target of an ALB `use-annotation` forward action, whatever the class),
 * the IngressClasses they name; and a kind absent from every file is unknown, not empty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { selectService } from '../../src/model/select.ts';
import { ingressesTo } from '../../src/routes/fronts.ts';
import { loadObjects } from '../routes/load.ts';

const fixture = new URL('../routes/fixtures/seed004-ingress.yaml', import.meta.url);
const namespaces: KubeObject[] = ['default', 'game-2048'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));

describe('selectService: what stands in front of the Service', () => {
  it('ng: named only inside the weighted-routing action; its Namespace and the alb class are kept', async () => {
    const s = selectService([...(await loadObjects(fixture)), ...namespaces], { name: 'ng', namespace: 'default' });
    assert.deepEqual(s.ingresses.map((i) => i.metadata.name), ['traffic-split']);
    assert.deepEqual(s.ingressClasses.map((c) => c.metadata.name), ['alb']);
    assert.equal(s.namespace?.metadata.name, 'default');
    assert.deepEqual(s.unknown.map((u) => u.kind), ['EndpointSlice', 'Endpoints', 'Pod', 'Node', 'Event']);
    // Half of the rule's requests go to ng, on Service port 80.
    assert.deepEqual(ingressesTo(s.service, s.ingresses, s.ingressClasses).map((f) => [f.ingress.metadata.name, f.servicePorts.map((p) => p.port)]), [['traffic-split', [80]]]);
  });

  it('service-2048: the Ingress of its own namespace only', async () => {
    const s = selectService(await loadObjects(fixture), { name: 'service-2048', namespace: 'game-2048' });
    assert.deepEqual(s.ingresses.map((i) => i.metadata.name), ['ingress-2048']);
    assert.equal(s.namespace, null);
    assert.ok(s.unknown.some((u) => u.kind === 'Namespace' && u.why === 'not in the input files'));
  });

  it('files without Ingresses: Ingress and IngressClass are unknown, not "none"', async () => {
    const objects = (await loadObjects(fixture)).filter((o) => o.kind !== 'Ingress' && o.kind !== 'IngressClass');
    const s = selectService(objects, { name: 'ng', namespace: 'default' });
    assert.deepEqual(s.unknown.filter((u) => u.kind.startsWith('Ingress')).map((u) => u.kind), ['Ingress', 'IngressClass']);
  });
});
