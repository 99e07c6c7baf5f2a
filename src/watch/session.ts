/**
 * A running watch: holds the state, applies what the source dispatches through the reducer, and
 * tells subscribers (the screen, the NDJSON writer). Actions that arrive together are applied as
 * one batch on the next turn of the event loop, so a burst (or a slow recomputation on a large
 * Service) costs one explanation rebuild, not one per event. Decides when the watch ends. Every
 * time and timer comes from the injected clock.
 */
import { EXIT_OK, EXIT_UNTIL_NOT_MET, exitCodeOf } from '../failures.ts';
import { every, type WatchClock } from './clock.ts';
import { watchReducer } from './reducer.ts';
import type { WatchState } from './state.ts';
import type { WatchAction } from './types.ts';
import { untilMet, type UntilCondition } from './until.ts';

export interface SessionOptions {
  clock: WatchClock;
  until?: UntilCondition;
  /** End after this many ms of the clock's time. */
  forMs?: number;
  /** How `--for` is written, for the summary ("30s"). */
  forLabel?: string;
  /** Header clock refresh, in ms; 0 for none. */
  tickMs?: number;
}

export type SessionEnd =
  /** "until all-ready", "for 30s", "quit", "interrupted", "drill finished"... */
  | { code: number; reason: string }
  /** The watch could not go on (bad kubeconfig, Service not found): what was thrown, and its exit code. */
  | { code: number; reason: string; error: unknown };

export class WatchSession {
  private current: WatchState;
  private queue: WatchAction[] = [];
  private scheduled = false;
  private readonly listeners = new Set<(state: WatchState) => void>();
  private readonly timers: (() => void)[] = [];
  private resolveDone: (end: SessionEnd) => void = () => {};
  private ended: SessionEnd | null = null;
  private ending = false;
  private lastFlush = { end: 0, cost: 0 };
  readonly done: Promise<SessionEnd>;
  readonly clock: WatchClock;

  constructor(initial: WatchState, private readonly options: SessionOptions) {
    this.current = initial;
    this.clock = options.clock;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get state(): WatchState {
    return this.current;
  }

  get result(): SessionEnd | null {
    return this.ended;
  }

  /** Starts the --for and tick timers. */
  start(): void {
    const { forMs, tickMs = 0 } = this.options;
    if (forMs !== undefined) {
      const label = `for ${this.options.forLabel ?? `${forMs}ms`}`;
      this.timers.push(this.clock.after(forMs, () => this.end(this.options.until ? EXIT_UNTIL_NOT_MET : EXIT_OK, label)));
    }
    if (tickMs > 0) this.timers.push(every(this.clock, tickMs, () => this.dispatch({ type: 'tick', at: this.clock.now() })));
  }

  dispatch(action: WatchAction): void {
    if (this.ended) return;
    this.queue.push(action);
    if (this.scheduled) return;
    this.scheduled = true;
    // After an expensive rebuild (a Service of thousands of pods), wait as long as it took: the
    // rebuild then uses at most half the CPU, and the next batch is just larger.
    const wait = this.lastFlush.end + this.lastFlush.cost - this.clock.elapsed();
    this.clock.after(wait > 1 ? wait : 0, () => this.flush());
  }

  /** Applies every queued action now, as one batch; ends the watch if that meets --until. */
  flush(): void {
    if (!this.apply()) return;
    if (this.untilMet()) this.end(EXIT_OK, `until ${this.options.until}`);
  }

  /** Whether anything was applied. Listeners may call end() from here: it then waits for this pass. */
  private apply(): boolean {
    this.scheduled = false;
    if (this.queue.length === 0 || this.ended) return false;
    const actions = this.queue;
    this.queue = [];
    const started = this.clock.elapsed();
    this.current = watchReducer(this.current, actions.length === 1 && actions[0] ? actions[0] : { type: 'batch', actions });
    for (const listener of this.listeners) listener(this.current);
    const end = this.clock.elapsed();
    this.lastFlush = { end, cost: end - started };
    return true;
  }

  private untilMet(): boolean {
    const until = this.options.until;
    return until !== undefined && untilMet(until, this.current);
  }

  /** `useSyncExternalStore`-shaped: returns the unsubscribe function. */
  subscribe = (listener: (state: WatchState) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): WatchState => this.current;

  end(code: number, reason: string): void {
    this.finish({ code, reason });
  }

  /** Ends the watch on what was thrown, keeping its own exit code. */
  fail(error: unknown): void {
    this.finish({ code: exitCodeOf(error), reason: error instanceof Error ? error.message : String(error), error });
  }

  private finish(end: SessionEnd): void {
    if (this.ended || this.ending) return;
    this.ending = true;
    // What already arrived counts: if it meets --until, that is how the watch ended.
    this.queue.push({ type: 'tick', at: this.clock.now() });
    this.apply();
    const until = !('error' in end) && this.untilMet();
    this.ended = until ? { code: EXIT_OK, reason: `until ${this.options.until}` } : end;
    for (const cancel of this.timers) cancel();
    this.resolveDone(this.ended);
  }
}
