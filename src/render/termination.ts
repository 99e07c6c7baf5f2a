/**
 * The table's termination lines: each finding with its fix (and, with `-o wide`, the fields it was
 * read from), and the "Termination window:" section: per pod being deleted, the milestones of its
 * endpoint's removal; the preStop sleep what was measured calls for, or why nothing was; and the
 * facts that are unknown, once per reason. Called by table.ts on an explanation already made
 * printable (printable.ts), so cluster text arrives here with its control characters escaped.
 */
import type { RemovalMeasurement } from '../explain/termination/types.ts';
import type { Explanation, Finding } from '../explain/types.ts';
import { shortPodName } from '../kubernetes/pod.ts';
import type { Theme } from './theme.ts';

const INDENT = ' '.repeat(11);

export function findingLines(f: Finding, wide: boolean, theme: Theme): string[] {
  const head = `  ${theme.severity(f.severity, f.severity.padEnd(8))} ${f.code}: ${f.subject ? `${f.subject}: ${f.message}` : f.message}`;
  const evidence = wide ? (f.evidence ?? []).map((e) => `${INDENT}${theme.muted(`evidence: ${e.object} ${e.field} = ${e.value ?? '(absent)'}`)}`) : [];
  return [head, ...evidence, ...(f.fix ? [`${INDENT}fix: ${f.fix}`] : [])];
}

export function terminationSection(explanation: Explanation, theme: Theme): string | null {
  const { removals, preStop, facts } = explanation.termination;
  const unknown = new Map<string, string[]>();
  for (const f of facts.filter((x) => x.state === 'unknown')) {
    const line = `${f.subject}: ${f.message}`;
    unknown.set(line, [...(unknown.get(line) ?? []), f.code]);
  }
  if (removals.length === 0 && unknown.size === 0) return null;
  const lines = ['Termination window:'];
  for (const m of removals) lines.push(`  ${theme.strong(shortName(explanation, m.pod))}: ${removalLine(m)}`);
  if (removals.length > 0) {
    lines.push(preStop.measured ? `  preStop sleep: at least ${preStop.seconds} s (${preStop.basis})` : `  preStop sleep: nothing measured: ${preStop.why}`);
  }
  for (const [line, codes] of unknown) lines.push(`  ${theme.muted('unknown')}  ${[...new Set(codes)].join(', ')}: ${line}`);
  return lines.join('\n');
}

const MILESTONE: Record<RemovalMeasurement['milestones'][number]['name'], string> = {
  deleteRequested: 'delete requested',
  killing: 'Killing',
  readyFalse: 'Ready=False',
  endpointNotReady: 'endpoint not ready',
  endpointRemoved: 'endpoint removed',
  ruleRemoved: 'rule removed',
};

/** `delete requested 07:05:31 -> Killing +0.0s -> endpoint not ready +1.0s at the latest (the slice's last write)`; what was not measured is said once, in the preStop line. */
function removalLine(m: RemovalMeasurement): string {
  const steps = m.milestones.map((x) => {
    if (x.name === 'deleteRequested') return `${MILESTONE[x.name]} ${x.at.replace(/\.000Z$/, 'Z')}`;
    const by = x.name === 'endpointNotReady' && m.notReadyTimedBy === 'lastWrite' ? ' at the latest (the slice\'s last write)' : '';
    const node = x.name === 'ruleRemoved' ? ` on ${x.evidence[0]?.object.replace(/^node\//, '') ?? '?'}` : '';
    return `${MILESTONE[x.name]}${node} ${x.afterSeconds === null ? '' : `+${x.afterSeconds.toFixed(1)}s`}${by}`;
  });
  return steps.join(' -> ') || 'no milestone';
}

function shortName(explanation: Explanation, pod: string): string {
  return explanation.pods.find((p) => p.name === pod)?.shortName ?? shortPodName({ name: pod });
}
