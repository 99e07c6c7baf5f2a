/**
 * What a refused WebSocket upgrade means. The API server authorizes the exec before upgrading:
 * RBAC denials are 403 with a metav1.Status (reason Forbidden), a missing pod is 404 with a Status
 * naming "pods". A 403 *without* a Status is the container runtime's legacy WebSocket server
 * (golang.org/x/net/websocket answers 403 to a handshake whose subprotocols it does not serve):
 * that server needs SPDY, which kubectl falls back to and we do not speak.
 */
import http from 'node:http';
import { statusFailure, type RequestContext } from '../failures.ts';
import { OFFERED_PROTOCOLS } from './channels.ts';
import { oneLine, type ExecFailure } from './outcome.ts';

interface StatusBody {
  kind?: string;
  reason?: string;
  message?: string;
  details?: { kind?: string; name?: string };
}

export function rejectionOutcome(code: number, body: string, what: string, request: { namespace: string; pod: string }, ctx: RequestContext): ExecFailure {
  const status = parseStatus(body);
  const said = oneLine(status?.message ?? '');
  if (code === 403 && status?.reason === 'Forbidden') {
    return {
      ok: false, kind: 'forbidden',
      message: `${what}: pods/exec is forbidden in namespace "${oneLine(request.namespace)}" (${said}); reading a node's rules needs get and create on pods/exec there`,
    };
  }
  if (code === 403 && !status) {
    return {
      ok: false, kind: 'protocol',
      message: `${what}: the server refused the WebSocket upgrade (403 without a Status): it serves none of ${OFFERED_PROTOCOLS.join(', ')}, and kubectl-slices does not speak SPDY`,
    };
  }
  if (code === 404 && status?.reason === 'NotFound' && status.details?.kind === 'pods') {
    return { ok: false, kind: 'not-found', message: `${what}: the pod no longer exists (${said}); it was deleted or replaced since it was listed` };
  }
  if (code === 404) return { ok: false, kind: 'protocol', message: `${what}: the server has no exec endpoint at ${oneLine(ctx.path)} (404${said ? `: ${said}` : ''})` };
  const failure = statusFailure(code, status?.reason || http.STATUS_CODES[code] || 'Error', status?.message ?? '', ctx);
  return { ok: false, kind: 'failed', message: `${what}: ${oneLine(failure.message)}` };
}

function parseStatus(body: string): StatusBody | null {
  try {
    const parsed = JSON.parse(body) as StatusBody;
    return parsed && parsed.kind === 'Status' ? parsed : null;
  } catch {
    return null;
  }
}
