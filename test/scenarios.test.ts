/**
 * Golden-file scenarios: each folder of test/scenarios holds real-looking objects (and node dumps)
 * plus the table and JSON `kubectl slices explain` must print for them. UPDATE_GOLDEN=1 rewrites
 * the expected files; review the diff before committing it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type { Explanation } from '../src/explain/types.ts';
import { transitionLines } from '../src/render/ndjson.ts';
import { readObjectFiles } from '../src/sources/files.ts';
import { watchReducer } from '../src/watch/reducer.ts';
import { initialWatchState, type WatchTarget } from '../src/watch/state.ts';
import { watchSummary } from '../src/watch/summary.ts';
import type { WatchAction, WatchKind } from '../src/watch/types.ts';
import { runCli } from './cli/capture.ts';
import { withLive } from './cluster/live.ts';

const root = fileURLToPath(new URL('./scenarios/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const scenarios = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'args.json')));

interface Args {
  /**
   * `list`: the objects (`objects`, paths relative to the scenario) served by the in-memory API
   * server, `list -A` run against it; `explain`: the files given with -f when they live elsewhere
   * (an example of examples/). `watch`: the actions of the scenario's actions.ts through the
   * watch reducer, printed as NDJSON with the latency figures.
   */
  command?: 'explain' | 'list' | 'watch';
  objects?: string[];
  service: string;
  namespace?: string;
  iptables?: string[];
  /** `--dataplane` specs (any dump format), after the `--iptables` ones. */
  dataplane?: string[];
  /** Run with --exit-code, which must exit with this code (3 known not receiving, 4 unknown, 0). */
  exitCode?: number;
}

interface Inputs {
  objects: string[];
  /** `--iptables` specs of dumps a generator made. */
  dumps: string[];
}

/** A scenario too large to commit has a deterministic generate.ts; its output goes to a temp dir. */
async function inputs(dir: string, args: Args): Promise<Inputs> {
  if (args.objects) return { objects: args.objects.map((file) => join(dir, file)), dumps: [] };
  for (const name of ['objects.yaml', 'objects.json']) if (existsSync(join(dir, name))) return { objects: [join(dir, name)], dumps: [] };
  const { generate } = (await import(join(dir, 'generate.ts'))) as { generate: () => { objects: object[]; dumps?: Record<string, string> } };
  const generated = generate();
  const out = mkdtempSync(join(tmpdir(), 'slices-scenario-'));
  writeFileSync(join(out, 'objects.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generated.objects }));
  const dumps = Object.entries(generated.dumps ?? {}).map(([node, text]) => {
    writeFileSync(join(out, `${node}.txt`), text);
    return `${node}=${join(out, `${node}.txt`)}`;
  });
  return { objects: [join(out, 'objects.json')], dumps };
}

async function argv(dir: string, output: string): Promise<string[]> {
  const args = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as Args;
  const flag = (name: string) => (spec: string) => {
    const eq = spec.indexOf('=');
    return [name, eq > 0 ? `${spec.slice(0, eq)}=${join(dir, spec.slice(eq + 1))}` : join(dir, spec)];
  };
  const dumps = [...(args.iptables ?? []).flatMap(flag('--iptables')), ...(args.dataplane ?? []).flatMap(flag('--dataplane'))];
  const { objects, dumps: generated } = await inputs(dir, args);
  const exitCode = args.exitCode === undefined ? [] : ['--exit-code'];
  return ['explain', args.service, ...(args.namespace ? ['-n', args.namespace] : []), ...objects.flatMap((file) => ['-f', file]), ...dumps, ...generated.flatMap((d) => ['--iptables', d]), '-o', output, ...exitCode];
}

function expectedExit(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as Args).exitCode ?? 0;
}

function golden(file: string, actual: string): void {
  if (update || !existsSync(file)) {
    writeFileSync(file, actual);
    if (!update) assert.fail(`${file} did not exist: written now, review it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'));
}

/**
 * Paths in the JSON depend on where the scenario lives; golden files keep them relative. Only the
 * generated inputs' folder becomes `<tmp>`: a probe may well `cat /tmp/healthy`.
 */
function relative(text: string, dir: string): string {
  return text.split(dir + '/').join('').replace(new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/slices-scenario-[^/\\s"]+`, 'g'), '<tmp>');
}

/**
 * A scenario may have an expect.ts: `check` asserts what the scenario proves on the whole output;
 * a scenario too large for a golden file a person can review also has `trim`, which keeps the
 * sample that goes into the golden files.
 */
interface Expectations {
  check(doc: Explanation, table: string): void;
  trim?(doc: Explanation, table: string): { json: unknown; table: string };
}

async function expectationsOf(dir: string): Promise<Expectations | null> {
  const file = join(dir, 'expect.ts');
  return existsSync(file) ? ((await import(file)) as Expectations) : null;
}

const seenCodes = new Set<string>();

function argsOf(dir: string): Args {
  return JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as Args;
}

/** A `list` scenario: the objects of several captures in one cluster, listed as `list -A` lists them. */
async function listScenario(dir: string, args: Args): Promise<void> {
  const objects = await readObjectFiles((args.objects ?? []).map((file) => join(dir, file)), Readable.from(['']));
  await withLive(objects, async (live) => {
    const table = await live.run(['list', '-A', '-o', 'wide']);
    const json = await live.run(['list', '-A', '-o', 'json']);
    assert.deepEqual([table.code, table.stderr, json.code, json.stderr], [0, '', 0, '']);
    golden(join(dir, 'expected.table.txt'), table.stdout);
    golden(join(dir, 'expected.json'), json.stdout);
  });
}

/** A `watch` scenario: its actions through the reducer, as `watch -o json` prints the transitions, then the latency figures. */
async function watchScenario(dir: string): Promise<void> {
  const scenario = (await import(join(dir, 'actions.ts'))) as { actions(): Promise<WatchAction[]>; target: WatchTarget; watched: WatchKind[] };
  let state = initialWatchState(scenario.target, scenario.watched);
  let lines = '';
  for (const action of await scenario.actions()) {
    state = watchReducer(state, action);
    lines += transitionLines(state.latest);
  }
  golden(join(dir, 'expected.ndjson'), `${lines}${JSON.stringify({ latencySeconds: watchSummary(state, 'end').latencySeconds })}\n`);
}

describe('golden scenarios', () => {
  for (const { name } of scenarios) {
    const dir = join(root, name);
    if (argsOf(dir).command === 'list') {
      it(`${name}: list -A matches the golden files`, () => listScenario(dir, argsOf(dir)));
      continue;
    }
    if (argsOf(dir).command === 'watch') {
      it(`${name}: the watch's NDJSON matches the golden file`, () => watchScenario(dir));
      continue;
    }
    it(`${name}: table and JSON match the golden files`, async () => {
      const table = await runCli(await argv(dir, 'wide'));
      assert.equal(table.stderr, '');
      const json = await runCli(await argv(dir, 'json'));
      assert.equal(json.stderr, '');
      assert.deepEqual([table.code, json.code], [expectedExit(dir), expectedExit(dir)], 'exit code');
      const doc = JSON.parse(json.stdout) as Explanation;
      const expectations = await expectationsOf(dir);
      expectations?.check(doc, table.stdout);
      const kept = expectations?.trim ? expectations.trim(doc, table.stdout) : null;
      golden(join(dir, 'expected.table.txt'), relative(kept ? kept.table : table.stdout, dir));
      golden(join(dir, 'expected.json'), relative(kept ? `${JSON.stringify(kept.json, null, 2)}\n` : json.stdout, dir));
      for (const p of [...doc.pods, ...doc.endpointsWithoutPods]) for (const r of p.reasons) seenCodes.add(r.code);
      for (const f of doc.findings) seenCodes.add(f.code);
    });
  }

  it('together the scenarios produce every reason and finding code the issue asks for', () => {
    assert.ok(scenarios.length >= 20, `expected the scenario folders, found ${scenarios.length}`);
    const required = ['ReadinessProbeFailing', 'ReadinessGateFalse', 'ContainersNotReady', 'PodNotRunning', 'NoPodIP', 'Terminating', 'NamedPortMissing', 'PublishNotReadyAddresses', 'MissingFromEndpointSlice', 'NoDataplaneRule', 'StaleDataplaneRule', 'TrafficPolicyLocal', 'SelectorMatchesNoPods', 'NoSelector', 'Headless', 'ExternalName', 'NoReadyEndpoints', 'EndpointsOverCapacity', 'EndpointsMismatch', 'NoReadinessProbe', 'ReadyOnNotReadyNode', 'TargetPortNotDeclared', 'SelectorNearMiss', 'DualStackPartial', 'TopologyHints', 'MirroredEndpoints', 'DumpNodeNotFound', 'EndpointHeld', 'ShareUnknown', 'NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'];
    const missing = required.filter((c) => !seenCodes.has(c));
    assert.deepEqual(missing, []);
  });
});
