// `npm run eager-profile`: writes scripts/eager-functions.txt, the functions of ours that the
// build compiles with their module (scripts/build-plugins.mjs, eagerOwnFunctions), one name a line.
//
// Why a list: a function compiled with its module is in Node's compile cache, so a command that
// calls it does not compile it again; but every such function is also read back from the cache,
// and its memory touched, by every command that loads its module, called or not. On the machine
// of the README's start-up figures a first touch of a page costs 11 to 15 µs, and compiling all
// 734 functions of the modules `explain -f` loads (404 of which it never calls) cost it about 540
// page faults and 5 to 6 ms more than compiling the 330 it calls. So the build compiles eagerly
// the functions the commands below call, and leaves the others to V8's compile on first call.
//
// The commands: the offline ones whose start-up the bench and users wait on, on the shipped
// example and on one dump of each other kube-proxy mode. A function none of them calls is still
// there, compiled when first called. test/cli/eager.test.ts fails when this list is not what the
// commands call (run this script after `npm run build`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';
import { moduleRegions } from './build-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const EAGER_FUNCTIONS_FILE = join(root, 'scripts', 'eager-functions.txt');

const example = 'examples/readiness-drill';
/** Each command line run for the profile, from the project folder. */
export const PROFILED_COMMANDS = [
  ['explain', 'svc/readiness-deployment', '-f', `${example}/objects.yaml`, '--iptables', `minikube=${example}/iptables-save.after.txt`],
  ['explain', 'svc/readiness-deployment', '-f', `${example}/objects.yaml`, '--dataplane', `minikube=${example}/iptables-save.after.txt`, '-o', 'json'],
  ['explain', 'pod/readiness-deployment-b5d4f7c47-jl97z', '-f', `${example}/objects.yaml`],
  ['explain', 'svc/readiness-deployment', 'svc/kubernetes', '-f', `${example}/objects.yaml`, '-o', 'yaml'],
  ['rules', '--service', 'default/readiness-deployment', `minikube=${example}/iptables-save.after.txt`],
  ['rules', 'test/scenarios/nftables-node/nft-list-table-pi.nft'],
  ['rules', 'test/scenarios/ipvs-weight-zero-drift/ipvsadm-node-1.txt'],
];

/** The names of our top-level functions in a chunk of dist/: parenthesized (eager) or declared in a `// src/` region. */
export function ownFunctionNames(code) {
  const { ownAt } = moduleRegions(code);
  const names = [];
  for (const node of parseAst(code).body) {
    if (node.type === 'FunctionDeclaration' && ownAt(node.start)) names.push(node.id.name);
    if (node.type !== 'VariableDeclaration') continue;
    for (const d of node.declarations) {
      if (d.init?.type === 'FunctionExpression' && code[d.init.start - 1] === '(' && d.id.type === 'Identifier') names.push(d.id.name);
    }
  }
  return names;
}

/** The functions of ours that PROFILED_COMMANDS call, sorted (V8's coverage of each run of dist/). */
export function calledFunctions() {
  const dist = join(root, 'dist');
  const own = new Set(readdirSync(dist).filter((f) => f.endsWith('.mjs')).flatMap((f) => ownFunctionNames(readFileSync(join(dist, f), 'utf8'))));
  const called = new Set();
  const coverage = mkdtempSync(join(tmpdir(), 'slices-eager-'));
  try {
    for (const args of PROFILED_COMMANDS) {
      // Output to a pipe of spawnSync's, a socket pair: stdout is always Node's stream there
      // (src/cli/stdout.ts), so every run calls the same functions.
      const r = spawnSync(process.execPath, ['--min-semi-space-size=4', join(dist, 'kubectl-slices.mjs'), ...args], { cwd: root, env: { ...process.env, NODE_V8_COVERAGE: coverage, NO_COLOR: '1' }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`kubectl-slices ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    for (const file of readdirSync(coverage)) {
      for (const script of JSON.parse(readFileSync(join(coverage, file), 'utf8')).result) {
        if (!script.url.includes('/dist/')) continue;
        for (const fn of script.functions) if (fn.ranges[0].count > 0 && own.has(fn.functionName)) called.add(fn.functionName);
      }
    }
  } finally {
    rmSync(coverage, { recursive: true, force: true });
  }
  return [...called].sort();
}

/** The list the build reads: one name a line. */
export function readEagerFunctions() {
  return readFileSync(EAGER_FUNCTIONS_FILE, 'utf8').split('\n').filter((line) => line !== '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = calledFunctions();
  writeFileSync(EAGER_FUNCTIONS_FILE, `${names.join('\n')}\n`);
  console.log(`${EAGER_FUNCTIONS_FILE}: ${names.length} functions`);
}
