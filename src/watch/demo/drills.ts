/**
 * The demo's drills: `readiness` (the default: one pod fails its probe, leaves the Service and
 * comes back) and `rollout` (a rolling update behind an IP-target load balancer: new pods gated
 * in, old ones terminating out).
 */
import { demoDrill, DRILL_MS, type DrillStep } from './drill.ts';
import type { DrillName } from './drillNames.ts';
import { DEMO_NAMESPACE, DEMO_SERVICE } from './objects.ts';
import { ROLLOUT_DRILL_MS, rolloutDrill } from './rolloutDrill.ts';
import { ROLLOUT_SERVICE } from './rolloutObjects.ts';

export interface DemoDrill {
  namespace: string;
  service: string;
  /** Simulated milliseconds from the first step to the end. */
  durationMs: number;
  steps: (start: number) => DrillStep[];
}

export type { DrillName };

export const DRILLS: Record<DrillName, DemoDrill> = {
  readiness: { namespace: DEMO_NAMESPACE, service: DEMO_SERVICE, durationMs: DRILL_MS, steps: demoDrill },
  rollout: { namespace: DEMO_NAMESPACE, service: ROLLOUT_SERVICE, durationMs: ROLLOUT_DRILL_MS, steps: rolloutDrill },
};
