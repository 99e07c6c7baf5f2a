/**
 * What one exec in a pod came to. Every failure carries one line that names the pod and the
 * command and says what to do; none carries credentials or JS internals (control bytes from the
 * cluster are escaped where the line is printed).
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
  const container = request.container ? ` (container ${oneLine(request.container)})` : '';
  return `exec "${commandLine(request.command)}" in pod ${oneLine(request.namespace)}/${oneLine(request.pod)}${container}`;
}

export function commandLine(command: readonly string[]): string {
  return command.map((arg) => (arg === '' || /[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).map((arg) => oneLine(arg)).join(' ');
}

/**
 * Text from the cluster on one line of at most `max` characters. Control and bidi characters are
 * kept as they are: every human output escapes them visibly (src/render/printable.ts, applied by
 * the renderers and cli/errors.ts), and JSON keeps the exact string.
 */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** The last non-blank line of stderr, the one that usually says why. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return oneLine(lines[lines.length - 1] ?? '');
}
