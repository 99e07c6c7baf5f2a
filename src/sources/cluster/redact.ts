/**
 * What `snapshot` leaves out of a bundle by default, so that it can be attached to a ticket: the
 * values that hold secrets in the objects an explanation uses, as support-bundle tools redact
 * them. A pod spec carries literal env values (`DB_PASSWORD`), arguments (`--token=...`), and
 * the `kubectl.kubernetes.io/last-applied-configuration` annotation that repeats the whole spec.
 *
 * Redacted: every env `value` (names and `valueFrom` references are kept: they say where a value
 * comes from, not what it is); that annotation, and annotations whose name or value looks secret;
 * in container commands and arguments, the values of flags and variables named like a password,
 * token, secret or key. Kept exactly: everything the explanation reads (names, labels, ports,
 * probes and their commands, preStop hooks, conditions, statuses, events), so that
 * `explain -f bundle` says exactly what the live run said. Secrets are never read at all: a
 * bundle holds only the kinds of a snapshot.
 */
import type { Container, KubeObject } from '../../kubernetes/objects.ts';

export const REDACTED = '<redacted>';

export interface RedactionCounts {
  envValues: number;
  annotations: number;
  arguments: number;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Names of annotations, flags and variables that hold secrets. */
const SECRET_NAME = /passw(?:or)?d|secret|token|credential|api[-_.]?key|private[-_.]?key|access[-_.]?key|authorization|bearer/i;
/** Values that are secrets whatever they are called: JWTs, PEM private keys, cloud and forge tokens, `password: x`. */
const SECRET_VALUE = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/,
  /(?:passw(?:or)?d|secret|token|api[-_]?key)["']?\s*[:=]\s*["']?[^\s"',}]+/i,
];
/** `--db-password=x`, `-token=x`, `--api-key=x` inside an argument (a shell script included). */
const FLAG_VALUE = /(--?[\w.-]*(?:passw(?:or)?d|secret|token|key|credential)[\w.-]*=)("[^"]*"|'[^']*'|[^\s"';&|]+)/gi;
/** `DB_PASSWORD=x`, `export API_TOKEN=x` inside a shell script. */
const VARIABLE_VALUE = /(\b[A-Za-z_]*(?:PASSW(?:OR)?D|SECRET|TOKEN|API_?KEY|CREDENTIALS?)[A-Za-z0-9_]*=)("[^"]*"|'[^']*'|[^\s"';&|]+)/gi;
/** A flag given on its own, whose value is the next argument: `--password`, `hunter2`. */
const BARE_FLAG = /^--?[\w.-]*(?:passw(?:or)?d|secret|token|credential|api[-_.]?key)[\w.-]*$/i;

/** Copies of `objects` with their secrets replaced by `<redacted>`, and how many were. */
export function redactObjects(objects: readonly KubeObject[]): { objects: KubeObject[]; counts: RedactionCounts } {
  const counts: RedactionCounts = { envValues: 0, annotations: 0, arguments: 0 };
  const copies = objects.map((object) => {
    const copy = structuredClone(object);
    redactAnnotations(copy, counts);
    if (copy.kind === 'Pod') for (const container of containersOf(copy)) redactContainer(container, counts);
    return copy;
  });
  return { objects: copies, counts };
}

/** One line for stderr: what was redacted. */
export function redactionSummary(counts: RedactionCounts): string {
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `redacted ${plural(counts.envValues, 'env value')}, ${plural(counts.annotations, 'annotation')} and ${plural(counts.arguments, 'argument')} (names, probes and everything the explanation reads are kept; --redact=false keeps everything)`;
}

function redactAnnotations(object: KubeObject, counts: RedactionCounts): void {
  const annotations = object.metadata?.annotations;
  if (!annotations) return;
  for (const [name, value] of Object.entries(annotations)) {
    if (typeof value !== 'string' || value === REDACTED) continue;
    if (name === LAST_APPLIED || SECRET_NAME.test(name) || SECRET_VALUE.some((pattern) => pattern.test(value))) {
      annotations[name] = REDACTED;
      counts.annotations++;
    }
  }
}

type RedactableContainer = Container & {
  env?: { name?: string; value?: string }[];
  command?: string[];
  args?: string[];
};

function containersOf(pod: KubeObject): RedactableContainer[] {
  const spec = pod.spec as { containers?: RedactableContainer[]; initContainers?: RedactableContainer[]; ephemeralContainers?: RedactableContainer[] } | undefined;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

function redactContainer(container: RedactableContainer, counts: RedactionCounts): void {
  for (const variable of container.env ?? []) {
    if (typeof variable.value === 'string' && variable.value !== '' && variable.value !== REDACTED) {
      variable.value = REDACTED;
      counts.envValues++;
    }
  }
  redactArguments(container.command, counts);
  redactArguments(container.args, counts);
}

function redactArguments(args: string[] | undefined, counts: RedactionCounts): void {
  if (!Array.isArray(args)) return;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== 'string') continue;
    const previous = args[i - 1];
    const redacted = typeof previous === 'string' && BARE_FLAG.test(previous) && !arg.startsWith('-') && arg !== REDACTED ? REDACTED : arg.replace(FLAG_VALUE, `$1${REDACTED}`).replace(VARIABLE_VALUE, `$1${REDACTED}`);
    if (redacted !== arg) {
      args[i] = redacted;
      counts.arguments++;
    }
  }
}
