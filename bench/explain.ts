/**
 * `explain` on the embedded example as a whole process must take at most 2x the wall time of
 * `kubectl version --client` (issue: the offline core), measured alternately in the same run.
 */
import { fileURLToPath } from 'node:url';
import { alternate, ratioResult, type BenchResult } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchExplain(rounds = 15): Promise<BenchResult[]> {
  const explain = {
    label: 'kubectl-slices explain (example)',
    argv: [`${root}bin/kubectl-slices`, 'explain', 'svc/readiness-deployment', '-f', `${root}examples/readiness-drill/objects.yaml`, '--iptables', `minikube=${root}examples/readiness-drill/iptables-save.after.txt`],
  };
  const kubectl = { label: 'kubectl version --client', argv: ['kubectl', 'version', '--client'] };
  const [ours = 0, baseline = 0] = alternate([explain, kubectl], rounds);
  return [
    ratioResult('explain example / kubectl version --client', ours / baseline, 2, `median ${ours.toFixed(1)} ms vs ${baseline.toFixed(1)} ms over ${rounds} alternating rounds`),
  ];
}
