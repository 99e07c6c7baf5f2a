/**
 * The over-capacity scenario is too large to hand-write: 1200 ready pods behind one Service.
 *
 * What the controllers do with them (see README.md for the source citations):
 * - the EndpointSlice controller packs them 100 per slice (maxEndpointsPerSlice), so 12 slices;
 * - the Endpoints controller repacks and sorts the addresses by IP string, then truncates them to
 *   1000 and sets `endpoints.kubernetes.io/over-capacity: truncated`. With this IP plan the 200
 *   dropped addresses are exactly the pods on worker-08 and worker-09 ("10.244.8.*", "10.244.9.*"
 *   sort last), which still receive traffic because kube-proxy reads EndpointSlices;
 * - kube-proxy has more than 1000 endpoints in total, so it writes the KUBE-SEP rules and the
 *   KUBE-SVC -> KUBE-SEP rules without comments (large-cluster mode).
 *
 * Pure and deterministic: names, UIDs and container IDs are derived from sha256 of fixed labels.
 * `generate().dumps` holds `iptables-save -t nat` of worker-01 by node name; args.json does not
 * pass it (the golden harness only materialises `objects`).
 */
import { createHash } from 'node:crypto';

type Obj = Record<string, unknown>;

const NS = 'batch';
const APP = 'ingest-worker';
const HASH = '7c5d9b8f6';
const PODS = 1200;
const NODES = 12;
const PER_SLICE = 100;
const CLUSTER_IP = '10.96.118.240';
const SERVICE_UID = 'b5a0e1c2-7d43-4f8e-9a16-3c2b5d8e0f71';
const CREATED = Date.parse('2024-09-12T01:00:00Z');

const sha = (s: string): Buffer => createHash('sha256').update(s).digest();
const hex = (s: string): string => sha(s).toString('hex');

/** k8s.io/apimachinery/pkg/util/rand alphabet, as generateName suffixes use. */
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
function suffix(label: string, n = 5): string {
  const b = sha('suffix:' + label);
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[(b[i] ?? 0) % ALNUM.length];
  return out;
}
function uid(label: string): string {
  const h = hex('uid:' + label).slice(0, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16] ?? '0', 16) & 3] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
function ts(secondsAfterStart: number): string {
  return new Date(CREATED + secondsAfterStart * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
const nodeName = (n: number): string => `worker-${String(n).padStart(2, '0')}`;

interface PodPlan {
  name: string;
  uid: string;
  node: string;
  ip: string;
  created: string;
}

/** Pods are created in waves and spread round-robin: pod i runs on worker-((i % 12) + 1). */
function plan(): PodPlan[] {
  const pods: PodPlan[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < PODS; i++) {
    let name = '';
    for (let attempt = 0; name === '' || seen.has(name); attempt++) name = `${APP}-${HASH}-${suffix(`pod:${i}:${attempt}`)}`;
    seen.add(name);
    const n = (i % NODES) + 1;
    pods.push({ name, uid: uid(`pod:${name}`), node: nodeName(n), ip: `10.244.${n}.${10 + Math.floor(i / NODES)}`, created: ts(Math.floor(i / 50) * 4) });
  }
  return pods;
}

function pod(p: PodPlan, i: number): Obj {
  const ready = ts(Math.floor(i / 50) * 4 + 9);
  const started = ts(Math.floor(i / 50) * 4 + 3);
  const cond = (type: string, at: string): Obj => ({ lastProbeTime: null, lastTransitionTime: at, status: 'True', type });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: p.created,
      generateName: `${APP}-${HASH}-`,
      labels: { app: APP, 'pod-template-hash': HASH },
      name: p.name,
      namespace: NS,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `${APP}-${HASH}`, uid: uid('rs') }],
      resourceVersion: String(210000 + i * 3),
      uid: p.uid,
    },
    spec: {
      containers: [
        {
          image: 'ghcr.io/acme/ingest-worker:5.2.0',
          imagePullPolicy: 'IfNotPresent',
          name: APP,
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          readinessProbe: { failureThreshold: 3, httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
          resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '128Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: p.node,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      conditions: [cond('PodReadyToStartContainers', started), cond('Initialized', p.created), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', p.created)],
      containerStatuses: [
        {
          containerID: `containerd://${hex('cid:' + p.name)}`,
          image: 'ghcr.io/acme/ingest-worker:5.2.0',
          imageID: `ghcr.io/acme/ingest-worker@sha256:${hex('ingest-worker:5.2.0')}`,
          lastState: {},
          name: APP,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: started } },
        },
      ],
      hostIP: nodeIP(p.node),
      hostIPs: [{ ip: nodeIP(p.node) }],
      phase: 'Running',
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      qosClass: 'Burstable',
      startTime: p.created,
    },
  };
}

function nodeIP(name: string): string {
  return `10.0.0.${10 + Number(name.slice(-2))}`;
}

function node(n: number): Obj {
  const name = nodeName(n);
  const cond = (type: string, status: string, reason: string, message: string): Obj => ({
    lastHeartbeatTime: '2024-09-12T02:10:44Z', lastTransitionTime: '2024-09-11T22:41:09Z', message, reason, status, type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      creationTimestamp: '2024-09-11T22:40:52Z',
      labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      name,
      resourceVersion: String(209000 + n),
      uid: uid(`node:${name}`),
    },
    spec: { podCIDR: `10.244.${n}.0/24`, podCIDRs: [`10.244.${n}.0/24`] },
    status: {
      addresses: [{ address: nodeIP(name), type: 'InternalIP' }, { address: name, type: 'Hostname' }],
      allocatable: { cpu: '16', memory: '64219908Ki', pods: '110' },
      capacity: { cpu: '16', memory: '65346308Ki', pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64', bootID: uid(`boot:${name}`), containerRuntimeVersion: 'containerd://1.7.20', kernelVersion: '6.8.0-45-generic',
        kubeProxyVersion: 'v1.30.4', kubeletVersion: 'v1.30.4', machineID: hex(`mid:${name}`).slice(0, 32), operatingSystem: 'linux', osImage: 'Ubuntu 24.04.1 LTS', systemUUID: uid(`sys:${name}`),
      },
    },
  };
}

const targetRef = (p: PodPlan): Obj => ({ kind: 'Pod', name: p.name, namespace: NS, uid: p.uid });
const byIP = (a: PodPlan, b: PodPlan): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);

function objects(pods: PodPlan[]): Obj[] {
  const lastReady = ts(Math.floor((PODS - 1) / 50) * 4 + 9);
  const service: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: ts(-60), labels: { app: APP }, name: APP, namespace: NS, resourceVersion: '208877', uid: SERVICE_UID },
    spec: {
      clusterIP: CLUSTER_IP, clusterIPs: [CLUSTER_IP], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector: { app: APP }, sessionAffinity: 'None', type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
  const slices: Obj[] = [];
  for (let k = 0; k * PER_SLICE < pods.length; k++) {
    const members = pods.slice(k * PER_SLICE, (k + 1) * PER_SLICE);
    const name = `${APP}-${suffix(`slice:${k}`)}`;
    slices.push({
      addressType: 'IPv4',
      apiVersion: 'discovery.k8s.io/v1',
      endpoints: members.map((p) => ({ addresses: [p.ip], conditions: { ready: true, serving: true, terminating: false }, nodeName: p.node, targetRef: targetRef(p) })),
      kind: 'EndpointSlice',
      metadata: {
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': ts(Math.floor(((k + 1) * PER_SLICE - 1) / 50) * 4 + 9) },
        creationTimestamp: ts(Math.floor((k * PER_SLICE) / 50) * 4 + 9),
        generateName: `${APP}-`,
        generation: 2 + (k % 3),
        labels: { app: APP, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': APP },
        name,
        namespace: NS,
        ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: APP, uid: SERVICE_UID }],
        resourceVersion: String(214000 + k * 7),
        uid: uid(`slice:${name}`),
      },
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  }
  // RepackSubsets sorts addresses by IP string; truncateEndpoints keeps the first 1000.
  const kept = [...pods].sort(byIP).slice(0, 1000);
  const endpoints: Obj = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': lastReady, 'endpoints.kubernetes.io/over-capacity': 'truncated' },
      creationTimestamp: ts(-60),
      labels: { app: APP },
      name: APP,
      namespace: NS,
      resourceVersion: '214093',
      uid: uid('endpoints'),
    },
    subsets: [{ addresses: kept.map((p) => ({ ip: p.ip, nodeName: p.node, targetRef: targetRef(p) })), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
  const nodes: Obj[] = [];
  for (let n = 1; n <= NODES; n++) nodes.push(node(n));
  const sortedPods = pods.map((p, i) => ({ p, i })).sort((a, b) => (a.p.name < b.p.name ? -1 : 1));
  return [service, ...slices, endpoints, ...sortedPods.map(({ p, i }) => pod(p, i)), ...nodes];
}

// ---------------- kube-proxy (iptables mode, large-cluster mode) ----------------

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
/** portProtoHash / servicePortEndpointChainName in pkg/proxy/iptables/proxier.go. */
const chainHash = (s: string): string => base32(sha(s)).slice(0, 16);

/** kube-proxy's "%0.10f" of 1/n, quantised by libxt_statistic (lround(2^31 p)) and printed "%.11f". */
function probability(n: number): string {
  const q = BigInt(Math.round(Number((1 / n).toFixed(10)) * 0x80000000));
  const scaled = q * 5n ** 31n; // q / 2^31 * 10^31
  const div = 10n ** 20n;
  let digits = scaled / div;
  const rem = scaled % div;
  if (rem * 2n > div || (rem * 2n === div && digits % 2n === 1n)) digits += 1n;
  const s = digits.toString().padStart(12, '0');
  return `${s.slice(0, -11)}.${s.slice(-11)}`;
}

interface ProxyService {
  spn: string;
  proto: 'tcp' | 'udp';
  clusterIP: string;
  port: number;
  endpoints: string[];
}

function natDump(services: ProxyService[]): string {
  const chains = new Set<string>(['KUBE-KUBELET-CANARY', 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-PROXY-CANARY', 'KUBE-SERVICES']);
  const rules = new Map<string, string[]>();
  const add = (chain: string, rule: string): void => {
    chains.add(chain);
    const list = rules.get(chain) ?? [];
    list.push(`-A ${chain} ${rule}`);
    rules.set(chain, list);
  };
  add('KUBE-MARK-MASQ', '-j MARK --set-xmark 0x4000/0x4000');
  add('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN');
  add('KUBE-POSTROUTING', '-j MARK --set-xmark 0x4000/0x0');
  add('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  for (const s of services) {
    const svc = `KUBE-SVC-${chainHash(s.spn + s.proto)}`;
    const eps = [...s.endpoints].sort();
    const m = `-p ${s.proto} -m comment --comment "${s.spn} cluster IP" -m ${s.proto} --dport ${s.port}`;
    add('KUBE-SERVICES', `-d ${s.clusterIP}/32 ${m} -j ${svc}`);
    add(svc, `! -s 10.244.0.0/16 -d ${s.clusterIP}/32 ${m} -j KUBE-MARK-MASQ`);
    eps.forEach((ep, i) => {
      const sep = `KUBE-SEP-${chainHash(s.spn + s.proto + ep)}`;
      add(svc, i < eps.length - 1 ? `-m statistic --mode random --probability ${probability(eps.length - i)} -j ${sep}` : `-j ${sep}`);
      add(sep, `-s ${ep.slice(0, ep.lastIndexOf(':'))}/32 -j KUBE-MARK-MASQ`);
      add(sep, `-p ${s.proto} -m ${s.proto} -j DNAT --to-destination ${ep}`);
    });
  }
  add('KUBE-SERVICES', '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  const when = 'Thu Sep 12 02:11:30 2024';
  const builtins = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
  const jumps: Record<string, string> = {
    PREROUTING: '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    OUTPUT: '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    POSTROUTING: '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  };
  const user = [...chains].sort();
  const lines = [`# Generated by iptables-save v1.8.10 on ${when}`, '*nat'];
  const counters: Record<string, string> = { PREROUTING: '[2214:132840]', INPUT: '[0:0]', OUTPUT: '[61877:3712620]', POSTROUTING: '[62010:3720600]' };
  for (const b of builtins) lines.push(`:${b} ACCEPT ${counters[b] ?? '[0:0]'}`);
  for (const c of user) lines.push(`:${c} - [0:0]`);
  for (const b of builtins) if (jumps[b]) lines.push(jumps[b]);
  for (const c of user) lines.push(...(rules.get(c) ?? []));
  lines.push('COMMIT', `# Completed on ${when}`);
  return lines.join('\n') + '\n';
}

export function generate(): { objects: object[]; dumps: Record<string, string> } {
  const pods = plan();
  const dump = natDump(
    [
      { spn: `${NS}/${APP}:http`, proto: 'tcp', clusterIP: CLUSTER_IP, port: 80, endpoints: pods.map((p) => `${p.ip}:8080`) },
      { spn: 'kube-system/kube-dns:dns', proto: 'udp', clusterIP: '10.96.0.10', port: 53, endpoints: ['10.244.1.2:53', '10.244.2.2:53'] },
      { spn: 'kube-system/kube-dns:dns-tcp', proto: 'tcp', clusterIP: '10.96.0.10', port: 53, endpoints: ['10.244.1.2:53', '10.244.2.2:53'] },
      { spn: 'kube-system/kube-dns:metrics', proto: 'tcp', clusterIP: '10.96.0.10', port: 9153, endpoints: ['10.244.1.2:9153', '10.244.2.2:9153'] },
      { spn: 'default/kubernetes:https', proto: 'tcp', clusterIP: '10.96.0.1', port: 443, endpoints: ['10.0.0.2:6443', '10.0.0.3:6443', '10.0.0.4:6443'] },
    ],
  );
  return { objects: objects(pods), dumps: { 'worker-01': dump } };
}
