/** explain/findings/findings.ts: every family's findings, most severe first, causes before their effects. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceFindings } from '../../../../src/explain/findings/findings.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { findingInput, pod, service } from '../../builders.ts';

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; order: string[] }[] = [
  {
    name: 'a selector that matches nothing comes before the "no ready endpoint" it causes (a stable sort)',
    input: { service: service('web', { selector: { app: 'wbe' } }), pods: [] },
    order: ['critical SelectorMatchesNoPods', 'critical NoReadyEndpoints'],
  },
  {
    name: 'critical, then warning, then info, whatever the family',
    input: { service: service('web', { publishNotReadyAddresses: true, sessionAffinity: 'ClientIP' }), pods: [pod('web-1-aaaaa')], unknown: [{ kind: 'Endpoints', why: 'forbidden' }] },
    order: ['critical NoReadyEndpoints', 'warning PublishNotReadyAddresses', 'warning NoPreStopDelay', 'warning ResourceUnknown', 'info SessionAffinity'],
  },
];

describe('serviceFindings', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(serviceFindings(findingInput(c.input)).map((f) => `${f.severity} ${f.code}`), c.order));
});
