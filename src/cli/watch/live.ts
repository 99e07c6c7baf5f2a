/**
 * `kubectl slices watch svc/NAME`: connect as the config says, watch the Service's objects and
 * show them until --until is met, --for elapses, or the user quits.
 */
import { withConnection } from '../../sources/cluster/connect.ts';
import { liveSource } from '../../sources/cluster/watch/liveSource.ts';
import { DEFAULT_BACKOFF } from '../../sources/cluster/watch/backoff.ts';
import type { InformerTiming } from '../../sources/cluster/watch/informer.ts';
import { WatchSession, type SessionEnd } from '../../watch/session.ts';
import { initialWatchState } from '../../watch/state.ts';
import type { CliIO } from '../io.ts';
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
    const session = new WatchSession(initialWatchState(target, ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event']), {
      clock,
      until: config.until,
      forMs: config.forMs,
      forLabel: config.forLabel,
      tickMs: config.format === 'screen' ? 1000 : 0,
    });
    return runWatch(session, liveSource(target, { client: cluster.client, transport: cluster.transport }, timing), io, config);
  });
}
