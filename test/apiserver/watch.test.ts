import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOT_READY_POD, READY_PODS, waitFor, WatchStream, withServer } from './harness.ts';

const PODS = '/api/v1/namespaces/default/pods';

describe('watch', () => {
  it('without a resourceVersion starts with ADDED for every matching object, with kind and apiVersion', () =>
    withServer({}, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1`);
      try {
        const names: string[] = [];
        for (let i = 0; i < 3; i++) {
          const event = await watch.next();
          assert.equal(event.type, 'ADDED');
          assert.equal(event.object.kind, 'Pod');
          assert.equal(event.object.apiVersion, 'v1');
          names.push(event.object.metadata?.name ?? '');
        }
        assert.deepEqual(names, [...READY_PODS, NOT_READY_POD].sort());
      } finally {
        watch.close();
      }
    }));

  it('from the list resourceVersion delivers MODIFIED and DELETED as the test changes objects', () =>
    withServer({}, async (server) => {
      const rv = server.resourceVersion;
      const watch = await WatchStream.open(server, `${PODS}?watch=true&resourceVersion=${rv}`);
      try {
        server.setPodReady('default', NOT_READY_POD, true);
        const modified = await watch.next();
        assert.equal(modified.type, 'MODIFIED');
        assert.equal(modified.object.metadata?.resourceVersion, String(Number(rv) + 1));
        server.remove('Pod', 'default', NOT_READY_POD);
        const deleted = await watch.next();
        assert.deepEqual([deleted.type, deleted.object.metadata?.name, deleted.object.metadata?.resourceVersion], ['DELETED', NOT_READY_POD, String(Number(rv) + 2)]);
      } finally {
        watch.close();
      }
    }));

  it('replays the changes after an older resourceVersion from history', () =>
    withServer({}, async (server) => {
      const rv = server.resourceVersion;
      server.setPodReady('default', NOT_READY_POD, true);
      server.setPodReady('default', READY_PODS[0] ?? '', false);
      const watch = await WatchStream.open(server, `${PODS}?watch=true&resourceVersion=${rv}`);
      try {
        const first = await watch.next();
        const second = await watch.next();
        assert.deepEqual([first.object.metadata?.name, second.object.metadata?.name], [NOT_READY_POD, READY_PODS[0]]);
      } finally {
        watch.close();
      }
    }));

  it('sends ERROR 410 Expired and ends the stream when the resourceVersion was compacted away', () =>
    withServer({}, async (server) => {
      const rv = server.resourceVersion;
      server.setPodReady('default', NOT_READY_POD, true);
      server.compact();
      const watch = await WatchStream.open(server, `${PODS}?watch=true&resourceVersion=${rv}`);
      assert.equal(watch.status, 200, 'the real watch cache answers 200 and puts the 410 in the stream');
      const [event, ...rest] = await watch.end();
      assert.deepEqual(rest, []);
      assert.equal(event?.type, 'ERROR');
      assert.deepEqual(event?.object, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410,
        message: `too old resource version: ${rv} (${server.resourceVersion})`,
      });
    }));

  it('filters by label selector: a pod relabelled out of the selection is DELETED, back in is ADDED', () =>
    withServer({}, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&resourceVersion=${server.resourceVersion}&labelSelector=app%20in%20(web)`);
      try {
        server.mutate('Pod', 'default', NOT_READY_POD, (pod) => { pod.metadata = { ...pod.metadata, labels: { app: 'debug' } }; });
        assert.equal((await watch.next()).type, 'DELETED');
        server.upsert({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'default', labels: { app: 'db' } } });
        server.mutate('Pod', 'default', NOT_READY_POD, (pod) => { pod.metadata = { ...pod.metadata, labels: { app: 'web' } }; });
        const added = await watch.next();
        assert.deepEqual([added.type, added.object.metadata?.name], ['ADDED', NOT_READY_POD]);
      } finally {
        watch.close();
      }
    }));

  it('filters by field selector, as kubectl get pod NAME -w does', () =>
    withServer({}, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&fieldSelector=metadata.name%3D${NOT_READY_POD}`);
      try {
        assert.equal((await watch.next()).object.metadata?.name, NOT_READY_POD);
        server.setPodReady('default', READY_PODS[0] ?? '', false);
        server.setPodReady('default', NOT_READY_POD, true);
        const event = await watch.next();
        assert.deepEqual([event.type, event.object.metadata?.name], ['MODIFIED', NOT_READY_POD]);
      } finally {
        watch.close();
      }
    }));

  it('sends periodic BOOKMARKs carrying only the current resourceVersion when allowWatchBookmarks=true', () =>
    withServer({ bookmarkIntervalMs: 50 }, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&resourceVersion=${server.resourceVersion}&allowWatchBookmarks=true`);
      try {
        const bookmark = await watch.next(2000);
        assert.deepEqual(bookmark, { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: server.resourceVersion } } });
        server.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-c' } });
        let next = await watch.next(2000);
        while (next.object.metadata?.resourceVersion !== server.resourceVersion) next = await watch.next(2000);
        assert.equal(next.type, 'BOOKMARK', 'a change to another resource only moves the bookmark');
      } finally {
        watch.close();
      }
    }));

  it('sends no BOOKMARK unless asked', () =>
    withServer({ bookmarkIntervalMs: 20 }, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&resourceVersion=${server.resourceVersion}`);
      try {
        await assert.rejects(watch.next(300), /no watch event/);
      } finally {
        watch.close();
      }
    }));

  it('with sendInitialEvents=true ends the initial ADDED events with an initial-events-end BOOKMARK', () =>
    withServer({}, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
      try {
        const types = [(await watch.next()).type, (await watch.next()).type, (await watch.next()).type];
        assert.deepEqual(types, ['ADDED', 'ADDED', 'ADDED']);
        const bookmark = await watch.next();
        assert.equal(bookmark.type, 'BOOKMARK');
        assert.deepEqual(bookmark.object.metadata?.annotations, { 'k8s.io/initial-events-end': 'true' });
      } finally {
        watch.close();
      }
    }));

  it('ends the stream after timeoutSeconds', () =>
    withServer({}, async (server) => {
      const watch = await WatchStream.open(server, `${PODS}?watch=1&resourceVersion=${server.resourceVersion}&timeoutSeconds=1`);
      const started = Date.now();
      assert.deepEqual(await watch.end(3000), []);
      assert.ok(Date.now() - started >= 900);
    }));

  it('dropWatches ends every open stream; the watch count goes back to zero', () =>
    withServer({}, async (server) => {
      const a = await WatchStream.open(server, `${PODS}?watch=1&resourceVersion=${server.resourceVersion}`);
      const b = await WatchStream.open(server, `/api/v1/watch/nodes?resourceVersion=${server.resourceVersion}`);
      await waitFor(() => server.openWatches === 2, 2000, 'two open watches');
      assert.equal(server.dropWatches(), 2);
      await a.end();
      await b.end();
      assert.equal(server.openWatches, 0);
    }));

  it('dropWatches({abrupt: true}) cuts the connection mid-stream', () =>
    withServer({}, async (server) => {
      const res = await fetch(`${server.url}${PODS}?watch=1&resourceVersion=${server.resourceVersion}`);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      server.setPodReady('default', NOT_READY_POD, true);
      await reader.read();
      server.dropWatches({ abrupt: true });
      await assert.rejects(async () => { for (;;) if ((await reader.read()).done) return; }, /terminated/);
    }));

  it('rejects a malformed resourceVersion with 400', () =>
    withServer({}, async (server) => {
      const res = await fetch(`${server.url}${PODS}?watch=1&resourceVersion=abc`);
      assert.equal(res.status, 400);
      await res.body?.cancel();
    }));
});
