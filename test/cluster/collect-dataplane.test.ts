/**
 * `explain --collect-dataplane` against the in-memory API server, whose agent pods print real
 * dumps by exec: the answer is byte for byte the one `--iptables NODE=FILE` gives with the same
 * dumps, and every node that cannot be read is unknown with its reason while the others are
 * still given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, type Captured } from '../cli/capture.ts';
import { ManualClock } from '../watch/clock.ts';
import { waitFor } from '../watch/live.ts';
import { withLive, type Live } from './live.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const DRILL = { objects: file('examples/readiness-drill/objects.yaml'), dump: file('examples/readiness-drill/iptables-save.after.txt') };
const LOCAL = {
  objects: file('test/scenarios/traffic-policy-local/objects.yaml'),
  a: file('test/scenarios/traffic-policy-local/iptables-node-a.txt'),
  b: file('test/scenarios/traffic-policy-local/iptables-node-b.txt'),
};
const LOCAL_DUMPS = [{ node: 'node-a', file: LOCAL.a }, { node: 'node-b', file: LOCAL.b }];

const findings = (r: Captured) => r.stdout.split('\n').filter((l) => /^\s+(warning|info|critical)\s/.test(l)).map((l) => l.trim());
const execs = (live: Live) => live.server.requests.filter((r) => r.exec);

describe('explain --collect-dataplane gives the answer of --iptables with the same dumps', () => {
  const cases = [
    { name: 'readiness drill: one minikube node', service: 'svc/readiness-deployment', snapshot: DRILL.objects, dumps: [{ node: 'minikube', file: DRILL.dump }], extra: [] },
    { name: 'externalTrafficPolicy Local: a node with the pods and one without (named with --nodes)', service: 'svc/web', snapshot: LOCAL.objects, dumps: LOCAL_DUMPS, extra: ['--nodes', 'node-b'] },
  ];
  for (const c of cases) {
    for (const output of ['table', 'wide', 'json']) {
      it(`${c.name}, -o ${output}`, () =>
        withLive([], async (live) => {
          const files = await live.run(['explain', c.service, '-o', output, ...c.dumps.flatMap((d) => ['--iptables', `${d.node}=${d.file}`])]);
          assert.equal(files.code, 0, files.stderr);
          const collected = await live.run(['explain', c.service, '-o', output, '--collect-dataplane', ...c.extra]);
          assert.equal(collected.stderr, '');
          assert.equal(collected.code, 0);
          assert.equal(collected.stdout, files.stdout);
          // Each node was read by exec, nat and filter tables, in its kube-proxy pod.
          const commands = execs(live).map((r) => `${r.path.split('/')[6]} ${r.exec?.command.join(' ')}`).sort();
          assert.deepEqual(commands, c.dumps.flatMap((d) => [`${agentOf(live, d.node)} iptables-save -t filter`, `${agentOf(live, d.node)} iptables-save -t nat`]).sort());
        }, { snapshotFile: c.snapshot, nodeDumps: c.dumps }));
    }
  }
});

describe('several Services: a node they share is read once', () => {
  for (const scope of [['--nodes', 'minikube'], ['--collect-dataplane=all']]) {
    it(`explain svc/kubernetes svc/readiness-deployment ${scope.join(' ')}: one read of minikube, the answer of --iptables`, () =>
      withLive([], async (live) => {
        const services = ['explain', 'svc/kubernetes', 'svc/readiness-deployment', '-o', 'json'];
        const files = await live.run([...services, '--iptables', `minikube=${DRILL.dump}`]);
        const collected = await live.run([...services, ...(scope[0] === '--nodes' ? ['--collect-dataplane', ...scope] : scope)]);
        assert.equal(collected.stderr, '');
        assert.equal(collected.code, files.code);
        assert.equal(collected.stdout, files.stdout);
        const commands = execs(live).map((r) => r.exec?.command.join(' ')).sort();
        assert.deepEqual(commands, ['iptables-save -t filter', 'iptables-save -t nat']);
      }, { snapshotFile: DRILL.objects, nodeDumps: [{ node: 'minikube', file: DRILL.dump }] }));
  }
});

describe('--collect-dataplane=all where Nodes cannot be listed', () => {
  it('says so once, and reads the nodes of the Services\' pods and endpoints (each once)', () =>
    withLive([], async (live) => {
      live.server.forbid('nodes');
      const r = await live.run(['explain', 'svc/kubernetes', 'svc/readiness-deployment', '--collect-dataplane=all']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.match(/Nodes cannot be listed/g)?.length, 1, r.stderr);
      assert.match(r.stderr, /^warning: --collect-dataplane=all: Nodes cannot be listed \(forbidden: .*\); read only the nodes of the Service's pods and endpoints$/m);
      assert.deepEqual(execs(live).map((e) => e.exec?.command.join(' ')).sort(), ['iptables-save -t filter', 'iptables-save -t nat']);
      assert.match(r.stdout, /MINIKUBE/);
    }, { snapshotFile: DRILL.objects, nodeDumps: [{ node: 'minikube', file: DRILL.dump }] }));
});

describe('explain --collect-dataplane decodes what each agent prints with the one dispatcher (dataplane/decode.ts)', () => {
  const cases = [
    { name: 'kube-proxy in nftables mode (test/scenarios/nftables-node)', scenario: 'nftables-node', service: 'svc/backend-api', namespace: 'kproxy-lab', node: 'pi', dump: 'nft-list-table-pi.nft', tag: /PI \(nft\)/ },
  ];
  for (const c of cases) {
    it(`${c.name}: the answer of --dataplane with the same dump`, () => {
      const dump = file(`test/scenarios/${c.scenario}/${c.dump}`);
      return withLive([], async (live) => {
        const args = ['explain', c.service, '-n', c.namespace];
        const files = await live.run([...args, '--dataplane', `${c.node}=${dump}`]);
        const collected = await live.run([...args, '--collect-dataplane']);
        assert.equal(collected.stderr, '');
        assert.equal(collected.code, files.code);
        // The probe's age is counted from each run's own read of the cluster, a second apart at times.
        const sameTime = (text: string) => text.replace(/not passed \d+s after/g, 'not passed Ns after');
        assert.equal(sameTime(collected.stdout), sameTime(files.stdout));
        assert.match(collected.stdout, c.tag);
      }, { snapshotFile: file(`test/scenarios/${c.scenario}/objects.yaml`), nodeDumps: [{ node: c.node, file: dump }] });
    });
  }
});

function agentOf(live: Live, node: string): string {
  return live.server.agents.find((a) => a.node === node)?.pod ?? '?';
}

describe('a node that cannot be read is unknown with its reason; the others are still given', () => {
  it('pods/exec forbidden: every node unknown with the server\'s words and the verb to grant; the pods are still explained', () =>
    withLive([], async (live) => {
      live.server.forbid('pods/exec');
      const r = await live.run(['explain', 'svc/web', '--collect-dataplane', '--nodes', 'node-b']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^2 of 2 pods receive traffic\.$/m);
      assert.match(r.stdout, /^bk6wz\s+receives/m);
      assert.doesNotMatch(r.stdout, /NODE-A|NODE-B/, 'no column claims a rule or its absence');
      const unknown = findings(r).filter((f) => f.includes('DataplaneUnknown'));
      assert.equal(unknown.length, 2);
      for (const [i, node] of ['node-a', 'node-b'].entries()) {
        assert.match(unknown[i] ?? '', new RegExp(`^warning  DataplaneUnknown: unknown on node ${node}: exec "iptables-save -t nat" in pod kube-system/kube-proxy-\\S+ \\(container kube-proxy\\): pods/exec is forbidden in namespace "kube-system" \\(pods "kube-proxy-\\S+" is forbidden: User "system:serviceaccount:default:viewer" cannot get resource "pods/exec" in API group "" in the namespace "kube-system"\\); reading a node's rules needs get and create on pods/exec there$`));
      }
    }, { snapshotFile: LOCAL.objects, nodeDumps: LOCAL_DUMPS }));

  it('no agent pod on one node, the binary missing on another: each its own reason, in JSON too', () =>
    withLive([], async (live) => {
      live.server.execFault({ kind: 'command-not-found', node: 'node-a' });
      const r = await live.run(['explain', 'svc/web', '-o', 'json', '--collect-dataplane', '--nodes', 'node-b,ghost']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { unknown: string[]; nodes: string[] };
      assert.deepEqual(doc.nodes, []);
      assert.deepEqual(doc.unknown.map((u) => u.replace(/kube-proxy-[a-z0-9]{5}/g, 'kube-proxy-X').replace(/exec "[0-9a-f]{64}"/, 'exec "ID"')), [
        'dataplane of node node-a: exec "iptables-save -t nat" in pod kube-system/kube-proxy-X (container kube-proxy): "iptables-save" is not in the container\'s image (Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "ID": OCI runtime exec failed: exec failed: unable to start container process: exec: "iptables-save": executable file not found in $PATH: unknown)',
        'dataplane of node node-b: no agent pod on node node-b: DaemonSet kube-system/kube-proxy has no pod there (not scheduled there yet, or its tolerations keep it off the node)',
        'dataplane of node ghost: there is no Node named ghost (--nodes)',
      ]);
    }, { snapshotFile: LOCAL.objects, nodeDumps: LOCAL_DUMPS, withoutAgentPod: ['node-b'] }));

  it('an exec that hangs is abandoned at --collect-timeout on the command\'s clock; the node read in time is given', async () => {
    await withLive([], async (live) => {
      live.server.execFault({ kind: 'hang', node: 'node-b' });
      const clock = new ManualClock();
      const running = runCli(['explain', 'svc/web', '--collect-dataplane', '--nodes', 'node-b', '--collect-timeout', '7s', '--kubeconfig', live.kubeconfig], { env: { HOME: live.dir }, clock });
      // node-a's two execs are over (its deadline runs on the same clock), node-b's hangs.
      const nodeA = () => execs(live).filter((r) => r.path.includes(agentOf(live, 'node-a')));
      await waitFor('node-a read, node-b hanging', () => nodeA().length === 2 && nodeA().every((r) => r.exec?.closed) && execs(live).filter((r) => r.status === 101).length >= 3);
      clock.advance(6_999);
      assert.equal(live.server.requests.filter((r) => r.exec && r.path.includes(agentOf(live, 'node-b'))).length, 1, 'still waiting on node-b');
      clock.advance(1);
      const r = await running;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /NODE-A/);
      assert.doesNotMatch(r.stdout, /NODE-B/);
      assert.match(r.stdout, new RegExp(`DataplaneUnknown: unknown on node node-b: exec "iptables-save -t nat" in pod kube-system/${agentOf(live, 'node-b')} \\(container kube-proxy\\): no answer within 7s, the per-node timeout \\(--collect-timeout\\); abandoned`));
    }, { snapshotFile: LOCAL.objects, nodeDumps: LOCAL_DUMPS });
  });
});

describe('--collect-dataplane flags', () => {
  const cases = [
    { args: ['--collect-dataplane', 'svc/web'], error: /--collect-dataplane=svc\/web: expected "all"; the value goes after =/ },
    { args: ['--collect-dataplane=5s'], error: /an interval applies to a watch \(add --watch\)/ },
    { args: ['--nodes', 'a'], error: /--nodes only applies with --collect-dataplane/ },
    { args: ['--collect-dataplane', '--collect-timeout', '0'], error: /invalid --collect-timeout "0"/ },
    { args: ['--collect-dataplane', '-f', 'x.yaml'], error: /--collect-dataplane reads the cluster, but -f reads files/ },
  ];
  for (const c of cases) {
    it(`${c.args.join(' ')}: a usage error`, async () => {
      const r = await runCli(['explain', 'web', ...c.args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, c.error);
      assert.equal(r.stdout, '');
    });
  }
});
