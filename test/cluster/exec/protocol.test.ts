/**
 * The receiving side of exec, without sockets: channel demultiplexing, the final Status as
 * client-go reads it, and what a refused upgrade means. Status bodies are the ones the kubelet
 * and containerd write (kubelet cri/streaming/remotecommand/exec.go ServeExec; client-go
 * tools/remotecommand v4.go errorDecoderV4).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelCollector } from '../../../src/sources/cluster/exec/channels.ts';
import { rejectionOutcome } from '../../../src/sources/cluster/exec/handshake.ts';
import type { ExecOutcome } from '../../../src/sources/cluster/exec/outcome.ts';
import { commandLine, describeExec, oneLine } from '../../../src/sources/cluster/exec/outcome.ts';
import { printable } from '../../../src/render/printable.ts';
import { outcomeOfEnding } from '../../../src/sources/cluster/exec/status.ts';

const frame = (channel: number, text: string): Buffer => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
const WHAT = 'exec "iptables-save -t nat" in pod kube-system/kube-proxy-x7k2p';
const OK = (): ExecOutcome => ({ ok: true, stdout: 'out', stderr: '', protocol: 'v5.channel.k8s.io' });

describe('ChannelCollector', () => {
  it('keeps stdout and stderr apart, in order, across messages; ignores the legacy empty opener and v5 CLOSE', () => {
    const c = new ChannelCollector(1024);
    for (const m of [Buffer.from([1]), frame(1, '*nat\n'), frame(2, 'warn\n'), frame(1, 'COMMIT\n'), Buffer.from([255, 1]), frame(3, '{"status":"Success"}')]) {
      assert.equal(c.accept(m), null);
    }
    assert.equal(c.stdout(), '*nat\nCOMMIT\n');
    assert.equal(c.stderr(), 'warn\n');
    assert.equal(c.statusText(), '{"status":"Success"}');
  });

  it('keeps a UTF-8 character split across two messages whole', () => {
    const c = new ChannelCollector(1024);
    const bytes = Buffer.from('comment "café"', 'utf8');
    c.accept(Buffer.concat([Buffer.from([1]), bytes.subarray(0, 12)]));
    c.accept(Buffer.concat([Buffer.from([1]), bytes.subarray(12)]));
    assert.equal(c.stdout(), 'comment "café"');
  });

  const violations: [string, Buffer[], number, string][] = [
    ['stdout and stderr together over the limit', [frame(1, '12345'), frame(2, '678')], 7, 'too-large'],
    ['an empty message', [Buffer.alloc(0)], 100, 'protocol'],
    ['a message on the stdin channel', [frame(0, 'x')], 100, 'protocol'],
    ['a resize message', [frame(4, '{}')], 100, 'protocol'],
    ['an error channel larger than a Status', [frame(3, 'x'.repeat(70_000))], 100, 'protocol'],
  ];
  for (const [what, messages, max, kind] of violations) {
    it(`stops on ${what}`, () => {
      const c = new ChannelCollector(max);
      const results = messages.map((m) => c.accept(m));
      assert.equal(results.at(-1)?.kind, kind);
    });
  }
});

describe('outcomeOfEnding: the error channel and the close', () => {
  const cases: { name: string; status: string; closeCode?: number; stderr?: string; expect: Partial<Record<string, unknown>>; message?: RegExp }[] = [
    { name: 'Success', status: '{"metadata":{},"status":"Success"}', expect: { ok: true } },
    { name: 'no status and a normal close (client-go: success)', status: '', expect: { ok: true } },
    { name: 'no status and an abnormal close', status: '', closeCode: 1006, expect: { kind: 'protocol' }, message: /closed before the command finished \(WebSocket close code 1006\)/ },
    {
      name: 'NonZeroExitCode 1, as containerd words it',
      status: '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [iptables-save -t nat], exit code 1","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"1"}]}}',
      stderr: 'first line\n  the last line says why  \n\n',
      expect: { kind: 'exit', exitCode: 1 }, message: /exited with code 1: the last line says why$/,
    },
    {
      name: 'exit code 127, a shell\'s "command not found"',
      status: '{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"127"}]}}',
      stderr: 'sh: nft: not found\n', expect: { kind: 'command-not-found', exitCode: 127 }, message: /command not found \(exit code 127\): sh: nft: not found/,
    },
    {
      name: 'containerd: the binary is not in the image',
      status: '{"metadata":{},"status":"Failure","message":"Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \\"ab12\\": OCI runtime exec failed: exec failed: unable to start container process: exec: \\"nft\\": executable file not found in $PATH: unknown","reason":"InternalError","code":500}',
      expect: { kind: 'command-not-found', exitCode: null }, message: /"nft" is not in the container's image/,
    },
    { name: 'another runtime failure', status: '{"status":"Failure","reason":"InternalError","message":"Internal error occurred: container not running (abc)"}', expect: { kind: 'failed' }, message: /failed: Internal error occurred: container not running/ },
    { name: 'NonZeroExitCode without an ExitCode cause', status: '{"status":"Failure","reason":"NonZeroExitCode","details":{}}', expect: { kind: 'protocol' } },
    { name: 'an exit code out of range', status: '{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"-1"}]}}', expect: { kind: 'protocol' } },
    { name: 'text that is not JSON (a pre-v4 server)', status: 'command terminated with non-zero exit code', expect: { kind: 'protocol' }, message: /holds no Status/ },
    { name: 'a Status that is neither', status: '{"status":"Maybe"}', expect: { kind: 'protocol' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const outcome = outcomeOfEnding({ statusText: c.status, closeCode: c.closeCode ?? 1000, stderr: c.stderr ?? '' }, WHAT, OK);
      for (const [key, value] of Object.entries(c.expect)) assert.deepEqual((outcome as unknown as Record<string, unknown>)[key], value, key);
      if (!outcome.ok) assert.ok(outcome.message.startsWith(WHAT), outcome.message);
      if (c.message && !outcome.ok) assert.match(outcome.message, c.message);
    });
  }
});

describe('rejectionOutcome: a refused upgrade', () => {
  const ctx = { server: 'https://10.0.0.1:6443', context: 'prod', cluster: 'prod', user: 'alice', path: '/api/v1/namespaces/kube-system/pods/kube-proxy-x7k2p/exec', timeoutMs: 0 };
  const request = { namespace: 'kube-system', pod: 'kube-proxy-x7k2p' };
  const status = (code: number, reason: string, message: string, details?: object): string => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, details });
  const cases: [string, number, string, string, RegExp][] = [
    ['RBAC 403 is forbidden', 403, status(403, 'Forbidden', 'pods "kube-proxy-x7k2p" is forbidden: User "alice" cannot get resource "pods/exec" in API group "" in the namespace "kube-system"', { name: 'kube-proxy-x7k2p', kind: 'pods' }), 'forbidden',
      /pods\/exec is forbidden in namespace "kube-system" \(pods "kube-proxy-x7k2p" is forbidden: User "alice" cannot get resource "pods\/exec".*\); reading a node's rules needs get and create on pods\/exec there/],
    ['a 403 without a Status is a runtime server that refused our subprotocols', 403, '', 'protocol', /403 without a Status.*v5\.channel\.k8s\.io, v4\.channel\.k8s\.io.*SPDY/],
    ['404 naming the pod is a pod that is gone', 404, status(404, 'NotFound', 'pods "kube-proxy-x7k2p" not found', { name: 'kube-proxy-x7k2p', kind: 'pods' }), 'not-found', /the pod no longer exists \(pods "kube-proxy-x7k2p" not found\)/],
    ['a 404 page is no exec endpoint', 404, '<html>404</html>', 'protocol', /no exec endpoint at \/api\/v1\/namespaces\/kube-system\/pods\/kube-proxy-x7k2p\/exec/],
    ['400 (a container that is not in the pod)', 400, status(400, 'BadRequest', 'container nft is not valid for pod kube-proxy-x7k2p'), 'failed', /answered 400 BadRequest to GET .*: container nft is not valid for pod kube-proxy-x7k2p/],
    ['401 names the user, never the token', 401, status(401, 'Unauthorized', 'Unauthorized'), 'failed', /rejected the credentials of user "alice" \(401 Unauthorized\)/],
    ['503 from a proxy, no Status', 503, 'upstream connect error', 'failed', /answered 503 Service Unavailable/],
  ];
  for (const [name, code, body, kind, message] of cases) {
    it(name, () => {
      const outcome = rejectionOutcome(code, body, WHAT, request, ctx);
      assert.equal(outcome.kind, kind);
      assert.match(outcome.message, message);
      assert.ok(outcome.message.startsWith(WHAT));
    });
  }
});

describe('messages name the pod and the command on one line; printing them escapes control bytes', () => {
  it('quotes arguments with spaces; the sanitiser shows a terminal escape in cluster text instead of emitting it', () => {
    assert.equal(commandLine(['nft', 'list', 'table', 'ip', 'kube-proxy']), 'nft list table ip kube-proxy');
    assert.equal(commandLine(['sh', '-c', 'echo hi']), 'sh -c "echo hi"');
    const what = describeExec({ namespace: 'kube-system', pod: 'kube-proxy-\u001b[31mred', container: 'kube-proxy', command: ['iptables-save'] });
    assert.equal(printable(what), 'exec "iptables-save" in pod kube-system/kube-proxy-\\e[31mred (container kube-proxy)');
    assert.equal(oneLine('a\r\nb\u0007c\u009bd'), 'a b\u0007c\u009bd');
    assert.equal(oneLine('x'.repeat(500), 10), `${'x'.repeat(10)}...`);
  });
});
