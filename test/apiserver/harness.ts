/**
 * Test-side helpers for the test API server: the fixture snapshot, JSON requests, a reader for
 * watch streams, and polling with a deadline. Everything is bounded in time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import * as yaml from 'js-yaml';
import { parseObjectsWith } from '../../src/sources/objectfile.ts';
import { startApiServer, type ApiServer, type ApiServerOptions } from './server.ts';

export const FIXTURE = fileURLToPath(new URL('./fixtures/web.yaml', import.meta.url));
export const NOT_READY_POD = 'web-5d8f7c9b6-tz4wd';
export const READY_PODS = ['web-5d8f7c9b6-9pqrm', 'web-5d8f7c9b6-x2x7k'];

/** The fixture's objects, read as the server reads a snapshot file. */
export function fixtureObjects(): KubeObject[] {
  return parseObjectsWith(yaml, readFileSync(FIXTURE, 'utf8'), FIXTURE);
}

/** Starts a server seeded with the fixture snapshot (plus `options.objects`), runs `fn`, and always closes the server. */
export async function withServer<T>(options: ApiServerOptions, fn: (server: ApiServer) => Promise<T>): Promise<T> {
  const server = await startApiServer({ snapshotFile: FIXTURE, ...options });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

export interface JsonResponse { status: number; contentType: string; body: Record<string, unknown> }

export async function getJson(server: ApiServer, path: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(server.url + path, { headers, signal: AbortSignal.timeout(5000) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
}

export interface WatchEvent { type: string; object: KubeObject & { code?: number; reason?: string } }

/** A watch stream read line by line; `next()` waits for the next event, `ended` says the server closed it. */
export class WatchStream {
  private readonly queue: WatchEvent[] = [];
  private waiter: (() => void) | undefined;
  private readonly controller = new AbortController();
  ended = false;
  status = 0;

  static async open(server: ApiServer, path: string): Promise<WatchStream> {
    const stream = new WatchStream();
    const res = await fetch(server.url + path, { signal: stream.controller.signal });
    stream.status = res.status;
    void stream.pump(res);
    return stream;
  }

  async next(timeoutMs = 3000): Promise<WatchEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.ended) throw new Error('watch ended before the next event');
      if (Date.now() >= deadline) throw new Error(`no watch event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now())).unref();
      });
    }
    return this.queue.shift() as WatchEvent;
  }

  /** Waits until the server ends the stream (and no events are left unread). */
  async end(timeoutMs = 3000): Promise<WatchEvent[]> {
    await waitFor(() => this.ended, timeoutMs, 'watch stream to end');
    return this.queue.splice(0);
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(res: Response): Promise<void> {
    let buffer = '';
    try {
      for await (const chunk of res.body ?? []) {
        buffer += Buffer.from(chunk as Uint8Array).toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          this.queue.push(JSON.parse(buffer.slice(0, newline)) as WatchEvent);
          buffer = buffer.slice(newline + 1);
          this.waiter?.();
        }
      }
    } catch {
      // aborted by close(), or the connection was cut
    } finally {
      this.ended = true;
      this.waiter?.();
    }
  }
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Items of a list response. */
export function itemsOf(body: Record<string, unknown>): KubeObject[] {
  return (body.items as KubeObject[] | undefined) ?? [];
}

export function namesOf(objects: KubeObject[]): string[] {
  return objects.map((o) => o.metadata?.name ?? '');
}
