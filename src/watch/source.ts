/** Where a watch's actions come from: the live cluster, or the demo's simulated drill. */
import type { WatchSession } from './session.ts';

export interface WatchSource {
  /** Begins dispatching actions into the session; a fatal problem ends it with `session.fail(error)`. */
  start(session: WatchSession): void;
  /** Stops every timer and connection. */
  stop(): Promise<void>;
}
