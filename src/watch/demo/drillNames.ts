/** The drills `demo --drill` plays (drills.ts), named apart so the command line loads no drill until one runs. */
export const DRILL_NAMES = ['readiness', 'rollout'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];
