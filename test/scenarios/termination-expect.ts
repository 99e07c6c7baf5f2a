/**
 * Checks shared by the aws-lb-rollout scenarios: the termination findings a version must produce,
 * and that no termination fact is unknown (the example holds the Namespace, the IngressClass and
 * the Ingress); on the fixed version every fact must be `ok`. The golden files keep everything.
 */
import assert from 'node:assert/strict';
import type { Explanation } from '../../src/explain/types.ts';

const TERMINATION = new Set(['NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch', 'LoadBalancerIPModeProxy']);

/** `evaluated`: codes that must have a fact (ok or problem); HealthCheckPathMismatch needs a readiness probe to compare with. */
export function expectTermination(want: { problems: string[]; evaluated: string[] }): { check: (doc: Explanation) => void; trim: (doc: Explanation, table: string) => { json: unknown; table: string } } {
  return {
    check(doc) {
      const problems = doc.findings.filter((f) => TERMINATION.has(f.code)).map((f) => `${f.severity} ${f.code} ${f.subject}`);
      assert.deepEqual(problems, want.problems);
      for (const f of doc.findings.filter((x) => TERMINATION.has(x.code))) {
        assert.ok(f.fix && f.evidence && f.evidence.length > 0, `${f.code}: a fix and evidence`);
      }
      assert.deepEqual(doc.termination.facts.filter((f) => f.state === 'unknown').map((f) => f.code), [], 'nothing unknown');
      if (want.problems.length === 0) assert.deepEqual(doc.termination.facts.filter((f) => f.state !== 'ok').map((f) => f.code), []);
      const codes = new Set(doc.termination.facts.map((f) => f.code));
      for (const code of want.evaluated) assert.ok(codes.has(code as never), `${code} evaluated`);
    },
    trim: (doc, table) => ({ json: doc, table }),
  };
}
