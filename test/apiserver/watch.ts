/**
 * Watch streams: chunked newline-delimited JSON `{"type": ..., "object": ...}` events.
 * A watch without a resourceVersion (or "0") starts with ADDED for every matching object;
 * one from an older resourceVersion replays history, or gets an ERROR 410 Expired event and
 * ends when that history was compacted (what kube-apiserver's watch cache does).
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import type { Matcher } from './selectors.ts';
import { tooOldResourceVersion } from './status.ts';
import type { Change, ObjectStore } from './store.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchRequest {
  type: ResourceType;
  /** undefined: all namespaces. */
  namespace: string | undefined;
  match: Matcher;
  /** The `resourceVersion` parameter, already checked to be "" or digits. */
  resourceVersion: string;
  bookmarks: boolean;
  timeoutSeconds: number | undefined;
  /** `sendInitialEvents=true`: end the initial ADDED events with an initial-events-end BOOKMARK. */
  sendInitialEvents: boolean;
  /** Turns an event's object into what goes on the wire (the object itself, or a Table row). */
  encode: (obj: KubeObject) => unknown;
}

interface OpenWatch { res: ServerResponse; stop: () => void }

export class WatchHub {
  private readonly open = new Set<OpenWatch>();

  constructor(private readonly store: ObjectStore, private readonly bookmarkIntervalMs: number) {}

  get count(): number { return this.open.size; }

  serve(req: WatchRequest, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders(); // clients (client-node's Watch) wait for the headers before reading events
    const send = (type: EventType, object: unknown): void => { res.write(`${JSON.stringify({ type, object })}\n`); };
    const initial = this.initialEvents(req);
    if (initial === 'expired') {
      send('ERROR', tooOldResourceVersion(Number(req.resourceVersion), this.store.oldestResourceVersion));
      res.end();
      return;
    }
    for (const [type, obj] of initial) send(type, req.encode(obj));
    if (req.sendInitialEvents) send('BOOKMARK', this.bookmark(req.type, true));
    this.follow(req, res, send);
  }

  /** Ends every open watch: cleanly (the chunked body is terminated) or abruptly (the socket is destroyed). */
  dropAll(abrupt: boolean): number {
    const dropped = [...this.open];
    for (const w of dropped) {
      w.stop();
      if (abrupt) w.res.socket?.destroy();
      else w.res.end();
    }
    return dropped.length;
  }

  private follow(req: WatchRequest, res: ServerResponse, send: (type: EventType, object: unknown) => void): void {
    const unsubscribe = this.store.subscribe((change) => {
      const event = visibleAs(change, req);
      if (event) send(event[0], req.encode(event[1]));
    });
    const timers: NodeJS.Timeout[] = [];
    if (req.bookmarks) timers.push(setInterval(() => send('BOOKMARK', this.bookmark(req.type, false)), this.bookmarkIntervalMs));
    if (req.timeoutSeconds !== undefined) timers.push(setTimeout(() => res.end(), req.timeoutSeconds * 1000));
    const entry: OpenWatch = {
      res,
      stop: () => {
        unsubscribe();
        timers.forEach((t) => clearTimeout(t));
        this.open.delete(entry);
      },
    };
    this.open.add(entry);
    res.on('close', entry.stop);
  }

  private initialEvents(req: WatchRequest): [EventType, KubeObject][] | 'expired' {
    if (req.resourceVersion === '' || req.resourceVersion === '0') {
      const entries = this.store.listAt(req.type, req.namespace) ?? [];
      return entries.filter((e) => req.match(e.object)).map((e) => ['ADDED', e.object]);
    }
    const changes = this.store.changesSince(Number(req.resourceVersion));
    if (!changes) return 'expired';
    return changes.flatMap((c) => {
      const event = visibleAs(c, req);
      return event ? [event] : [];
    });
  }

  private bookmark(type: ResourceType, initialEventsEnd: boolean): KubeObject {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(this.store.resourceVersion) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
  }
}

/**
 * How a change looks through a watch's filter: an object that starts matching is ADDED, one that
 * stops matching is DELETED (as the watch cache reports them), and changes outside it are invisible.
 */
function visibleAs(change: Change, req: WatchRequest): [EventType, KubeObject] | undefined {
  if (change.resource !== req.type) return undefined;
  const inScope = (obj: KubeObject | undefined): boolean =>
    obj !== undefined && (req.namespace === undefined || obj.metadata?.namespace === req.namespace) && req.match(obj);
  const now = change.type !== 'DELETED' && inScope(change.object);
  const before = change.type !== 'ADDED' && inScope(change.previous);
  if (now) return [before ? 'MODIFIED' : 'ADDED', change.object];
  if (!before || !change.previous) return undefined;
  if (change.type === 'DELETED') return ['DELETED', change.object];
  // Modified out of the selection: the last state that matched, stamped with this change's resourceVersion.
  return ['DELETED', { ...change.previous, metadata: { ...change.previous.metadata, resourceVersion: String(change.rv) } }];
}
