/**
 * One exec after the WebSocket upgrade: what the command prints and how it ends, framed as the
 * API server frames it (a byte naming the channel, then the data: 1 stdout, 2 stderr, 3 the final
 * metav1.Status as JSON), then a normal close. Statuses are worded as the kubelet and containerd
 * word them (kubelet cri/streaming/remotecommand/exec.go `ServeExec`; containerd's CRI
 * `execInContainer`: "error executing command %v, exit code %d").
 */
import { createHash } from 'node:crypto';
import type { WebSocket } from 'ws';
import { answerCommand, type CommandResult } from './agentcommands.ts';
import type { AgentTarget } from './agentpods.ts';

export type ExecFault =
  /** Upgrades, then never sends anything. */
  | { kind: 'hang'; node?: string }
  /** Every binary is missing, as `nft` was from rke2's hardened kube-proxy image (rancher/rke2#7337). */
  | { kind: 'command-not-found'; node?: string }
  /** The command exits `code`, printing `stderr`. */
  | { kind: 'exit'; code: number; stderr: string; node?: string };

/** Messages of at most this size, as the API server's 32 KiB copy buffer sends them. */
const CHUNK = 32 * 1024;

export interface ExecRun {
  argv: string[];
  /** The agent the pod serves, or null for any other pod. */
  target: AgentTarget | null;
  node: string;
  pod: string;
  /** The legacy runtime server (v4) opens with an empty stdout message. */
  protocol: string;
  fault: ExecFault | undefined;
}

export function runExec(ws: WebSocket, run: ExecRun): void {
  if (run.fault?.kind === 'hang') return; // the socket stays open until the client or the server closes it
  if (run.protocol === 'v4.channel.k8s.io') ws.send(Buffer.from([1]));
  const result = resultOf(run);
  if (result.kind === 'missing-binary') {
    finish(ws, '', '', missingBinary(result.binary, run));
    return;
  }
  finish(ws, result.stdout, result.stderr, result.exitCode === 0 ? { metadata: {}, status: 'Success' } : nonZeroExit(run.argv, result.exitCode));
}

function resultOf(run: ExecRun): CommandResult {
  const fault = run.fault;
  if (fault?.kind === 'command-not-found') return { kind: 'missing-binary', binary: run.argv[0] ?? '' };
  if (fault?.kind === 'exit') return { kind: 'output', stdout: '', stderr: fault.stderr, exitCode: fault.code };
  if (!run.target) return { kind: 'output', stdout: '', stderr: `test apiserver: pod ${run.pod} serves no commands (only the agent pods of --node-dump do)\n`, exitCode: 1 };
  return answerCommand(run.target.agent, run.node, run.target.dumps, run.argv);
}

function finish(ws: WebSocket, stdout: string, stderr: string, status: object): void {
  send(ws, 1, Buffer.from(stdout, 'utf8'));
  send(ws, 2, Buffer.from(stderr, 'utf8'));
  ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(status))]));
  ws.close(1000);
}

function send(ws: WebSocket, channel: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; offset += CHUNK) {
    ws.send(Buffer.concat([Buffer.from([channel]), data.subarray(offset, offset + CHUNK)]));
  }
}

/** Go's %v of a []string: `[iptables-save -t nat]`. */
function goList(argv: readonly string[]): string {
  return `[${argv.join(' ')}]`;
}

function nonZeroExit(argv: readonly string[], code: number): object {
  return {
    metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command ${goList(argv)}, exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** What containerd answers when the binary is not in the image (the runc message since runc 1.1). */
function missingBinary(binary: string, run: ExecRun): object {
  const id = createHash('sha256').update(`${run.pod}/${run.argv.join(' ')}`).digest('hex');
  const cause = `error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${binary}": executable file not found in $PATH: unknown`;
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${cause}`, reason: 'InternalError', details: { causes: [{ message: cause }] }, code: 500 };
}
