/**
 * The termination window of one Service as `explain` reports it (`termination` in the JSON
 * document): every fact src/termination/ establishes, and what the objects let us measure of
 * endpoint removal for the pods being deleted.
 */
import type { PreStopRecommendation, RemovalMeasurement } from '../../termination/propagation.ts';
import type { TerminationFact } from '../../termination/types.ts';

export type { PreStopRecommendation, RemovalMeasurement, TerminationFact };

export interface TerminationReport {
  /** Every fact, in code order: problems (also in `findings`), ok ones, and unknown ones saying what is missing. */
  facts: TerminationFact[];
  /** One per selected pod that is being deleted: its milestones, timed from the delete request. */
  removals: RemovalMeasurement[];
  /** The smallest preStop sleep that covers the longest window measured, or why nothing was measured. */
  preStop: PreStopRecommendation;
}
