/**
 * model/attribute.ts: an ipvsadm listing names no Service; explain finds a Service's entries in it
 * through the Service's cluster IPs, external IPs, load-balancer IPs and node ports (one IPVS
 * virtual server per address, pkg/proxy/ipvs/proxier.go syncProxyRules), and makes them that
 * Service's ports. Read on a real listing: test/kubeproxy/ipvs/dumps/persistent-nodeports.txt
 * (opsnull/follow-me-install-kubernetes-cluster#251).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeDump } from '../../src/dataplane/decode.ts';
import type { NodeRules, ServicePortRules } from '../../src/dataplane/types.ts';
import type { Service } from '../../src/kubernetes/objects.ts';
import { attributeDump, NO_NODES, type AttributionContext } from '../../src/model/attribute.ts';
import { service } from '../explain/builders.ts';

const text = readFileSync(new URL('../kubeproxy/ipvs/dumps/persistent-nodeports.txt', import.meta.url), 'utf8');
const dump = await decodeDump(text, { node: 'node-0', source: 'ipvsadm.txt' });
const nodeAddresses = new Set(['10.253.102.0', '10.253.102.1']);
const on = (...ips: string[]): AttributionContext => ({ nodeAddresses, addressesOn: () => new Set(ips) });

/** The dashboard of the listing: 10.254.9.36:443, node port 32767 on both node addresses, one real server. */
const dashboard = (extra: Partial<NonNullable<Service['spec']>> = {}) =>
  service('dashboard', { type: 'NodePort', clusterIP: '10.254.9.36', clusterIPs: ['10.254.9.36'], ports: [{ name: 'https', port: 443, nodePort: 32767, protocol: 'TCP', targetPort: 8443 }], ...extra });

interface Case {
  name: string;
  service: Service;
  context: AttributionContext;
  /** The attributed entries of the Service, in short. */
  entries: { port: string; frontends: string[]; endpoints: string[] | null; local: string[] | null; affinity: number | null }[];
  warnings?: string[];
}

const cases: Case[] = [
  {
    name: 'the cluster IP names the entry; rr persistent 10800 is ClientIP affinity; equal shares',
    service: service('kubernetes', { clusterIP: '10.254.0.1', clusterIPs: ['10.254.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
    context: NO_NODES,
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.0.1:443'], endpoints: ['172.16.16.81:6443 0.5', '172.16.16.82:6443 0.5'], local: null, affinity: 10800 }],
  },
  {
    name: 'node ports count only on an address of a node of the input',
    service: dashboard(),
    context: NO_NODES,
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.9.36:443'], endpoints: ['10.253.35.2:8443 1'], local: null, affinity: null }],
  },
  {
    name: 'with the node addresses, the node port on each is the same service port',
    service: dashboard(),
    context: on(),
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.9.36:443', 'nodePort 10.253.102.0:32767', 'nodePort 10.253.102.1:32767'], endpoints: ['10.253.35.2:8443 1'], local: null, affinity: null }],
  },
  {
    name: 'externalTrafficPolicy Local: the node-port list is the node-local one when its endpoints run on the node',
    service: dashboard({ externalTrafficPolicy: 'Local' }),
    context: on('10.253.35.2'),
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.9.36:443', 'nodePort 10.253.102.0:32767', 'nodePort 10.253.102.1:32767'], endpoints: ['10.253.35.2:8443 1'], local: ['10.253.35.2:8443 1'], affinity: null }],
  },
  {
    name: 'externalTrafficPolicy Local, endpoints elsewhere: IPVS falls back to every endpoint (kubernetes#97081), so the local list is unknown',
    service: dashboard({ externalTrafficPolicy: 'Local' }),
    context: on(),
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.9.36:443', 'nodePort 10.253.102.0:32767', 'nodePort 10.253.102.1:32767'], endpoints: ['10.253.35.2:8443 1'], local: null, affinity: null }],
  },
  {
    name: 'two frontends of one service port whose lists differ: the cluster IP one is used, and a warning says so',
    service: dashboard({ externalIPs: ['10.254.0.1'] }),
    context: NO_NODES,
    entries: [{ port: 'https', frontends: ['clusterIP 10.254.9.36:443', 'externalIP 10.254.0.1:443'], endpoints: ['10.253.35.2:8443 1'], local: null, affinity: 10800 }],
    warnings: ['the cluster-wide lists at 10.254.0.1:443 differ from the one at 10.254.9.36:443, which the explanation uses'],
  },
  {
    name: 'a Service none of whose addresses is in the listing has no entry',
    service: service('web', { clusterIP: '10.254.77.77', clusterIPs: ['10.254.77.77'] }),
    context: on(),
    entries: [],
  },
];

function short(entry: ServicePortRules): Case['entries'][number] {
  const list = (l: ServicePortRules['endpoints']) => l?.map((e) => `${e.ip ?? '?'}:${e.port ?? '?'} ${e.share ?? 'null'}`) ?? null;
  return { port: entry.port ?? '', frontends: entry.frontends.map((f) => `${f.type} ${f.ip ?? '*'}:${f.port}`), endpoints: list(entry.endpoints), local: list(entry.localEndpoints), affinity: entry.affinitySeconds };
}

describe('an ipvsadm listing attributed to a Service by its addresses', () => {
  for (const c of cases) {
    it(c.name, () => {
      const attributed = attributeDump(dump, c.service, c.context);
      const key = `default/${c.service.metadata?.name ?? ''}`;
      assert.deepEqual(attributed.services.filter((e) => e.service === key).map(short), c.entries);
      assert.deepEqual(attributed.warnings.slice(dump.warnings.length).map((w) => w.message), c.warnings ?? []);
    });
  }

  it('a dump that names its Services (iptables, nftables) is left as it is', () => {
    const named: NodeRules = { ...dump, services: dump.services.map((e) => ({ ...e, service: 'default/x', port: '' })) };
    assert.equal(attributeDump(named, dashboard(), on()), named);
  });
});
