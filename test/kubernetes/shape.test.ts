/**
 * The shape check (src/kubernetes/shape.ts): the first field of the wrong shape, named by its path
 * from the object's root, in the order the shape lists its fields.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstProblem, list, map, num, obj, required, str, type Shape, type ShapeProblem } from '../../src/kubernetes/shape.ts';

const SERVICE: Shape = obj({
  metadata: required(obj({ name: required(str), labels: map(str) })),
  spec: obj({
    selector: map(str),
    ports: list(obj({ port: required(num), targetPort: 'intOrString', name: str })),
  }),
});

const cases: [name: string, value: unknown, expected: ShapeProblem | null][] = [
  ['a whole Service', { metadata: { name: 'web', labels: { app: 'web' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } }, null],
  ['absent and null optional fields', { metadata: { name: 'web', labels: null }, spec: { ports: null } }, null],
  ['fields the shape does not name are not read', { metadata: { name: 'web', extra: [1] }, status: 7 }, null],
  ['not a mapping at all', 'web', { path: '(the object)', problem: 'is a string, not a mapping' }],
  ['a required field missing', { metadata: {} }, { path: 'metadata.name', problem: 'is missing' }],
  ['a required field null, as Go reads it', { metadata: { name: null } }, { path: 'metadata.name', problem: 'is missing' }],
  ['a list item of the wrong shape', { metadata: { name: 'w' }, spec: { ports: [{ port: 80 }, { port: '80' }] } }, { path: 'spec.ports[1].port', problem: 'is a string, not a number' }],
  ['a null list item', { metadata: { name: 'w' }, spec: { ports: [{ port: 80 }, null] } }, { path: 'spec.ports[1]', problem: 'is null, not a mapping' }],
  ['a map value of the wrong shape, its key quoted when not a word', { metadata: { name: 'w', labels: { 'app.kubernetes.io/name': 3 } } }, { path: 'metadata.labels["app.kubernetes.io/name"]', problem: 'is a number, not a string' }],
  ['intOrString refuses a mapping', { metadata: { name: 'w' }, spec: { ports: [{ port: 80, targetPort: {} }] } }, { path: 'spec.ports[0].targetPort', problem: 'is a mapping, not a number or a string' }],
  ['a list where a mapping belongs', { metadata: { name: 'w' }, spec: { selector: ['app'] } }, { path: 'spec.selector', problem: 'is a list, not a mapping' }],
  ['the first problem in the shape\'s order: metadata before spec', { metadata: { name: 1 }, spec: { ports: 'x' } }, { path: 'metadata.name', problem: 'is a number, not a string' }],
  ['within a list, the first item with a problem', { metadata: { name: 'w' }, spec: { ports: [{ port: 80, name: 1 }, { port: 'x' }] } }, { path: 'spec.ports[0].name', problem: 'is a number, not a string' }],
];

describe('firstProblem', () => {
  for (const [name, value, expected] of cases) {
    it(name, () => assert.deepEqual(firstProblem(value, SERVICE), expected));
  }

  it('a shape checked again gives the same answer', () => {
    const value = { metadata: { name: 'w' }, spec: { ports: [{ port: 80 }, { port: '80' }] } };
    assert.deepEqual(firstProblem(value, SERVICE), firstProblem(value, SERVICE));
  });
});
