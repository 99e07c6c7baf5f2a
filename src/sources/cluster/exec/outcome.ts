/**
 * What one exec in a pod came to. Every failure carries one line that names the pod and the
 * command and says what to do; none carries credentials, JS internals or control bytes.
 */
import type { ExecProtocol } from './channels.ts';

export interface ExecRequest {
  namespace: string;
  pod: string;
  /** Absent: the pod's default container, as kubectl picks it server-side. */
  container?: string;
  /** argv, run without a shell (the exec API has none). */
  command: readonly string[];
}

export interface ExecSuccess {
  ok: true;
  stdout: string;
  stderr: string;
  /** The subprotocol the server chose. */
  protocol: ExecProtocol;
}

/**
 * - forbidden: the API server refused the exec (RBAC on pods/exec).
 * - not-found: the pod is gone (deleted or replaced since it was listed).
 * - command-not-found: the binary is not in the container image (exitCode null: the runtime said
 *   so; 127: a shell said so).
 * - exit: the command ran and exited non-zero.
 * - timeout: no end within the per-exec timeout; the socket was closed.
 * - too-large: more output than allowed; the socket was closed.
 * - unreachable: no connection to the API server (network, TLS).
 * - failed: the server answered with another error (401, 400, 5xx, a runtime failure).
 * - protocol: the server broke the exec protocol (or speaks only SPDY).
 */
export type ExecFailure =
  | { ok: false; kind: 'forbidden' | 'not-found' | 'timeout' | 'too-large' | 'unreachable' | 'failed' | 'protocol'; message: string }
  | { ok: false; kind: 'command-not-found'; message: string; exitCode: number | null }
  | { ok: false; kind: 'exit'; message: string; exitCode: number; stderr: string };

export type ExecOutcome = ExecSuccess | ExecFailure;

/** `exec "iptables-save -t nat" in pod kube-system/kube-proxy-x7k2p`, for the start of messages. */
export function describeExec(request: ExecRequest): string {
  const container = request.container ? ` (container ${printable(request.container)})` : '';
  return `exec "${commandLine(request.command)}" in pod ${printable(request.namespace)}/${printable(request.pod)}${container}`;
}

export function commandLine(command: readonly string[]): string {
  return command.map((arg) => (arg === '' || /[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).map((arg) => printable(arg)).join(' ');
}

/** Text from the cluster on one line, without control bytes (C0, DEL, C1), at most `max` characters. */
export function printable(text: string, max = 400): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** The last non-blank line of stderr, the one that usually says why. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return printable(lines[lines.length - 1] ?? '');
}
