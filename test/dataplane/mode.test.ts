/**
 * Which dataplane an `iptables-save` says routes the node's services. Real excerpts where public
 * issues quote them; the complete-table cases that no issue quotes whole are marked synthetic and
 * built from chain names seen in real output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CILIUM_COMMAND, IPVS_COMMAND, NFTABLES_COMMAND, routingVisibility } from '../../src/dataplane/mode.ts';

interface Case {
  name: string;
  dump: string[];
  mode: 'shown' | 'ipvs' | 'nftables' | 'cilium' | 'unknown';
  command?: string;
}

const cases: Case[] = [
  {
    // kubernetes/kubeadm#1461 (first post): nat rules of a kube-proxy in IPVS mode, with Calico's.
    name: 'IPVS mode: KUBE-SERVICES matches the KUBE-CLUSTER-IP ipset (kubeadm#1461)',
    dump: [
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      '-A cali-OUTPUT -m comment --comment "cali:GBTAv2p5CwevEyJm" -j cali-fip-dnat',
    ],
    mode: 'ipvs',
    command: IPVS_COMMAND,
  },
  {
    // kubernetes/kubernetes#89869 (comment by ssasso): `iptables -t nat -S | grep LOAD-BALANCER`.
    name: 'IPVS mode: the KUBE-LOAD-BALANCER chain alone (kubernetes#89869)',
    dump: [
      '-N KUBE-LOAD-BALANCER',
      '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN',
      '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
    ],
    mode: 'ipvs',
    command: IPVS_COMMAND,
  },
  {
    // mysticaltech/terraform-hcloud-kube-hetzner#1210: `iptables-save | grep KUBE-SVC` on a node
    // meant to run Cilium's replacement, where kube-proxy's chains are still there.
    name: 'iptables mode: KUBE-SVC chains are there, whatever else runs (kube-hetzner#1210)',
    dump: [
      ':KUBE-SVC-E3IBCFULSWKQCT47 - [0:0]',
      '-A KUBE-EXT-L65ENXXZWWSAPRCR -j KUBE-SVC-L65ENXXZWWSAPRCR',
      '-A KUBE-SERVICES -d 10.43.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4',
    ],
    mode: 'shown',
  },
  {
    // kubernetes/kubernetes#66454 (comment by bamb00): the nat table of a kube-proxy whose
    // iptables-restore failed; the table goes on with Docker and Calico rules, cut here and
    // closed with COMMIT (derived).
    name: 'iptables mode that has not written its services: KUBE-SERVICES without service chains is not another mode (kubernetes#66454)',
    dump: [
      '*nat',
      ':PREROUTING ACCEPT [40783:1890698]',
      ':INPUT ACCEPT [1086:345485]',
      ':OUTPUT ACCEPT [160630:9640415]',
      ':POSTROUTING ACCEPT [160630:9640415]',
      ':DOCKER - [0:0]',
      ':KUBE-MARK-DROP - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      'COMMIT',
    ],
    mode: 'shown',
  },
  {
    // cilium/cilium#31565 (first post): filter rules of a Cilium node. Not the nat table, so the
    // absence of kube-proxy chains says nothing: Cilium also runs next to kube-proxy.
    name: 'Cilium chains in a partial dump: cannot tell (cilium#31565)',
    dump: [
      '-A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT',
      '-A INPUT -j KUBE-FIREWALL',
      '-A FORWARD -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD',
      '-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT" -j CILIUM_OUTPUT',
    ],
    mode: 'shown',
  },
  {
    // Synthetic: a whole nat table with only Cilium's chains; the feeder rule and chain names as
    // cilium/cilium#15234 shows them (`cilium-feeder: CILIUM_POST_nat`).
    name: 'Cilium replacement: a whole nat table with CILIUM_* chains and no kube-proxy chain (synthetic)',
    dump: [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':CILIUM_POST_nat - [0:0]',
      ':KUBE-KUBELET-CANARY - [0:0]',
      '-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat',
      'COMMIT',
    ],
    mode: 'cilium',
    command: CILIUM_COMMAND,
  },
  {
    // Synthetic: what an nftables-mode node keeps in iptables, the kubelet's canary chains
    // (pkg/kubelet/kubelet_network_linux.go KubeletMonitorChain in mangle, nat and filter, and
    // KUBE-IPTABLES-HINT in mangle).
    name: 'nftables mode: a whole nat table with only the kubelet canary (synthetic)',
    dump: ['*mangle', ':KUBE-IPTABLES-HINT - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', 'COMMIT', '*nat', ':PREROUTING ACCEPT [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', 'COMMIT'],
    mode: 'nftables',
    command: NFTABLES_COMMAND,
  },
  {
    name: 'a whole nat table with nothing of Kubernetes: unknown, not "no services" (synthetic)',
    dump: ['*nat', ':PREROUTING ACCEPT [0:0]', ':DOCKER - [0:0]', 'COMMIT'],
    mode: 'unknown',
  },
  { name: 'an empty dump (a grep that matched nothing) says nothing', dump: [''], mode: 'shown' },
];

describe('routingVisibility: the mode an iptables-save shows', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const input of [c.dump.join('\n'), c.dump]) {
        const visibility = routingVisibility(input);
        if (c.mode === 'shown') {
          assert.deepEqual(visibility, { shown: true });
          continue;
        }
        assert.equal(visibility.shown, false);
        if (visibility.shown) continue;
        assert.equal(visibility.mode, c.mode);
        if (c.command !== undefined) assert.equal(visibility.command, c.command);
        assert.match(visibility.evidence, /line \d+|nat table/);
      }
    });
  }

  it('names the first line that shows the mode', () => {
    const visibility = routingVisibility(['*nat', '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT'].join('\n'));
    assert.ok(!visibility.shown && visibility.evidence.startsWith('line 2 matches --match-set KUBE-CLUSTER-IP'), JSON.stringify(visibility));
  });
});
