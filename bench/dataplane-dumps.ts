/**
 * Writes large, realistic node dumps for the dataplane benchmark, one file per format, each of
 * about a million lines: `ipvsadm -Ln`, `ipvsadm -Sn`, `cilium-dbg service list`,
 * `cilium-dbg service list -o json` and `cilium-dbg bpf lb list`. One cluster model feeds them
 * all: services with a cluster IP, some with node ports on two node addresses, one to five
 * endpoints each, a few draining (IPVS weight 0) or not ready (Cilium maintenance). Lines are laid
 * out with the printf formats of ipvsadm.c and the tabwriter columns of cilium-dbg.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { random } from './random.ts';

export type DumpFormat = 'ipvsadm' | 'ipvsadm-save' | 'cilium-service-list' | 'cilium-json' | 'cilium-bpf-lb-list';

export const DUMP_FORMATS: DumpFormat[] = ['ipvsadm', 'ipvsadm-save', 'cilium-service-list', 'cilium-json', 'cilium-bpf-lb-list'];

export interface GeneratedDataplaneDump {
  format: DumpFormat;
  path: string;
  lines: number;
  bytes: number;
  services: number;
  /** A frontend from the middle of the dump: its cluster IP and port. */
  sample: { ip: string; port: number };
}

interface Service {
  clusterIP: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  nodePort: number | null;
  affinity: boolean;
  endpoints: { ip: string; port: number; ready: boolean }[];
}

const NODE_IPS = ['192.168.10.11', '192.168.10.12'];
const TARGET_LINES = 1_000_000;

/** Node ports are one range for the whole cluster (30000-32767): the first services that ask get one. */
function makeService(i: number, next: () => number, nodePorts: { next: number }): Service {
  const count = 1 + Math.floor(next() * 5);
  const wantsNodePort = next() < 0.3 && nodePorts.next <= 32767;
  return {
    clusterIP: `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
    port: next() < 0.8 ? 80 : 443,
    protocol: next() < 0.9 ? 'TCP' : 'UDP',
    nodePort: wantsNodePort ? nodePorts.next++ : null,
    affinity: next() < 0.05,
    endpoints: Array.from({ length: count }, () => ({ ip: `10.244.${Math.floor(next() * 200)}.${2 + Math.floor(next() * 250)}`, port: 8080, ready: next() > 0.05 })),
  };
}

/** Buffered writes: the lines of one dump go out in large blocks. */
class Writer {
  lines = 0;
  bytes = 0;
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.buffer.push(text);
    this.size += text.length + 1;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.bytes += writeSync(this.fd, chunk);
    this.buffer = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));

/** `TCP  10.96.0.1:443 rr` and `  -> %-28s %-7s %-6d %-10u %-10u` (ipvsadm.c print_service_entry). */
function ipvsadm(out: Writer, services: Service[]): void {
  out.line('IP Virtual Server version 1.2.1 (size=4096)');
  out.line('Prot LocalAddress:Port Scheduler Flags');
  out.line('  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn');
  for (const s of services) {
    for (const address of addressesOf(s)) {
      out.line(`${s.protocol}  ${address}:${address === s.clusterIP ? s.port : s.nodePort} rr${s.affinity ? ' persistent 10800' : ''}`);
      for (const e of s.endpoints) out.line(`  -> ${pad(`${e.ip}:${e.port}`, 28)} ${pad('Masq', 7)} ${pad(e.ready ? '1' : '0', 6)} ${pad('0', 10)} ${pad(e.ready ? '0' : '3', 10)}`);
    }
  }
}

function ipvsadmSave(out: Writer, services: Service[]): void {
  for (const s of services) {
    const flag = s.protocol === 'TCP' ? '-t' : '-u';
    for (const address of addressesOf(s)) {
      const vs = `${address}:${address === s.clusterIP ? s.port : s.nodePort}`;
      out.line(`-A ${flag} ${vs} -s rr${s.affinity ? ' -p 10800' : ''}`);
      for (const e of s.endpoints) out.line(`-a ${flag} ${vs} -r ${e.ip}:${e.port} -m -w ${e.ready ? 1 : 0}`);
    }
  }
}

/** Rows and backend lines under cilium-dbg's tabwriter (minwidth 5, padding 3). */
function ciliumServiceList(out: Writer, services: Service[]): void {
  out.line(`${pad('ID', 7)}${pad('Frontend', 25)}${pad('Service Type', 15)}Backend`);
  let id = 1;
  for (const s of services) {
    for (const [address, port, type] of frontendsOf(s)) {
      s.endpoints.forEach((e, i) => {
        const backend = `${i + 1} => ${e.ip}:${e.port}/${s.protocol} (${e.ready ? 'active' : 'maintenance'})`;
        out.line(i === 0 ? `${pad(String(id), 7)}${pad(`${address}:${port}/${s.protocol}`, 25)}${pad(type, 15)}${backend}` : `${' '.repeat(47)}${backend}`);
      });
      id++;
    }
  }
}

/** json.MarshalIndent of the REST model: `{spec, status: {realized}}` with the same content. */
function ciliumJson(out: Writer, services: Service[]): void {
  out.line('[');
  let id = 1;
  let first = true;
  for (const s of services) {
    for (const [address, port, type] of frontendsOf(s)) {
      if (!first) out.line('  },');
      first = false;
      out.line('  {');
      out.line('    "spec": {');
      specLines(out, s, address, port, type, id, '      ');
      out.line('    },');
      out.line('    "status": {');
      out.line('      "realized": {');
      specLines(out, s, address, port, type, id, '        ');
      out.line('      }');
      out.line('    }');
      id++;
    }
  }
  if (!first) out.line('  }');
  out.line(']');
}

function specLines(out: Writer, s: Service, address: string, port: number, type: string, id: number, indent: string): void {
  out.line(`${indent}"backend-addresses": [`);
  s.endpoints.forEach((e, i) => {
    out.line(`${indent}  {`);
    out.line(`${indent}    "ip": "${e.ip}",`);
    out.line(`${indent}    "port": ${e.port},`);
    out.line(`${indent}    "protocol": "${s.protocol}",`);
    out.line(`${indent}    "state": "${e.ready ? 'active' : 'maintenance'}",`);
    out.line(`${indent}    "weight": 100`);
    out.line(`${indent}  }${i < s.endpoints.length - 1 ? ',' : ''}`);
  });
  out.line(`${indent}],`);
  out.line(`${indent}"flags": {`);
  out.line(`${indent}  "name": "svc-${id}",`);
  out.line(`${indent}  "namespace": "ns-${id % 97}",`);
  out.line(`${indent}  "type": "${type}"`);
  out.line(`${indent}},`);
  out.line(`${indent}"frontend-address": {`);
  out.line(`${indent}  "ip": "${address}",`);
  out.line(`${indent}  "port": ${port},`);
  out.line(`${indent}  "protocol": "${s.protocol}",`);
  out.line(`${indent}  "scope": "external"`);
  out.line(`${indent}},`);
  out.line(`${indent}"id": ${id}`);
}

/** `SERVICE ADDRESS  BACKEND ADDRESS (REVNAT_ID) (SLOT)` rows (cilium-dbg bpf_lb_list.go dumpSVC). */
function ciliumBpfLbList(out: Writer, services: Service[]): void {
  out.line(`${pad('SERVICE ADDRESS', 25)}BACKEND ADDRESS (REVNAT_ID) (SLOT)`);
  let revnat = 1;
  for (const s of services) {
    for (const [address, port, type] of frontendsOf(s)) {
      out.line(`${pad(`${address}:${port}/${s.protocol}`, 25)}0.0.0.0:0 (${revnat}) (0) [${type}${type === 'ClusterIP' ? ', non-routable' : ''}]`);
      s.endpoints.forEach((e, i) => out.line(`${' '.repeat(25)}${e.ip}:${e.port}/${s.protocol} (${revnat}) (${i + 1})`));
      revnat++;
    }
  }
}

function addressesOf(s: Service): string[] {
  return s.nodePort === null ? [s.clusterIP] : [s.clusterIP, ...NODE_IPS];
}

function frontendsOf(s: Service): [string, number, string][] {
  const frontends: [string, number, string][] = [[s.clusterIP, s.port, 'ClusterIP']];
  if (s.nodePort !== null) for (const ip of NODE_IPS) frontends.push([ip, s.nodePort, 'NodePort']);
  return frontends;
}

const WRITERS: Record<DumpFormat, (out: Writer, services: Service[]) => void> = {
  ipvsadm,
  'ipvsadm-save': ipvsadmSave,
  'cilium-service-list': ciliumServiceList,
  'cilium-json': ciliumJson,
  'cilium-bpf-lb-list': ciliumBpfLbList,
};

/** Lines one service takes in each format, to size the cluster for about a million lines. */
const LINES_PER_SERVICE: Record<DumpFormat, number> = { ipvsadm: 4, 'ipvsadm-save': 4, 'cilium-service-list': 3, 'cilium-json': 124, 'cilium-bpf-lb-list': 4 };

/** Writes a dump of about `lines` lines (a million by default) in `format` to `path`. */
export function generateDataplaneDump(format: DumpFormat, path: string, lines = TARGET_LINES): GeneratedDataplaneDump {
  const next = random(20261203);
  const count = Math.ceil(lines / LINES_PER_SERVICE[format]);
  const nodePorts = { next: 30000 };
  const services = Array.from({ length: count }, (_, i) => makeService(i, next, nodePorts));
  const out = new Writer(path);
  WRITERS[format](out, services);
  out.close();
  const middle = services[Math.floor(services.length / 2)] as Service;
  return { format, path, lines: out.lines, bytes: out.bytes, services: services.length, sample: { ip: middle.clusterIP, port: middle.port } };
}
