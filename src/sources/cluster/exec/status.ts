/**
 * The end of an exec, read as client-go reads it (tools/remotecommand v4.go `errorDecoderV4`, and
 * `watchErrorStream`, which treats an empty error channel as success):
 *   {"status":"Success"}                                    the command exited 0
 *   {"status":"Failure","reason":"NonZeroExitCode",
 *    "details":{"causes":[{"reason":"ExitCode","message":"1"}]}}   exited 1 (StatusCause.Type is
 *                                                            serialised as "reason")
 *   {"status":"Failure","reason":"InternalError",...}        the runtime could not run it, e.g.
 *     containerd's `exec: "nft": executable file not found in $PATH`
 *     (kubelet cri/streaming/remotecommand/exec.go `ServeExec` wraps non-exit errors so).
 */
import { lastLine, oneLine, type ExecFailure, type ExecOutcome } from './outcome.ts';

interface StatusBody {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

export interface Ending {
  statusText: string;
  /** WebSocket close code; 1000 is a normal closure. */
  closeCode: number;
  stderr: string;
}

/** `what` is `describeExec(request)`; `done` builds the success. */
export function outcomeOfEnding(ending: Ending, what: string, done: () => ExecOutcome): ExecOutcome {
  if (ending.statusText.trim() === '') {
    // client-go: a normal closure with nothing on the error channel is a successful exec.
    if (ending.closeCode === 1000) return done();
    return { ok: false, kind: 'protocol', message: `${what}: the connection closed before the command finished (WebSocket close code ${ending.closeCode}); retry` };
  }
  let status: StatusBody;
  try {
    status = JSON.parse(ending.statusText) as StatusBody;
  } catch {
    return { ok: false, kind: 'protocol', message: `${what}: the error channel holds no Status: "${oneLine(ending.statusText, 120)}"` };
  }
  if (status.status === 'Success') return done();
  if (status.status !== 'Failure') return { ok: false, kind: 'protocol', message: `${what}: the error channel's Status is neither Success nor Failure` };
  return failureOf(status, ending.stderr, what);
}

function failureOf(status: StatusBody, stderr: string, what: string): ExecFailure {
  const said = oneLine(status.message ?? '');
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = cause?.message !== undefined && /^\d{1,3}$/.test(cause.message) ? Number(cause.message) : NaN;
    if (!(code >= 0 && code <= 255)) return { ok: false, kind: 'protocol', message: `${what}: NonZeroExitCode without a valid ExitCode cause` };
    const why = lastLine(stderr);
    // 127 is how a shell says "command not found" (POSIX, "Command Search and Execution").
    if (code === 127) return { ok: false, kind: 'command-not-found', exitCode: 127, message: `${what}: command not found (exit code 127)${why ? `: ${why}` : ''}` };
    return { ok: false, kind: 'exit', exitCode: code, stderr, message: `${what} exited with code ${code}${why ? `: ${why}` : ''}` };
  }
  if (/executable file not found|no such file or directory/i.test(status.message ?? '')) {
    const binary = /exec: "([^"]+)"/.exec(status.message ?? '')?.[1];
    const which = binary ? `"${oneLine(binary, 80)}" is` : 'the command is';
    return { ok: false, kind: 'command-not-found', exitCode: null, message: `${what}: ${which} not in the container's image (${said})` };
  }
  return { ok: false, kind: 'failed', message: `${what} failed: ${said || status.reason || 'no message'}` };
}
