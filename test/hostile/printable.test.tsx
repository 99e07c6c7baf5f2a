/**
 * Cluster text reaches the terminal raw (issue 13): an Event message with OSC 52 or `ESC[2J`, a
 * probe command with OSC 8, a bidi override in a name. Every human output (table, wide, list,
 * rules, the watch screen, error lines) shows them escaped; JSON keeps the exact strings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { printable } from '../../src/render/printable.ts';
import type { ServiceListing } from '../../src/explain/listing.ts';
import { renderListTable } from '../../src/render/list-table.ts';
import { PLAIN_THEME } from '../../src/render/theme.ts';
import { WatchApp } from '../../src/render/watch/WatchApp.tsx';
import { WatchSession } from '../../src/watch/session.ts';
import { runCli } from '../cli/capture.ts';
import { endpointFor, endpointsFor, pod, probeFailure, service, slice } from '../explain/builders.ts';
import { ManualClock } from '../watch/clock.ts';
import { added, baseline, run, T0 } from '../watch/fixtures.ts';
import { assertSafe, ATTACKS, hostileText, PROPERTY_RUNS } from './hostile.ts';

/** Our own colours (chalk level 1): bold, dim, red, green, yellow and their resets. */
const OUR_SGR = ['\u001b[1m', '\u001b[2m', '\u001b[22m', '\u001b[31m', '\u001b[32m', '\u001b[33m', '\u001b[39m'];

interface Hostile {
  namespace: string;
  podSuffix: string;
  label: string;
  probeArg: string;
  eventMessage: string;
  waiting: string;
  node: string;
  portName: string;
}

const hostileObjects = fc.record<Hostile>({
  namespace: hostileText,
  podSuffix: hostileText,
  label: hostileText,
  probeArg: hostileText,
  eventMessage: hostileText,
  waiting: hostileText,
  node: hostileText,
  portName: hostileText,
});

/** A Service with one healthy pod and one failing pod, with hostile text in every field people read. */
function objectsWith(h: Hostile): KubeObject[] {
  const inNamespace = <T extends KubeObject>(o: T): T => ({ ...o, metadata: { ...o.metadata, namespace: h.namespace } }) as T;
  const failing = pod(`web-1-${h.podSuffix}`, { ready: false, node: h.node });
  const healthy = pod('web-1-aaaaa', { node: h.node });
  for (const p of [failing, healthy]) {
    p.metadata.labels = { app: h.label };
    const container = p.spec?.containers?.[0];
    if (container?.readinessProbe?.exec) container.readinessProbe.exec.command = ['sh', '-c', h.probeArg];
  }
  const status = failing.status?.containerStatuses?.[0];
  if (status && h.waiting !== '') status.state = { waiting: { reason: 'CrashLoopBackOff', message: h.waiting } };
  const svc = service('web', { selector: { app: h.label }, ports: [{ name: h.portName, port: 80, protocol: 'TCP', targetPort: 8080 }] });
  const pods: Pod[] = [healthy, failing];
  return [svc, slice('web-x', pods.map((p) => endpointFor(p)), 'web', [{ name: h.portName, port: 8080, protocol: 'TCP' }]), endpointsFor(pods), ...pods, probeFailure(failing, `Readiness probe failed: ${h.eventMessage}`)].map(inNamespace);
}

const listOf = (items: KubeObject[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

const all = ATTACKS.join('');
const everyAttack: Hostile = { namespace: all, podSuffix: all, label: all, probeArg: all, eventMessage: all, waiting: all, node: all, portName: all };

describe('printable: what a control character looks like on the screen', () => {
  it('writes escapes, controls, C1 and bidi characters out visibly and leaves other text alone', () => {
    assert.equal(printable('\u001b]52;c;aGk=\u0007'), '\\e]52;c;aGk=\\x07');
    assert.equal(printable('\u009b2J \u202eabc\u202c \r\n\t'), '\\x9b2J \\u202eabc\\u202c \\r\\n\\t');
    assert.equal(printable('readiness probe "cat /tmp/healthy" ünïcödé 日本 🙂'), 'readiness probe "cat /tmp/healthy" ünïcödé 日本 🙂');
  });
});

describe('no escape byte from input reaches a human output', () => {
  it('explain table and wide, without and with colour, through the real command line', async () => {
    await fc.assert(
      fc.asyncProperty(hostileObjects, async (h) => {
        const input = listOf(objectsWith(h));
        for (const args of [[], ['-o', 'wide'], ['--color', 'always'], ['-o', 'wide', '--color', 'always']]) {
          const r = await runCli(['explain', 'svc/web', '-n', h.namespace, '-f', '-', ...args], { stdin: input });
          assert.equal(r.code, 0, r.stderr);
          assertSafe(r.stdout + r.stderr, `explain ${args.join(' ')}`, args.includes('always') ? OUR_SGR : []);
        }
      }),
      { ...PROPERTY_RUNS, numRuns: 20, examples: [[everyAttack]] },
    );
  });

  it('the table itself (the namespace given as it is in the file)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileObjects, async (h) => {
        const input = listOf(objectsWith({ ...h, namespace: 'default', waiting: '' }));
        const r = await runCli(['explain', 'svc/web', '-f', '-', '-o', 'wide'], { stdin: input });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /1 of 2 pods receive traffic/);
        assertSafe(r.stdout, 'explain -o wide');
        const quoted = printable(h.eventMessage.replace(/\s+/g, ' ').trim());
        assert.ok(r.stdout.includes(quoted), `the message is shown, escaped: ${quoted}`);
      }),
      PROPERTY_RUNS,
    );
  });

  it('error lines: a service not found lists the hostile names, a malformed object names itself', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const notFound = await runCli(['explain', 'svc/api', '-f', '-'], { stdin: listOf([{ ...service('web'), metadata: { name, namespace: name } }]) });
        assert.equal(notFound.code, 1);
        assertSafe(notFound.stderr, 'not-found error');
        const malformed = await runCli(['explain', 'svc/web', '-f', '-'], { stdin: listOf([{ ...slice(name, []), endpoints: { a: 1 } } as unknown as KubeObject]) });
        assert.equal(malformed.code, 1);
        assertSafe(malformed.stderr, 'shape error');
        assert.equal(malformed.stderr.trimEnd().split('\n').length, 1);
      }),
      PROPERTY_RUNS,
    );
  });

  it('rules: the table, and the warnings that quote what a dump line holds', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (destination, line) => {
        // The bytes as iptables-save writes them: raw (a line end cannot be inside a line; a NUL makes it no text dump).
        // eslint-disable-next-line no-control-regex -- the control characters are the test
        const oneLine = (text: string) => text.replace(/[\n\r\u0000]/g, '');
        const raw = oneLine(destination);
        // eslint-disable-next-line no-control-regex -- the control characters are the test
        fc.pre(/[\u001b\u009b\u202e\u2066\u0007]/.test(raw));
        const dump = [
          '*nat',
          '-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA',
          '-A KUBE-SVC-AAAAAAAAAAAAAAAA -j KUBE-SEP-BBBBBBBBBBBBBBBB',
          '-A KUBE-SEP-BBBBBBBBBBBBBBBB -p tcp -m tcp -j DNAT --to-destination 10.244.0.6:8080',
          `-A KUBE-SEP-CCCCCCCCCCCCCCCC -p tcp -m tcp -j DNAT --to-destination ${raw}`,
          oneLine(line),
          'COMMIT',
          '',
        ].join('\n');
        const r = await runCli(['rules', '-'], { stdin: dump });
        assert.match(r.stdout, /^default\/web /m, 'the service is decoded');
        assert.match(r.stderr, /skipped: --to-destination needs ip:port/, 'the warning quotes the line');
        assertSafe(r.stdout + r.stderr, 'rules');
      }),
      PROPERTY_RUNS,
    );
  });

  it('list, table and wide', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (namespace, name, message) => {
        const listing: ServiceListing = {
          services: [{ namespace, name, type: 'ClusterIP', pods: 1, endpoints: { ready: 1, servingOnly: 0, terminating: 0, notReady: 0 }, traffic: { pods: 1, receiving: 1, notReceiving: 0, unknown: 0 }, causes: [], worst: { code: 'NoReadinessProbe', severity: 'info', message } }],
          unknown: [],
        };
        for (const wide of [false, true]) assertSafe(renderListTable(listing, { allNamespaces: true, wide, theme: PLAIN_THEME }), 'list');
      }),
      PROPERTY_RUNS,
    );
  });

  it('the watch screen: header, pod table and timeline frames', () => {
    fc.assert(
      fc.property(hostileObjects, (h) => {
        const [svc, slices, endpoints, healthy, failing, event] = objectsWith({ ...h, namespace: 'default' }) as [KubeObject, KubeObject, KubeObject, Pod, Pod, KubeObject];
        const loaded = baseline().map((action) => {
          if (action.type !== 'relisted') return action;
          const objects = { Service: [svc], Pod: [healthy, failing], EndpointSlice: [slices], Endpoints: [endpoints], Event: [] }[action.kind as string] ?? action.objects;
          return { ...action, objects };
        });
        const state = run([...loaded, added('Event', event, T0 + 1000)]);
        const ui = render(<WatchApp session={new WatchSession(state, { clock: new ManualClock(T0) })} color={true} columns={200} rows={30} />);
        const frame = ui.lastFrame() ?? '';
        ui.unmount();
        assert.match(frame, /\/2 pods receive traffic/);
        assertSafe(frame, 'watch screen', OUR_SGR);
      }),
      // An ink render costs a few hundred ms on a busy machine: few runs, each with every attack in it.
      { ...PROPERTY_RUNS, numRuns: 4, examples: [[everyAttack]] },
    );
  });
});

describe('JSON keeps the exact strings', () => {
  it('explain -o json parses back to the very message, escape bytes and all, and prints none raw', async () => {
    // The quote collapses whitespace (a CR included), as kubectl describe's one-line events do.
    const message = ATTACKS.filter((a) => a !== '\r').join('');
    const objects = objectsWith({ namespace: 'default', podSuffix: 'bbbbb', label: 'web', probeArg: ATTACKS[1] ?? '', eventMessage: message, waiting: '', node: 'node-a', portName: 'http' });
    const r = await runCli(['explain', 'svc/web', '-f', '-', '-o', 'json'], { stdin: listOf(objects) });
    assert.equal(r.code, 0, r.stderr);
    assertSafe(r.stdout, 'explain -o json');
    const failing = (JSON.parse(r.stdout) as { pods: { shortName: string; reasons: { message: string }[] }[] }).pods.find((p) => p.shortName === 'bbbbb');
    assert.ok(failing?.reasons[0]?.message.includes(message), 'the exact message');
  });
});
