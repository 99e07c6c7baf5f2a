/**
 * Live-mode benchmarks against the in-memory API server (real HTTP on loopback), whole process
 * each time, through the built bin/kubectl-slices (run `npm run build` first):
 * - `explain` of a 1,000-pod Service vs the closest single kubectl read of the same objects,
 *   measured alternately (ABBA order per round), medians; plus the requests each made.
 * - `list -A` over 2,000 Services and 20,000 pods: wall time and requests.
 *
 * kubectl refuses the issue's `kubectl get svc/NAME endpointslices endpoints/NAME pods -l SEL`
 * ("there is no need to specify a resource type as a separate argument when passing arguments in
 * resource/name form"), so the baseline is `kubectl get svc,endpointslices,endpoints,pods -l SEL
 * -o json`: one process, one LIST per type; the Service, its slices and Endpoints carry the
 * Service's labels, as the controllers copy them, so it reads the same objects (but no nodes or events).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KubeObject } from '../src/kubernetes/objects.ts';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../test/apiserver/server.ts';
import { nodeObjects, serviceObjects } from '../test/cluster/generate.ts';
import { median, ratioResult, type BenchResult } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PLUGIN = join(ROOT, 'bin', 'kubectl-slices');
const ROUNDS = 7;

interface Timed {
  ms: number;
  requests: number;
}

export async function benchLive(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, 'dist', 'kubectl-slices.mjs'))) throw new Error('bench/live.ts runs the built plugin: run `npm run build` first');
  return [...(await benchExplain()), ...(await benchList())];
}

async function benchExplain(): Promise<BenchResult[]> {
  const objects = [...nodeObjects(10), ...serviceObjects({ name: 'big', pods: 1000, notReady: 50, nodes: 10 })];
  return withServer(objects, async (server, env, kubeconfig) => {
    const ours = ['explain', 'svc/big', '--kubeconfig', kubeconfig];
    const oursJson = [...ours, '-o', 'json'];
    const theirs = ['get', 'svc,endpointslices,endpoints,pods', '-l', 'app=big', '-o', 'json', '--kubeconfig', kubeconfig];
    // Warm-up: kubectl fills its discovery cache under HOME, node its compile cache.
    await timed(server, PLUGIN, ours, env);
    await timed(server, 'kubectl', theirs, env);
    const runs: [Timed[], string, string[]][] = [[[], PLUGIN, ours], [[], 'kubectl', theirs], [[], PLUGIN, oursJson]];
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate who goes first, so neither always runs on a warmer machine.
      for (let k = 0; k < runs.length; k++) {
        const run = runs[(round + k) % runs.length];
        if (run) run[0].push(await timed(server, run[1], run[2], env));
      }
    }
    const [a, b, c] = runs.map(([times]) => times);
    const oursMs = median((a ?? []).map((t) => t.ms));
    const theirsMs = median((b ?? []).map((t) => t.ms));
    const jsonMs = median((c ?? []).map((t) => t.ms));
    const ratio = oursMs / theirsMs;
    const detail = `median of ${ROUNDS}, rotating order; kubectl get svc,endpointslices,endpoints,pods -l app=big -o json: ${theirsMs.toFixed(0)} ms`;
    return [
      { name: 'live explain, 1,000-pod Service: wall time', value: round1(oursMs), unit: ' ms', detail },
      ratioResult('live explain / kubectl get: wall-time ratio', ratio, 1.0, `${oursMs.toFixed(0)} ms vs ${theirsMs.toFixed(0)} ms (default table output)`),
      { name: 'live explain -o json / kubectl get: wall-time ratio', value: Math.round((jsonMs / theirsMs) * 100) / 100, unit: 'x', detail: `${jsonMs.toFixed(0)} ms: the same fetch and explain, without the table renderer` },
      { name: 'live explain, 1,000-pod Service: requests', value: a?.[0]?.requests ?? 0, unit: ' requests', detail: 'Service, slices, Endpoints, 2 pod pages, 10 node GETs, 1 events list, 1 ingresses list' },
      { name: 'kubectl get baseline: requests', value: b?.[0]?.requests ?? 0, unit: ' requests', detail: 'with a warm discovery cache' },
    ];
  });
}

async function benchList(): Promise<BenchResult[]> {
  const objects: KubeObject[] = [...nodeObjects(50)];
  for (let i = 0; i < 2000; i++) {
    objects.push(...serviceObjects({ name: `svc-${i}`, namespace: `team-${i % 40}`, pods: 10, notReady: i % 10 === 0 ? 2 : 0, nodes: 50, ipBase: i * 10 }));
  }
  return withServer(objects, async (server, env, kubeconfig) => {
    const argv = ['list', '-A', '--kubeconfig', kubeconfig];
    const runs: Timed[] = [];
    for (let round = 0; round < 3; round++) runs.push(await timed(server, PLUGIN, argv, env));
    const ms = median(runs.map((t) => t.ms));
    // One reference run: the same four lists read by kubectl (most of either figure is the test server paging).
    const kubectl = await timed(server, 'kubectl', ['get', 'svc,endpointslices,endpoints,pods', '-A', '-o', 'json', '--kubeconfig', kubeconfig], env);
    return [
      { name: 'list -A, 2,000 Services / 20,000 pods: wall time', value: round1(ms), unit: ' ms', detail: `median of 3, whole process; kubectl get svc,endpointslices,endpoints,pods -A -o json: ${kubectl.ms.toFixed(0)} ms, ${kubectl.requests} requests` },
      { name: 'list -A, 2,000 Services / 20,000 pods: requests', value: runs[0]?.requests ?? 0, unit: ' requests', detail: '7 paginated lists (500 per page): services, endpointslices, endpoints, pods, ingresses, ingressclasses, namespaces' },
    ];
  });
}

export async function withServer<T>(objects: KubeObject[], fn: (server: ApiServer, env: NodeJS.ProcessEnv, kubeconfig: string) => Promise<T>, options: Omit<ApiServerOptions, 'objects'> = {}): Promise<T> {
  const server = await startApiServer({ objects, ...options });
  const home = mkdtempSync(join(tmpdir(), 'slices-bench-'));
  const kubeconfig = join(home, 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
  try {
    return await fn(server, { PATH: process.env.PATH, HOME: home }, kubeconfig);
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Whole-process wall time of one run (output discarded, as into /dev/null), and the requests the server saw. */
export async function timed(server: ApiServer, command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  server.resetRequests();
  const started = process.hrtime.bigint();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 || status === 3 ? resolve(status) : reject(new Error(`${command} ${argv.join(' ')} exited ${status}: ${stderr}`))));
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms: code >= 0 ? ms : Number.NaN, requests: server.requests.length };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchLive()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  PASS' : '  FAIL';
    process.stdout.write(`${r.name}: ${r.value}${r.unit}${r.limit !== undefined ? ` (limit ${r.limit})` : ''}${verdict}${r.detail ? `  [${r.detail}]` : ''}\n`);
  }
}
