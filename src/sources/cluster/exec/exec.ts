/**
 * Runs one read-only command in a pod through the API server, as kubectl 1.30+ does:
 * `GET /api/v1/namespaces/NS/pods/POD/exec?command=...&container=...&stderr=true&stdout=true`
 * upgraded to a WebSocket (client-go tools/remotecommand websocket.go; kubectl uses GET for the
 * WebSocket and POST only for SPDY). No stdin, no terminal.
 *
 * Subprotocols, newest first, in one handshake: `v5.channel.k8s.io` is served by API servers
 * 1.30+ (TranslateStreamCloseWebsocketRequests, beta and on by default since kubernetes PR
 * #123281), which translate it to SPDY towards the kubelet; older API servers, or ones with that
 * gate off, pass the upgrade through to the container runtime's streaming server, which serves
 * `v4.channel.k8s.io` (kubelet cri/streaming/remotecommand/websocket.go). wsstream's handshake
 * picks the first offered protocol it serves (apimachinery wsstream/conn.go `handshake`), so
 * offering both falls back to v4 without a second round trip. Older protocols (v1-v3) carry no
 * exit code and are not offered: every runtime that speaks them also speaks v4.
 *
 * Bounded: a per-exec timeout and a cap on stdout+stderr, both of which close the socket.
 */
import WebSocket from 'ws';
import { formatDuration } from '../../../kubernetes/duration.ts';
import { transportFailure, type RequestContext } from '../failures.ts';
import { ChannelCollector, isOfferedProtocol, OFFERED_PROTOCOLS, type ExecProtocol, type Violation } from './channels.ts';
import { rejectionOutcome } from './handshake.ts';
import { describeExec, type ExecOutcome, type ExecRequest } from './outcome.ts';
import { outcomeOfEnding } from './status.ts';
import type { ExecTransport } from './transport.ts';

export interface ExecLimits {
  /** Whole exec, connect to close; 0 = none. */
  timeoutMs: number;
  /** stdout + stderr together. */
  maxOutputBytes: number;
  /** Aborting ends the exec as a timeout would (the caller gave up). */
  signal?: AbortSignal;
}

export const DEFAULT_EXEC_LIMITS: ExecLimits = { timeoutMs: 30_000, maxOutputBytes: 64 * 1024 * 1024 };

/** A refused upgrade's body is a Status; more than this is not read. */
const MAX_REJECTION_BODY = 64 * 1024;

export function execPath(request: ExecRequest): string {
  return `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec`;
}

/** The query kubectl sends (url.Values, keys sorted): command (repeated), container, stderr, stdout. */
export function execQuery(request: ExecRequest): string {
  const query = new URLSearchParams();
  for (const arg of request.command) query.append('command', arg);
  if (request.container) query.set('container', request.container);
  query.set('stderr', 'true');
  query.set('stdout', 'true');
  return query.toString();
}

export function execInPod(transport: ExecTransport, request: ExecRequest, limits: ExecLimits = DEFAULT_EXEC_LIMITS): Promise<ExecOutcome> {
  const what = describeExec(request);
  const ctx: RequestContext = { server: transport.server, ...transport.names, path: execPath(request), timeoutMs: limits.timeoutMs };
  if (request.command.length === 0) return Promise.resolve({ ok: false, kind: 'failed', message: `${what}: no command given` });
  // Concatenate rather than resolve: the server URL may carry a path prefix (client.ts does the same).
  const url = `${transport.server.replace(/^http/, 'ws').replace(/\/+$/, '')}${ctx.path}?${execQuery(request)}`;
  // Abandoned before it started: no socket (one closed while connecting reports an error later).
  const abandoned: ExecOutcome = { ok: false, kind: 'timeout', message: `${what}: abandoned (the caller gave up)` };
  if (limits.signal?.aborted) return Promise.resolve(abandoned);
  return new Promise<ExecOutcome>((resolve) => {
    const collector = new ChannelCollector(limits.maxOutputBytes);
    let protocol: ExecProtocol | null = null;
    let settled = false;
    const socket = new WebSocket(url, [...OFFERED_PROTOCOLS], {
      agent: transport.agent,
      headers: { ...transport.headers, 'User-Agent': transport.userAgent },
      perMessageDeflate: false,
      followRedirects: false,
      // One message larger than the whole allowance is refused by ws itself.
      maxPayload: limits.maxOutputBytes + 2,
    });
    const finish = (outcome: ExecOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      socket.terminate();
      resolve(outcome);
    };
    const violated = (v: Violation): void => finish(violation(v, what, limits.maxOutputBytes));
    const expire = (): void => finish({ ok: false, kind: 'timeout', message: `${what}: no end within ${formatDuration(limits.timeoutMs)} (the per-exec timeout); the exec was abandoned` });
    const onAbort = (): void => finish(abandoned);
    const timer = limits.timeoutMs > 0 ? setTimeout(expire, limits.timeoutMs) : undefined;
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('unexpected-response', (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => finish(rejectionOutcome(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), what, request, ctx));
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_REJECTION_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', done);
      res.on('error', done);
      req.on('error', () => undefined); // destroyed by finish(); the outcome is already decided
    });
    socket.on('open', () => {
      if (isOfferedProtocol(socket.protocol)) protocol = socket.protocol;
      else finish({ ok: false, kind: 'protocol', message: `${what}: the server chose subprotocol "${socket.protocol}", which was not offered` });
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      // All remote command protocols send only binary messages (client-go readDemuxLoop).
      if (!isBinary) return violated({ kind: 'protocol', detail: 'a text message' });
      const v = collector.accept(data);
      if (v) violated(v);
    });
    socket.on('close', (code: number) => {
      const ending = { statusText: collector.statusText(), closeCode: code, stderr: collector.stderr() };
      finish(outcomeOfEnding(ending, what, () => ({ ok: true, stdout: collector.stdout(), stderr: collector.stderr(), protocol: protocol ?? OFFERED_PROTOCOLS[0] })));
    });
    socket.on('error', (err: Error & { code?: string }) => finish(errorOutcome(err, what, ctx, limits.maxOutputBytes)));
  });
}

function errorOutcome(err: Error & { code?: string }, what: string, ctx: RequestContext, max: number): ExecOutcome {
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return violation({ kind: 'too-large', bytes: max + 1 }, what, max);
  if (err.code?.startsWith('WS_ERR_')) return { ok: false, kind: 'protocol', message: `${what}: the server broke the WebSocket protocol (${err.message})` };
  // ws's own handshake checks ("Server sent no subprotocol", "Invalid Sec-WebSocket-Accept header").
  if (!err.code && /subprotocol|Sec-WebSocket|Upgrade|handshake/i.test(err.message)) {
    return { ok: false, kind: 'protocol', message: `${what}: the WebSocket handshake failed (${err.message})` };
  }
  return { ok: false, kind: 'unreachable', message: transportFailure(err, ctx).message.replace(`during GET ${ctx.path}`, `during ${what}`) };
}

function violation(v: Violation, what: string, max: number): ExecOutcome {
  if (v.kind === 'too-large') return { ok: false, kind: 'too-large', message: `${what}: the output exceeds ${mebibytes(max)}; refused (the node's rules are larger than kubectl-slices reads)` };
  return { ok: false, kind: 'protocol', message: `${what}: the server broke the exec protocol (${v.detail})` };
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB` : `${bytes} bytes`;
}
