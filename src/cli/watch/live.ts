/**
 * `kubectl slices watch svc/NAME`: connect as the config says, watch the Service's objects (and,
 * with --collect-dataplane, read its nodes' rules every interval) and show them until --until is
 * met, --for elapses, or the user quits.
 */
import { withConnection, type ClusterConnection } from '../../sources/cluster/connect.ts';
import { liveSource } from '../../sources/cluster/watch/liveSource.ts';
import { DEFAULT_BACKOFF } from '../../sources/cluster/watch/backoff.ts';
import type { InformerTiming } from '../../sources/cluster/watch/informer.ts';
import type { WatchClock } from '../../watch/clock.ts';
import { WatchSession, type SessionEnd } from '../../watch/session.ts';
import type { WatchSource } from '../../watch/source.ts';
import { initialWatchState, type WatchTarget } from '../../watch/state.ts';
import { COLLECT_CONCURRENCY, type CollectConfig } from '../collect.ts';
import type { CliIO } from '../io.ts';
import { USER_AGENT } from '../kubeflags.ts';
import { systemClock } from './clock.ts';
import type { WatchConfig } from './config.ts';
import { runWatch } from './run.ts';

export async function runLiveWatch(config: WatchConfig, io: CliIO): Promise<SessionEnd> {
  const clock = io.clock ?? systemClock();
  return withConnection(config.connection, async (cluster) => {
    const target = { name: config.target.name, namespace: config.target.namespace ?? cluster.namespace };
    const timing: InformerTiming = {
      stallMs: config.stallMs,
      // Between 5 and 10 minutes, as client-go's reflector picks it, so clients do not renew in step.
      watchTimeoutSeconds: Math.round(300 * (1 + Math.random())),
      backoff: DEFAULT_BACKOFF,
    };
    const session = new WatchSession(initialWatchState(target, ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event'], { dataplane: config.collect !== null }), {
      clock,
      until: config.until,
      forMs: config.forMs,
      forLabel: config.forLabel,
      tickMs: config.format === 'screen' ? 1000 : 0,
    });
    const objects = liveSource(target, { client: cluster.client, transport: cluster.transport }, timing);
    const source = config.collect ? both(objects, await rulesSource(target, cluster, config.collect, clock)) : objects;
    return runWatch(session, source, io, config);
  });
}

/** The nodes' rules every interval; the exec client is loaded only when asked for. */
async function rulesSource(target: WatchTarget, cluster: ClusterConnection, collect: CollectConfig, clock: WatchClock): Promise<WatchSource> {
  const { DataplaneReader } = await import('../../sources/cluster/exec/dataplanes.ts');
  const { dataplaneSource } = await import('../../sources/cluster/watch/dataplaneSource.ts');
  const limits = { concurrency: COLLECT_CONCURRENCY, nodeTimeoutMs: collect.nodeTimeoutMs, timeoutName: '--collect-timeout', after: clock.after };
  const reader = new DataplaneReader(cluster, { userAgent: USER_AGENT, limits, now: clock.now });
  return dataplaneSource(target, reader, cluster, { intervalMs: collect.intervalMs, scope: collect.scope, named: collect.nodes });
}

function both(a: WatchSource, b: WatchSource): WatchSource {
  return {
    start(session) {
      a.start(session);
      b.start(session);
    },
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}
