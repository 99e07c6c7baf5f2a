/**
 * Packet traces in the spirit of kube-proxy's own tests (pkg/proxy/nftables/proxier_test.go
 * runPacketFlowTests: TestNoEndpointsReject, TestClusterIPGeneral, TestLoadBalancer, at
 * kubernetes/kubernetes 81810de635aa13aa0a32992f6def3aa9d6025ebc), run over what the decoder read.
 * The three TestOverallNFTablesRules dumps are three layouts of the same six services, so a new
 * connection must end the same way in each: the layouts differ, the routing does not.
 *
 * Test conventions (proxier_test.go): pods 10.0.0.0/8, cluster IPs 172.30.0.0/16, this node
 * 192.168.0.2, external clients 203.0.113.2 (allowed by svc5's source range) and 203.0.113.130.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WarningLog } from '../../../src/kubeproxy/iptables/warningLog.ts';
import { DumpModel } from '../../../src/kubeproxy/nftables/model.ts';
import { DumpReader } from '../../../src/kubeproxy/nftables/reader.ts';
import { dumpText } from './fixtures.ts';
import { tracePacket, type Packet } from './tracer.ts';

const POD = '10.0.0.2';
const NODE = '192.168.0.2';
const EXTERNAL = '203.0.113.2';
const BLOCKED = '203.0.113.130';

function modelOf(name: string): DumpModel {
  const model = new DumpModel();
  new DumpReader(model, new WarningLog()).text(dumpText(name));
  return model;
}

interface Case {
  name: string;
  packet: Packet;
  /** Endpoints with their share of new connections, or DROP / REJECT. */
  outcome: string[];
  /** Layouts where the outcome differs, and what it is there. */
  except?: Record<string, string[]>;
}

const cases: Case[] = [
  { name: 'pod to cluster IP', packet: { source: POD, dest: '172.30.0.41', port: 80 }, outcome: ['10.180.0.1:80 1'] },
  { name: 'pod to cluster IP with two endpoints: half each', packet: { source: POD, dest: '172.30.0.44', port: 80 }, outcome: ['10.180.0.4:80 0.5', '10.180.0.5:80 0.5'] },
  { name: 'external to external IP', packet: { source: EXTERNAL, dest: '192.168.99.33', port: 80 }, outcome: ['10.180.0.4:80 0.5', '10.180.0.5:80 0.5'] },
  { name: 'external to NodePort', packet: { source: EXTERNAL, dest: NODE, port: 3003 }, outcome: ['10.180.0.3:80 1'] },
  { name: 'externalTrafficPolicy Local, no local endpoint: external to LB IP is dropped', packet: { source: EXTERNAL, dest: '1.2.3.4', port: 80 }, outcome: ['DROP'] },
  { name: 'externalTrafficPolicy Local, no local endpoint: external to NodePort is dropped', packet: { source: EXTERNAL, dest: NODE, port: 3001 }, outcome: ['DROP'] },
  { name: 'externalTrafficPolicy Local: pod to LB IP is short-circuited to the cluster endpoints', packet: { source: POD, dest: '1.2.3.4', port: 80 }, outcome: ['10.180.0.2:80 1'] },
  { name: 'externalTrafficPolicy Local: node to its NodePort is short-circuited too', packet: { source: NODE, dest: NODE, port: 3001 }, outcome: ['10.180.0.2:80 1'] },
  { name: 'loadBalancerSourceRanges: allowed client to LB IP', packet: { source: EXTERNAL, dest: '5.6.7.8', port: 80 }, outcome: ['10.180.0.3:80 1'] },
  { name: 'loadBalancerSourceRanges: other client to LB IP is dropped', packet: { source: BLOCKED, dest: '5.6.7.8', port: 80 }, outcome: ['DROP'] },
  { name: 'ClientIP affinity: a new client still draws from the numgen map', packet: { source: POD, dest: '172.30.0.45', port: 80 }, outcome: ['10.180.0.3:80 1'] },
  { name: 'no endpoints: rejected', packet: { source: POD, dest: '172.30.0.46', port: 80 }, outcome: ['REJECT'] },
  {
    name: 'invalid port of a cluster IP: rejected (1.30+ cluster-ips-check)',
    packet: { source: POD, dest: '172.30.0.41', port: 443 },
    outcome: ['REJECT'],
    except: { 'v1.29-knftables-test': [] },
  },
  {
    name: 'unallocated cluster IP: dropped (1.30+ cluster-ips-check)',
    packet: { source: POD, dest: '172.30.0.50', port: 80 },
    outcome: ['DROP'],
    except: { 'v1.29-knftables-test': [] },
  },
  { name: 'UDP to a TCP-only port goes nowhere', packet: { source: POD, protocol: 'udp', dest: '172.30.0.41', port: 80 }, outcome: ['REJECT'], except: { 'v1.29-knftables-test': [] } },
];

for (const dump of ['v1.29-knftables-test', 'v1.35-test-overall', 'v1.36-test-overall']) {
  describe(`packets through ${dump}.nft`, () => {
    const model = modelOf(dump);
    for (const c of cases) {
      it(c.name, () => assert.deepEqual(tracePacket(model, 'ip', c.packet, [NODE]), c.except?.[dump] ?? c.outcome));
    }
  });
}

describe('packets through real listings', () => {
  it('k3s: pod to the service with nine endpoints: a ninth each', () => {
    const outcome = tracePacket(modelOf('k3s-listing'), 'ip', { source: '10.42.0.5', dest: '10.43.195.72', port: 8000 }, ['10.34.4.246']);
    assert.equal(outcome.length, 9);
    for (const line of outcome) assert.match(line, /^10\.42\.\d+\.\d+:8080 0\.111111$/);
  });

  it('k3s: external to the NodePort reaches the same nine', () => {
    const outcome = tracePacket(modelOf('k3s-listing'), 'ip', { source: EXTERNAL, dest: '10.34.4.246', port: 30000 }, ['10.34.4.246']);
    assert.equal(outcome.length, 9);
  });

  it('k3s: a service with no endpoints is rejected', () => {
    assert.deepEqual(tracePacket(modelOf('k3s-listing'), 'ip', { source: '10.42.0.5', dest: '10.43.21.102', port: 4317 }, ['10.34.4.246']), ['REJECT']);
  });

  it('v1.36.2 listing: the service chain DNATs half the connections to each pod itself', () => {
    const outcome = tracePacket(modelOf('v1.36.2-pi-listing'), 'ip', { source: '10.244.0.9', dest: '10.100.192.23', port: 80 }, ['192.168.0.231']);
    assert.deepEqual(outcome, ['10.244.0.10:9898 0.5', '10.244.0.8:9898 0.5']);
  });

  it('IPv6 table: pod to cluster IP, half to each endpoint', () => {
    const outcome = tracePacket(modelOf('v1.31-ipv6-knftables-test'), 'ip6', { source: 'fd00:10::2', dest: 'fd00:172:30::41', port: 80 }, ['2001:db8::1']);
    assert.deepEqual(outcome, ['[fd00:10:180::1]:80 0.5', '[fd00:10:180::2:1]:80 0.5']);
  });
});
