import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getJson, itemsOf, NOT_READY_POD, WatchStream, withServer } from './harness.ts';

describe('injected faults', () => {
  it('status500 answers an InternalError Status for the matching requests, `times` times', () =>
    withServer({}, async (server) => {
      server.fault({ path: /\/pods$/, kind: 'status500', times: 2 });
      const first = await getJson(server, '/api/v1/namespaces/default/pods');
      assert.equal(first.status, 500);
      assert.equal(first.body.reason, 'InternalError');
      assert.equal((await getJson(server, '/api/v1/pods')).status, 500);
      assert.equal((await getJson(server, '/api/v1/namespaces/default/services')).status, 200, 'other paths are unaffected');
      assert.equal((await getJson(server, '/api/v1/pods')).status, 200, 'the third request passes');
      assert.deepEqual(server.requests.map((r) => r.fault ?? '-'), ['status500', 'status500', '-', '-']);
    }));

  it('close drops the connection without an answer', () =>
    withServer({}, async (server) => {
      server.fault({ path: /pods/, method: 'GET', kind: 'close', times: 1 });
      await assert.rejects(getJson(server, '/api/v1/pods'), /fetch failed/);
      assert.equal((await getJson(server, '/api/v1/pods')).status, 200);
      assert.equal(server.requests[0]?.status, 0, 'logged as unanswered');
    }));

  it('stall never answers, until the client gives up; clearFaults lifts it', () =>
    withServer({}, async (server) => {
      server.fault({ path: /watch=true/, kind: 'stall' });
      const started = Date.now();
      await assert.rejects(fetch(`${server.url}/api/v1/pods?watch=true`, { signal: AbortSignal.timeout(300) }), /TimeoutError|aborted/);
      assert.ok(Date.now() - started >= 250);
      assert.equal((await getJson(server, '/api/v1/pods')).status, 200, 'the rule matched only watches');
      server.clearFaults();
      const watch = await WatchStream.open(server, '/api/v1/pods?watch=true');
      assert.equal((await watch.next()).type, 'ADDED');
      watch.close();
    }));

  it('close() ends stalled requests too, so tests never hang on them', async () => {
    let pending: Promise<unknown> = Promise.resolve();
    await withServer({}, async (server) => {
      server.fault({ kind: 'stall' });
      pending = fetch(`${server.url}/api/v1/pods`).then(() => 'answered', () => 'dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    assert.equal(await pending, 'dropped');
  });
});

describe('restart', () => {
  it('drops every connection, serves again on the same port, and keeps state and resourceVersions', () =>
    withServer({}, async (server) => {
      const url = server.url;
      const watch = await WatchStream.open(server, `/api/v1/pods?watch=1&resourceVersion=${server.resourceVersion}`);
      const rv = server.resourceVersion;
      await server.restart({ downMs: 50 });
      await watch.end();
      assert.equal(server.url, url);
      server.setPodReady('default', NOT_READY_POD, true);
      const list = await getJson(server, '/api/v1/pods');
      assert.equal(itemsOf(list.body).length, 3);
      assert.equal((list.body.metadata as { resourceVersion: string }).resourceVersion, String(Number(rv) + 1));
    }));

  it('refuses connections while down', () =>
    withServer({}, async (server) => {
      const restarting = server.restart({ downMs: 300 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await assert.rejects(getJson(server, '/version'), /fetch failed/);
      await restarting;
      assert.equal((await getJson(server, '/version')).status, 200);
    }));
});
