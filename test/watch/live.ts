/**
 * End-to-end plumbing for watch mode: the in-memory API server seeded with a three-pod Service,
 * the `watch` command run in-process on a manual clock with its NDJSON read as it arrives, and the
 * controllers' part of a readiness drill (the slice and Endpoints updates the real controllers
 * would write). Tests wait on what happened (a line printed, a request served), never on time
 * passing; the watch's own time moves only when the test advances its clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { run } from '../../src/cli/run.ts';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../apiserver/server.ts';
import { endpointFor, endpointsFor, pod, probeFailure, service, slice } from '../explain/builders.ts';
import { ManualClock } from './clock.ts';
import { ips, names, PROBE_MESSAGE } from './fixtures.ts';

type Letter = keyof typeof names;
const LETTERS: Letter[] = ['a', 'b', 'c'];

export interface Cluster {
  server: ApiServer;
  kubeconfig: string;
  /** The kubelet: pod `letter` turns (not) Ready, with a probe-failure event when it fails. */
  setReady(letter: Letter, ready: boolean): void;
  /** The EndpointSlice controller, then (later) the Endpoints controller, catching up with the pods. */
  syncSlice(): void;
  syncEndpoints(): void;
  close(): Promise<void>;
}

/** `options`: more options for the API server (a required token, ...). */
export async function startCluster(options: Omit<ApiServerOptions, 'objects'> = {}): Promise<Cluster> {
  const ready: Record<Letter, boolean> = { a: true, b: true, c: true };
  const pods = () => LETTERS.map((l) => pod(names[l], { ip: ips[l], ready: ready[l] }));
  const server = await startApiServer({ objects: [service(), ...pods(), slice('web-wscv5', pods().map((p) => endpointFor(p))), endpointsFor(pods())], bookmarkIntervalMs: 200, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'slices-watch-'));
  const kubeconfig = join(dir, 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
  let failures = 0;
  return {
    server,
    kubeconfig,
    setReady(letter, value) {
      ready[letter] = value;
      if (!value) server.upsert(probeFailure(pod(names[letter]), PROBE_MESSAGE, (failures += 3)));
      server.setPodReady('default', names[letter], value);
    },
    syncSlice: () => void server.upsert(slice('web-wscv5', pods().map((p) => endpointFor(p)))),
    syncEndpoints: () => void server.upsert(endpointsFor(pods())),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningWatch {
  /** The watch's clock: it moves only when the test advances it. */
  clock: ManualClock;
  /** NDJSON transition records printed so far. */
  transitions(): TransitionRecord[];
  summary(): Record<string, unknown> | undefined;
  stderr(): string;
  /** Resolves once this watch has listed everything and opened its five streams. */
  /** Resolves once `streams` watches of this run are open (five: one per watched kind). */
  watching(streams?: number): Promise<void>;
  /** Whether the command has returned. */
  finished(): boolean;
  done: Promise<number>;
}

export function startWatch(cluster: Pick<Cluster, 'server' | 'kubeconfig'>, args: string[], command: string[] = ['watch', 'svc/web']): RunningWatch {
  let stdout = '';
  let stderr = '';
  let finished = false;
  const clock = new ManualClock();
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, cb) => (append(String(chunk)), cb()) });
  const io = { stdout: Object.assign(sink((s) => (stdout += s)), { isTTY: false }), stderr: sink((s) => (stderr += s)), stdin: Readable.from(['']), env: { HOME: tmpdir() }, clock };
  // Streams of an earlier watch may still be closing on the server: count this watch's own.
  const firstRequest = cluster.server.requests.length;
  // --request-timeout 0: on a loaded machine a list may take seconds, and no test here is about timeouts.
  const done = run([...command, '--kubeconfig', cluster.kubeconfig, '--request-timeout', '0', ...args], io);
  void done.then(() => (finished = true));
  const records = () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    clock,
    transitions: () => records().filter((r) => !('summary' in r)) as unknown as TransitionRecord[],
    summary: () => records().find((r) => 'summary' in r)?.summary as Record<string, unknown> | undefined,
    stderr: () => stderr,
    watching: (streams = 5) => waitFor(`${streams} watches of this run`, () => cluster.server.requests.slice(firstRequest).filter((r) => r.watch && r.status === 200).length >= streams),
    finished: () => finished,
    done,
  };
}

/** Polls `test` until it holds. The deadline only turns a hang into a failure; no assertion depends on it. */
export async function waitFor(what: string, test: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

/**
 * Advances the watch's clock by `stepMs` at each poll until `test` holds: for waits the watch
 * spends on its own clock (backoff before a reconnect, the stall detector). Use it only where the
 * exact time that passes does not matter to an assertion.
 */
export async function pumpUntil(clock: ManualClock, what: string, test: () => boolean, stepMs = 100): Promise<void> {
  await waitFor(what, () => {
    if (test()) return true;
    clock.advance(stepMs);
    return false;
  });
}

/** The (only) watch has listed everything and holds its five streams open. */
export const watching = (cluster: Cluster) => waitFor('five open watches', () => cluster.server.openWatches >= 5);

/** Drops every watch and waits until all five informers have opened a new one, moving the clock through their backoff. */
export async function dropAndRewatch(cluster: Cluster, clock: ManualClock, opts: { abrupt?: boolean } = {}): Promise<void> {
  const watchRequests = () => cluster.server.requests.filter((r) => r.watch).length;
  const before = watchRequests();
  cluster.server.dropWatches(opts);
  await pumpUntil(clock, 'five new watches', () => cluster.server.openWatches === 5 && watchRequests() >= before + 5);
}
