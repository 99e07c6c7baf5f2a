/**
 * One watch stream, from request to end: decode newline-delimited events, follow bookmarks, and
 * watch the clock. It ends with what happened, for the informer to decide what comes next.
 */
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../../kubernetes/objects.ts';
import { every, type WatchClock } from '../../../watch/clock.ts';
import type { WatchEventType } from '../../../watch/types.ts';
import type { ApiTransport } from '../transport.ts';
import { LineDecoder } from './lines.ts';

/** What a watch needs of the transport: one streamed GET. */
export type WatchTransport = Pick<ApiTransport, 'stream'>;

export type StreamOutcome =
  | { kind: 'ended'; events: number; durationMs: number }
  | { kind: 'gone' }
  | { kind: 'stalled' }
  | { kind: 'broken'; reason: string }
  /** An event's object has the wrong shape: resuming would replay it, so the informer lists again. */
  | { kind: 'invalid'; reason: string };

export interface StreamHandlers {
  open: (signal: AbortSignal) => Promise<IncomingMessage>;
  abort: AbortController;
  stallMs: number;
  clock: WatchClock;
  onOpen: () => void;
  /** What is wrong with an event's object, if anything: the stream then ends as invalid, with that reason, and the object is not passed on. */
  check: (object: KubeObject) => string | null;
  onEvent: (type: WatchEventType, object: KubeObject) => void;
  onBookmark: (resourceVersion: string | undefined) => void;
}

interface WireEvent {
  type?: string;
  object?: KubeObject & { code?: number; reason?: string; message?: string };
}

export function streamOnce(h: StreamHandlers): Promise<StreamOutcome> {
  const started = h.clock.now();
  let lastByte = started;
  let events = 0;
  return new Promise<StreamOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: StreamOutcome) => {
      if (settled) return;
      settled = true;
      stopWatchdog();
      h.abort.abort();
      resolve(outcome);
    };
    // Covers the request too: a server that never answers is a stall like one that goes quiet.
    const stopWatchdog = every(h.clock, Math.max(50, Math.min(1000, h.stallMs / 4)), () => {
      if (h.clock.now() - lastByte > h.stallMs) finish({ kind: 'stalled' });
    });
    const decoder = new LineDecoder();
    const onLine = (line: string) => {
      const event = parse(line);
      if (!event) return finish({ kind: 'broken', reason: 'undecodable watch event' });
      const object = event.object ?? {};
      if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
        const problem = h.check(object);
        if (problem !== null) return finish({ kind: 'invalid', reason: problem });
        events++;
        h.onEvent(event.type, object);
      } else if (event.type === 'BOOKMARK') h.onBookmark(object.metadata?.resourceVersion);
      else if (event.type === 'ERROR') finish(object.code === 410 ? { kind: 'gone' } : { kind: 'broken', reason: `${object.code ?? ''} ${object.reason ?? object.message ?? 'watch error'}`.trim() });
    };
    h.open(h.abort.signal).then(
      (res) => {
        if (settled) return res.destroy();
        lastByte = h.clock.now();
        h.onOpen();
        res.on('data', (chunk: Buffer) => {
          lastByte = h.clock.now();
          for (const line of decoder.push(chunk)) if (!settled) onLine(line);
        });
        res.on('end', () => finish(res.complete ? { kind: 'ended', events, durationMs: h.clock.now() - started } : { kind: 'broken', reason: 'connection closed' }));
        res.on('error', () => finish({ kind: 'broken', reason: 'connection closed' }));
        res.on('close', () => finish({ kind: 'broken', reason: 'connection closed' }));
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        stopWatchdog();
        reject(err);
      },
    );
  });
}

function parse(line: string): WireEvent | null {
  try {
    return JSON.parse(line) as WireEvent;
  } catch {
    return null;
  }
}
