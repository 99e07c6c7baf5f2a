/**
 * How long a container's preStop hook holds SIGTERM back. The kubelet runs the hook first and sends
 * SIGTERM only when it returns or the grace period runs out (pkg/kubelet/kuberuntime/
 * kuberuntime_container.go killContainer / executePreStopHook), so a hook that sleeps N seconds
 * keeps the container serving for N more seconds while endpoints and load balancers catch up.
 * Recognised: the `sleep` action (PodLifecycleSleepAction: alpha 1.29, beta and on by default 1.30,
 * GA 1.34, pkg/features/kube_features.go), `exec` of `sleep N`, and a shell (`sh -c`, `bash -c` ...)
 * whose script is a plain `;`/`&&` list containing `sleep N`. Anything else (a script file, an HTTP
 * hook, variables, pipes, loops) has an unknown delay, never "none".
 */
import type { LifecycleHandler } from '../kubernetes/objects.ts';

export type PreStopDelay =
  | { kind: 'none'; how: string }
  /** At least `seconds`: `alsoRuns` are other commands in the hook; `conditional`: a `&&` before the sleep can skip it. */
  | { kind: 'sleep'; seconds: number; how: string; alsoRuns: string[]; conditional: boolean }
  | { kind: 'forever'; how: string }
  | { kind: 'unknown'; how: string; why: string };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox-sh']);

export function preStopDelay(handler: LifecycleHandler | undefined): PreStopDelay {
  if (!handler) return { kind: 'none', how: 'no preStop hook' };
  if (handler.sleep) return sleepOf(handler.sleep.seconds, `sleep action ${handler.sleep.seconds}s`);
  if (handler.exec) return execDelay(handler.exec.command ?? []);
  if (handler.httpGet) return { kind: 'unknown', how: `httpGet ${handler.httpGet.path ?? '/'} :${handler.httpGet.port}`, why: 'an HTTP hook takes as long as the application makes it take' };
  if (handler.tcpSocket) return { kind: 'unknown', how: `tcpSocket :${handler.tcpSocket.port}`, why: 'tcpSocket is not a supported hook handler (kept for backward compatibility)' };
  return { kind: 'unknown', how: 'preStop with no handler', why: 'no handler the kubelet knows' };
}

function sleepOf(seconds: number, how: string): PreStopDelay {
  return { kind: 'sleep', seconds, how, alsoRuns: [], conditional: false };
}

function execDelay(command: string[]): PreStopDelay {
  const how = `exec ${JSON.stringify(command)}`;
  const [program, ...args] = command;
  if (program === undefined) return { kind: 'unknown', how, why: 'empty command' };
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (base === 'sleep') return sleepCommand(args, how, [], false);
  const flag = args[0];
  const script = args[1];
  if (SHELLS.has(base) && flag !== undefined && /^-[a-z]*c[a-z]*$/.test(flag) && script !== undefined) return shellDelay(script, how);
  return { kind: 'unknown', how, why: `runs ${base}, whose duration is not known` };
}

/** GNU/busybox sleep: each argument NUMBER[smhd] (fractions allowed), summed; `infinity`. */
function sleepCommand(args: string[], how: string, alsoRuns: string[], conditional: boolean): PreStopDelay {
  if (args.length === 0) return { kind: 'unknown', how, why: 'sleep without an argument fails' };
  let total = 0;
  for (const arg of args) {
    if (arg === 'infinity' || arg === 'inf') return { kind: 'forever', how };
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!m) return { kind: 'unknown', how, why: `cannot read sleep argument "${arg}"` };
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2] ?? '']!;
  }
  return { kind: 'sleep', seconds: total, how, alsoRuns, conditional };
}

/**
 * A script is read only when it is a flat list: commands separated by `;`, `&&` or newlines (outside
 * quotes), no expansions, pipes, `||`, background jobs, subshells or control keywords. The delay is
 * the sum of its sleeps; other commands make it "at least", and a `&&` right before a sleep makes
 * the sleep depend on the command before it succeeding (seed 004's `sed ... && sleep 120`).
 */
function shellDelay(script: string, how: string): PreStopDelay {
  const steps = splitList(script);
  if (steps === null) return { kind: 'unknown', how, why: 'the script uses expansions, pipes, subshells or background jobs' };
  let seconds = 0;
  let sleeps = 0;
  const alsoRuns: string[] = [];
  let conditional = false;
  for (const [i, step] of steps.entries()) {
    const [program = '', ...args] = step.text.split(/\s+/);
    if (/^(if|then|else|fi|while|until|for|do|done|case|esac|exec|exit|kill|trap)$/.test(program)) {
      return { kind: 'unknown', how, why: 'the script has control flow or ends the process itself' };
    }
    if (program.slice(program.lastIndexOf('/') + 1) !== 'sleep') {
      alsoRuns.push(step.text);
      continue;
    }
    const one = sleepCommand(args, how, [], false);
    if (one.kind !== 'sleep') return one;
    seconds += one.seconds;
    sleeps++;
    if (i > 0 && step.joinedBy === '&&') conditional = true;
  }
  if (sleeps === 0) return { kind: 'unknown', how, why: 'the script does not sleep; how long its commands take is not known' };
  return { kind: 'sleep', seconds, how, alsoRuns, conditional };
}

/** Splits on `;`, `&&` and newlines outside quotes; null when the script is more than a flat list. */
function splitList(script: string): { text: string; joinedBy: ';' | '&&' }[] | null {
  const steps: { text: string; joinedBy: ';' | '&&' }[] = [];
  let current = '';
  let joinedBy: ';' | '&&' = ';';
  let quote: string | null = null;
  const push = (next: ';' | '&&'): void => {
    if (current.trim()) steps.push({ text: current.trim(), joinedBy });
    current = '';
    joinedBy = next;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (quote === '"' && (c === '$' || c === '`' || c === '\\')) return null;
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === '&' && script[i + 1] === '&') {
      push('&&');
      i++;
    } else if (c === ';' || c === '\n') {
      push(';');
    } else if ('$`|&(){}<\\'.includes(c)) {
      return null;
    } else {
      current += c;
    }
  }
  if (quote) return null;
  push(';');
  return steps;
}
