/**
 * Live-test plumbing: an in-memory API server with a kubeconfig on disk, the command line run
 * in-process against it, and readers for the server's request log. Servers always close.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { startApiServer, type ApiServer, type ApiServerOptions, type RequestLogEntry } from '../apiserver/server.ts';
import { runCli, type Captured } from '../cli/capture.ts';

export interface Live {
  server: ApiServer;
  kubeconfig: string;
  dir: string;
  /** Runs `kubectl slices ARGV --kubeconfig K` in-process (HOME is an empty directory). */
  run(argv: string[], env?: Record<string, string | undefined>): Promise<Captured>;
}

export async function withLive<T>(objects: KubeObject[], fn: (live: Live) => Promise<T>, options: ApiServerOptions = {}): Promise<T> {
  const server = await startApiServer({ objects, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'slices-live-'));
  const kubeconfig = join(dir, 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
  const run = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--kubeconfig', kubeconfig], { env: { HOME: dir, ...env } });
  try {
    return await fn({ server, kubeconfig, dir, run });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "GET /path?k=v" lines of the request log, in order, without discovery. */
export function requestLines(requests: readonly RequestLogEntry[]): string[] {
  return requests.map((r) => {
    const query = new URLSearchParams(r.query).toString();
    return `${r.method} ${r.path}${query ? `?${decodeURIComponent(query)}` : ''}`;
  });
}

/** Every failure is one `error: ...` line, never a stack trace. */
export function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

export function json<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}
