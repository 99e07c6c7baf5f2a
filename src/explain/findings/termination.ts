/**
 * The termination window as Service-level findings: each fact src/termination/ establishes as a
 * problem (a rollout or scale-in can drop connections) becomes a finding with its subject, the
 * fields it was read from, and the fix. Facts that hold, or that are unknown, stay in
 * `termination.facts` of the document and are not findings.
 */
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

export function terminationFindings({ termination }: FindingInput): Finding[] {
  return termination.facts
    .filter((f) => f.state === 'problem')
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message, subject: f.subject, evidence: f.evidence, fix: f.fix ?? '' }));
}
