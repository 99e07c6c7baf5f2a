/**
 * `explain --collect-dataplane` on a 50-node in-memory cluster (issue 12): each node's rules read
 * by exec in its kube-proxy pod, against the same explain given the same 50 dumps as
 * `--iptables NODE=FILE` files. Whole process through the built bin/kubectl-slices, alternately
 * (rotating order), medians; and the requests each made. The two outputs are checked equal first.
 *
 * The Service has 500 pods over the 50 nodes (25 not ready); each node's dump is the iptables
 * mode rules kube-proxy writes for it (test/cluster/iptables.ts, chain names hashed as
 * kube-proxy hashes them) after the real minikube filter table of examples/readiness-drill (the
 * exec asks for `-t filter` too), the same on every node, as in iptables mode.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject, Pod } from '../src/kubernetes/objects.ts';
import { nodeObjects, serviceObjects } from '../test/cluster/generate.ts';
import { iptablesSave } from '../test/cluster/iptables.ts';
import { PLUGIN, round1, timed, withServer } from './live.ts';
import { median, type BenchResult } from './measure.ts';

const NODES = 50;
const ROUNDS = 5;

export async function benchCollect(): Promise<BenchResult[]> {
  const objects: KubeObject[] = [...nodeObjects(NODES), ...serviceObjects({ name: 'big', pods: 500, notReady: 25, nodes: NODES })];
  const ready = objects.filter((o): o is Pod => o.kind === 'Pod' && (o as Pod).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true);
  const dir = mkdtempSync(join(tmpdir(), 'slices-bench-collect-'));
  try {
    const drill = readFileSync(new URL('../examples/readiness-drill/iptables-save.after.txt', import.meta.url), 'utf8');
    const filter = drill.slice(drill.indexOf('*filter'), drill.indexOf('COMMIT', drill.indexOf('*filter')) + 'COMMIT\n'.length);
    const dump = `${filter}${iptablesSave('default/big:http', '10.96.0.0', 80, ready.map((p) => `${p.status?.podIP}:8080`))}`;
    const nodeDumps = Array.from({ length: NODES }, (_, i) => ({ node: `node-${i}`, file: join(dir, `node-${i}.txt`) }));
    for (const d of nodeDumps) writeFileSync(d.file, dump);
    return await withServer(objects, async (server, env, kubeconfig) => {
      const collect = ['explain', 'svc/big', '--kubeconfig', kubeconfig, '--collect-dataplane'];
      // The node columns follow the order the dumps are given in; collection reads nodes in name order.
      const byName = [...nodeDumps].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
      const files = ['explain', 'svc/big', '--kubeconfig', kubeconfig, ...byName.flatMap((d) => ['--iptables', `${d.node}=${d.file}`])];
      // Asynchronous: the server answering it runs in this process.
      const output = async (argv: string[]) => (await promisify(execFile)(PLUGIN, argv, { env, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
      const same = (await output(collect)) === (await output(files));
      const execs: number[] = [];
      const runs: [number[], number[], string[]][] = [[[], [], collect], [[], [], files]];
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < runs.length; k++) {
          const run = runs[(round + k) % runs.length];
          if (!run) continue;
          const t = await timed(server, PLUGIN, run[2], env);
          run[0].push(t.ms);
          run[1].push(t.requests);
          if (run === runs[0]) execs.push(server.requests.filter((r) => r.exec).length);
        }
      }
      const [c, f] = runs;
      const collectMs = median(c?.[0] ?? []);
      const filesMs = median(f?.[0] ?? []);
      return [
        { name: `explain --collect-dataplane, ${NODES} nodes: wall time`, value: round1(collectMs), unit: ' ms', detail: `median of ${ROUNDS}, rotating order; output identical to --iptables with the same dumps: ${same ? 'yes' : 'NO'}` },
        { name: `explain --iptables x${NODES} files: wall time`, value: round1(filesMs), unit: ' ms' },
        { name: 'collect / files: wall-time ratio', value: Math.round((collectMs / filesMs) * 100) / 100, unit: 'x', ...(same ? {} : { pass: false }) },
        { name: 'explain --collect-dataplane: requests', value: c?.[1][0] ?? 0, unit: ' requests', detail: `of which ${execs[0] ?? 0} exec (nat and filter per node, 8 nodes at a time)` },
        { name: `explain --iptables x${NODES} files: requests`, value: f?.[1][0] ?? 0, unit: ' requests' },
      ];
    }, { nodeDumps });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
