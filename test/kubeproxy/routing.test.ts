/**
 * The decoder says whether a dump can show the node's service routing (NodeRules.routing), the same
 * way whether it reads the whole text or only one service's lines in chunks. The modes and their
 * evidence are src/dataplane/mode.ts's (test/dataplane/mode.test.ts); these cases check the wiring,
 * on real excerpts where public issues quote them.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { NodeRules } from '../../src/dataplane/types.ts';
import { memoryPass } from '../../src/kubeproxy/iptables/chunks.ts';
import { decodeIptablesSave, decodeIptablesSaveService } from '../../src/kubeproxy/iptables/decode.ts';

interface Case {
  name: string;
  dump: string[];
  mode: 'shown' | 'ipvs' | 'nftables' | 'cilium';
}

const cases: Case[] = [
  {
    // kubernetes/kubernetes#89869 (comment by ssasso): `iptables -t nat -S | grep LOAD-BALANCER` on an IPVS node.
    name: 'IPVS mode, from a grep of its KUBE-LOAD-BALANCER chain (kubernetes#89869)',
    dump: ['-N KUBE-LOAD-BALANCER', '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN', '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ'],
    mode: 'ipvs',
  },
  {
    // The kubelet keeps its canary chains whatever the proxy (pkg/kubelet/kubelet_network_linux.go
    // KubeletMonitorChain); kube-proxy in nftables mode writes nothing to iptables. Synthetic.
    name: 'nftables mode: a whole nat table with only the kubelet canary (synthetic)',
    dump: ['*mangle', ':KUBE-IPTABLES-HINT - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', 'COMMIT', '*nat', ':PREROUTING ACCEPT [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', 'COMMIT'],
    mode: 'nftables',
  },
  {
    // Cilium's nat chains and feeder rules as cilium/cilium#26882 quotes them (`iptables-save | grep
    // CILIUM` on a kube-proxy-free node), in a whole nat table of their own. Synthetic around them.
    name: "Cilium's replacement: a whole nat table with CILIUM_* chains and no kube-proxy chain (chains from cilium#26882)",
    dump: ['*nat', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':CILIUM_OUTPUT_nat - [0:0]', ':CILIUM_PRE_nat - [0:0]', '-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_nat" -j CILIUM_PRE_nat', '-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_nat" -j CILIUM_OUTPUT_nat', 'COMMIT'],
    mode: 'cilium',
  },
  {
    // The readiness drill's own grep (examples/readiness-drill/iptables-save.grep.txt), first line.
    name: 'iptables mode: one KUBE-SEP line is enough',
    dump: ['-A KUBE-SEP-A4EQCJTEE766DQAW -s 10.244.0.7/32 -m comment --comment "default/readiness-deployment" -j KUBE-MARK-MASQ'],
    mode: 'shown',
  },
];

function mode(rules: NodeRules): Case['mode'] {
  return rules.routing.shown ? 'shown' : (rules.routing.mode as Case['mode']);
}

describe('the routing a decoded dump shows', () => {
  for (const c of cases) {
    it(c.name, () => {
      const text = `${c.dump.join('\n')}\n`;
      const whole = decodeIptablesSave(text, { node: 'n', source: 'n.txt' });
      assert.equal(whole.dataplane, 'iptables');
      assert.equal(mode(whole), c.mode);
      for (const service of ['default/readiness-deployment', 'default/other']) {
        const alone = decodeIptablesSaveService(memoryPass(Buffer.from(text)), { node: 'n', source: 'n.txt', service });
        assert.deepEqual(alone.routing, whole.routing, service);
      }
    });
  }

  it('a `#` comment naming a service chain is not one', () => {
    const text = ['# KUBE-SVC-NWV5X2332I4OT4T3 was here', '*nat', ':KUBE-NODE-PORT - [0:0]', 'COMMIT', ''].join('\n');
    const alone = decodeIptablesSaveService(memoryPass(Buffer.from(text)), { node: 'n', source: 'n.txt', service: 'default/web' });
    assert.equal(mode(alone), 'ipvs');
    assert.equal(mode(decodeIptablesSave(text, { node: 'n', source: 'n.txt' })), 'ipvs');
  });
});
