/**
 * `kubectl slices watch svc/NAME`: connect with the kubectl flags, watch the Service's objects
 * and show them until --until is met, --for elapses, or the user quits.
 */
import type { CliIO } from '../../cli/io.ts';
import { withCluster, type KubeFlags } from '../../cli/kubeflags.ts';
import { VERSION } from '../../version.ts';
import { runWatch, type WatchOutput } from '../run.ts';
import { WatchSession, type SessionEnd } from '../session.ts';
import { initialWatchState } from '../state.ts';
import type { UntilCondition } from '../until.ts';
import { DEFAULT_BACKOFF } from './backoff.ts';
import type { InformerTiming } from './informer.ts';
import { liveSource } from './liveSource.ts';
import { streamTransport } from './transport.ts';

export interface LiveWatchOptions extends WatchOutput {
  name: string;
  flags: KubeFlags;
  until?: UntilCondition;
  forMs?: number;
  forLabel?: string;
  stallMs?: number;
}

/** Real API servers send a bookmark about once a minute; a quiet stream well past that is dead. */
export const DEFAULT_STALL_MS = 90_000;

export async function runLiveWatch(io: CliIO, options: LiveWatchOptions): Promise<SessionEnd> {
  return withCluster(options.flags, io, async (cluster) => {
    const target = { name: options.name, namespace: cluster.namespace };
    const transport = await streamTransport(cluster.target, `kubectl-slices/${VERSION} watch`);
    const timing: InformerTiming = {
      stallMs: options.stallMs ?? DEFAULT_STALL_MS,
      // Between 5 and 10 minutes, as client-go's reflector picks it, so clients do not renew in step.
      watchTimeoutSeconds: Math.round(300 * (1 + Math.random())),
      backoff: DEFAULT_BACKOFF,
    };
    const session = new WatchSession(initialWatchState(target, ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event']), {
      until: options.until,
      forMs: options.forMs,
      forLabel: options.forLabel,
      tickMs: options.format === 'screen' ? 1000 : 0,
    });
    return runWatch(session, liveSource(target, { client: cluster.client, transport }, timing), io, options);
  });
}
