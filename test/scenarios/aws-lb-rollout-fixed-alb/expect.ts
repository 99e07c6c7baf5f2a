/** Seed 004 after the fixes: no termination finding, every fact established as fine (none unknown). */
import { expectTermination } from '../termination-expect.ts';

export const { check, trim } = expectTermination({ problems: [], evaluated: ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'] });
