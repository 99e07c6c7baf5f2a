/** Service-level findings, most severe first. Each one names what to look at next. */
import type { Finding } from '../types.ts';
import { dataplaneFindings } from './dataplane.ts';
import { dumpFindings } from './dumps.ts';
import { endpointFindings } from './endpoints.ts';
import type { FindingInput } from './input.ts';
import { kindFindings } from './kind.ts';
import { mirroringFindings } from './mirroring.ts';
import { nodeFindings } from './nodes.ts';
import { podFindings } from './pods.ts';
import { portFindings } from './ports.ts';
import { selectorFindings } from './selector.ts';
import { topologyFindings } from './topology.ts';
import { terminationFindings } from './termination.ts';
import { unknownFindings } from './unknown.ts';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function serviceFindings(input: FindingInput): Finding[] {
  // Within a severity, causes come before their effects: a selector that matches nothing before
  // "no ready endpoint" (the sort is stable).
  const findings = [
    ...kindFindings(input),
    ...podFindings(input),
    ...selectorFindings(input),
    ...nodeFindings(input),
    ...portFindings(input),
    ...endpointFindings(input),
    ...mirroringFindings(input),
    ...topologyFindings(input),
    ...dataplaneFindings(input),
    ...dumpFindings(input),
    ...terminationFindings(input),
    ...unknownFindings(input),
  ];
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
