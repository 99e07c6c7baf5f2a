/**
 * List+watch of one kind, kept alive: list, then watch from the list's resourceVersion with
 * bookmarks; resume from the last version seen when a stream ends; relist on 410 Gone (an ERROR
 * event or an HTTP 410); retry with capped exponential backoff when the connection fails; and a
 * stall detector, so a stream that goes quiet (no byte, not even a bookmark) is reconnected and
 * shown, never silently stale. Everything it learns becomes a WatchAction.
 */
import type { KubeObject } from '../../../kubernetes/objects.ts';
import { sleep, type WatchClock } from '../../../watch/clock.ts';
import type { WatchAction, WatchKind } from '../../../watch/types.ts';
import type { KubeClient } from '../client.ts';
import { InputError } from '../../../failures.ts';
import { ApiError } from '../failures.ts';
import { servedProblem } from '../gathering.ts';
import { listWithVersion } from '../paging.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { streamOnce, type StreamOutcome, type WatchTransport } from './stream.ts';

const HEALTHY_STREAM_MS = 30_000;

export interface InformerSpec {
  kind: WatchKind;
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface InformerTiming {
  /** No byte for this long (bookmarks included) means the stream is dead. */
  stallMs: number;
  /** Asked of the server, so streams are renewed now and then even when healthy. */
  watchTimeoutSeconds: number;
  backoff: BackoffPolicy;
}

export interface InformerDeps {
  client: KubeClient;
  transport: WatchTransport;
  dispatch: (action: WatchAction) => void;
  /** The session's clock: action times, backoff sleeps, the stall detector. */
  clock: WatchClock;
  timing: InformerTiming;
  /** A failure before the first list succeeded: the watch cannot start (bad context, no access). */
  onFatal: (err: unknown) => void;
}

export class Informer {
  private stopped = false;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  private resourceVersion: string | null = null;
  private synced = false;

  constructor(readonly spec: InformerSpec, private readonly deps: InformerDeps) {}

  start(): void {
    this.connection('connecting', '');
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === null) await this.list();
        const opened = this.deps.clock.now();
        const outcome = await this.watch();
        if (this.stopped) return;
        // A stream that was healthy for a while starts the backoff over.
        if (this.deps.clock.now() - opened > HEALTHY_STREAM_MS) attempt = 0;
        attempt = this.afterStream(outcome, attempt);
        if (attempt > 0) await this.sleep(backoffDelay(attempt - 1, this.deps.timing.backoff));
      } catch (err) {
        if (this.stopped) return;
        if (!this.synced) return this.failFirstList(err);
        if (err instanceof ApiError && err.status === 410) {
          this.relistSoon('410 Gone: relisting');
          continue;
        }
        this.connection('reconnecting', shortReason(err));
        await this.sleep(backoffDelay(attempt++, this.deps.timing.backoff));
      }
    }
  }

  private async list(): Promise<void> {
    const { spec, deps } = this;
    const listed = await listWithVersion(deps.client, spec.path, { labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector });
    // The shape check explain's reads get (Gathering): a first list that fails it ends the watch
    // with that line; a later one keeps the last state shown, marked reconnecting with the reason.
    const problem = listed.objects.map((o) => servedProblem(this.typed(o))).find((p) => p !== null);
    if (problem) throw new InputError(problem);
    this.resourceVersion = listed.resourceVersion;
    this.synced = true;
    deps.dispatch({ type: 'relisted', kind: spec.kind, objects: listed.objects.map((o) => this.typed(o)), at: deps.clock.now() });
  }

  private async watch(): Promise<StreamOutcome> {
    const { spec, deps } = this;
    this.abort = new AbortController();
    const query = {
      watch: '1',
      resourceVersion: this.resourceVersion ?? undefined,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(deps.timing.watchTimeoutSeconds),
      labelSelector: spec.labelSelector,
      fieldSelector: spec.fieldSelector,
    };
    return streamOnce({
      open: (signal) => deps.transport.stream(spec.path, query, signal),
      abort: this.abort,
      stallMs: deps.timing.stallMs,
      clock: deps.clock,
      onOpen: () => this.connection('connected', ''),
      check: (object) => servedProblem(this.typed(object)),
      onEvent: (type, object) => {
        this.resourceVersion = object.metadata?.resourceVersion ?? this.resourceVersion;
        deps.dispatch({ type: 'event', kind: spec.kind, event: type, object: this.typed(object), at: deps.clock.now() });
      },
      onBookmark: (version) => (this.resourceVersion = version ?? this.resourceVersion),
    });
  }

  /** The next attempt number: 0 to re-watch at once, more to back off first. */
  private afterStream(outcome: StreamOutcome, attempt: number): number {
    switch (outcome.kind) {
      case 'gone':
        this.relistSoon('410 Gone: relisting');
        return 0;
      case 'ended':
        // The server's timeoutSeconds, or a clean close: resume from the last version at once,
        // unless it keeps closing streams straight away.
        if (outcome.events > 0 || outcome.durationMs > 1000) return 0;
        this.connection('reconnecting', 'watch stream ended');
        return attempt + 1;
      case 'stalled':
        this.connection('reconnecting', `no data for ${Math.round(this.deps.timing.stallMs / 1000)}s`);
        return attempt + 1;
      case 'broken':
        this.connection('reconnecting', outcome.reason);
        return attempt + 1;
      case 'invalid':
        this.relistSoon(outcome.reason);
        return attempt + 1;
    }
  }

  private relistSoon(detail: string): void {
    this.resourceVersion = null;
    this.connection('reconnecting', detail);
  }

  private failFirstList(err: unknown): void {
    if (err instanceof ApiError && err.status === 403 && this.spec.kind !== 'Service') {
      this.deps.dispatch({ type: 'unavailable', kind: this.spec.kind, why: `forbidden: ${err.serverMessage || 'no reason given'}`, at: this.deps.clock.now() });
      return;
    }
    this.deps.onFatal(err);
  }

  private connection(state: 'connecting' | 'connected' | 'reconnecting', detail: string): void {
    this.deps.dispatch({ type: 'connection', kind: this.spec.kind, state, detail, at: this.deps.clock.now() });
  }

  private sleep(ms: number): Promise<void> {
    return sleep(this.deps.clock, ms, (wake) => (this.wake = wake));
  }

  private typed(object: KubeObject): KubeObject {
    return object.kind ? object : { ...object, kind: this.spec.kind };
  }
}

/** A few words for the header: "503 ServiceUnavailable", "ECONNREFUSED", the message otherwise. */
export function shortReason(err: unknown): string {
  if (err instanceof ApiError) return `${err.status} ${err.reason}`;
  const e = err as NodeJS.ErrnoException;
  if (/connection refused/.test(e.message ?? '')) return 'connection refused';
  if (/closed the connection/.test(e.message ?? '')) return 'connection closed';
  return (e.message ?? String(err)).split(/[;:(]/)[0]?.trim() || 'failed';
}
