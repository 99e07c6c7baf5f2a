/** explain/readiness/probe.ts: a probe the way a person names it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProbe } from '../../../src/explain/readiness/probe.ts';
import type { Probe } from '../../../src/kubernetes/objects.ts';

const cases: { name: string; probe: Probe; text: string }[] = [
  { name: 'exec: the command, quoted', probe: { exec: { command: ['cat', '/tmp/healthy'] } }, text: '"cat /tmp/healthy"' },
  { name: 'HTTP GET: port and path', probe: { httpGet: { path: '/readyz', port: 8080 } }, text: 'GET :8080/readyz' },
  { name: 'HTTPS GET on a named port, no path', probe: { httpGet: { port: 'http', scheme: 'HTTPS' } }, text: 'HTTPS GET :http/' },
  { name: 'TCP', probe: { tcpSocket: { port: 5432 } }, text: 'tcp :5432' },
  { name: 'gRPC with a service', probe: { grpc: { port: 9090, service: 'health' } }, text: 'grpc :9090/health' },
  { name: 'no handler', probe: {}, text: '(no handler)' },
];

describe('describeProbe', () => {
  for (const c of cases) it(c.name, () => assert.equal(describeProbe(c.probe), c.text));
});
