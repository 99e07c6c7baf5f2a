/**
 * `watch --collect-dataplane[=INTERVAL]`: the nodes' rules as a watch source. Once every watched
 * kind has been listed (so the Service's pods and endpoints, and with them its nodes, are known),
 * the rules of those nodes are read, then again every interval on the session's clock. Each read
 * is dispatched as one `node-rules` action, decoded for the Service by the same decoder as
 * `--iptables` files; the watch core turns the differences into rule transitions.
 *
 * One read at a time: when the interval comes round during a read, the next read starts as soon
 * as that one ends (never two at once, and never more than one waiting; the per-node timeout
 * bounds how long one can take). Stopping abandons the execs in flight.
 */
import type { NodeCapture } from '../../../dataplane/capture.ts';
import { serviceNodes } from '../../../dataplane/nodes.ts';
import { familiesOf } from '../../../dataplane/readcommands.ts';
import { rulesOfCaptures, serviceSelection } from '../../../dataplane/replay.ts';
import type { EndpointSlice, Pod, Service } from '../../../kubernetes/objects.ts';
import { every } from '../../../watch/clock.ts';
import type { WatchSession } from '../../../watch/session.ts';
import type { WatchSource } from '../../../watch/source.ts';
import { fullySynced, type WatchState, type WatchTarget } from '../../../watch/state.ts';
import { kindMap } from '../../../watch/store.ts';
import type { NodeRulesRead } from '../../../watch/types.ts';
import type { ClusterConnection } from '../connect.ts';
import { everyNode, type DataplaneReader } from '../exec/dataplanes.ts';

export interface DataplaneWatch {
  intervalMs: number;
  /** service: the nodes of the Service's pods and endpoints, plus `named`; all: every Node. */
  scope: 'service' | 'all';
  named: readonly string[];
}

export function dataplaneSource(target: WatchTarget, reader: DataplaneReader, cluster: Pick<ClusterConnection, 'client'>, options: DataplaneWatch): WatchSource {
  const key = `${target.namespace}/${target.name}`;
  const stopping = new AbortController();
  let inFlight: Promise<void> | null = null;
  let again = false;
  let cancel = (): void => {};
  let unsubscribe = (): void => {};

  const readOnce = async (session: WatchSession): Promise<void> => {
    const state = session.state;
    const service = kindMap(state.objects, 'Service').get(key) as Service | undefined;
    if (!service) return;
    const named = serviceNodes({ pods: objectsOf<Pod>(state, 'Pod'), endpointSlices: objectsOf<EndpointSlice>(state, 'EndpointSlice') }, options.named);
    let reads: NodeRulesRead[];
    try {
      const nodes = options.scope === 'all' ? (await everyNode(cluster, named)).nodes : named;
      const captures = await reader.read(nodes, familiesOf(service.spec?.ipFamilies), stopping.signal);
      reads = await Promise.all(captures.map((c) => nodeRead(c, service)));
    } catch (err) {
      // The agents could not even be looked for (the API server is down): every node is unknown.
      const why = `the rules could not be read: ${err instanceof Error ? err.message : String(err)}`;
      reads = named.map((node) => ({ node, unknown: why }));
    }
    if (!stopping.signal.aborted) session.dispatch({ type: 'node-rules', reads, at: session.clock.now() });
  };

  const kick = (session: WatchSession): void => {
    if (stopping.signal.aborted) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = readOnce(session).finally(() => {
      inFlight = null;
      if (!again) return;
      again = false;
      kick(session);
    });
  };

  return {
    start(session) {
      unsubscribe = session.subscribe((state) => {
        if (!fullySynced(state) || !kindMap(state.objects, 'Service').has(key)) return;
        unsubscribe();
        kick(session);
        cancel = every(session.clock, options.intervalMs, () => kick(session));
      });
    },
    async stop() {
      stopping.abort();
      cancel();
      unsubscribe();
      await inFlight;
      reader.close();
    },
  };
}

/** One node of a read, decoded for the Service as a `--iptables` file of the same text would be. */
async function nodeRead(capture: NodeCapture, service: Service): Promise<NodeRulesRead> {
  const { dumps, unread } = await rulesOfCaptures([capture], serviceSelection(service));
  const problem = unread[0];
  return problem ? { node: capture.node, unknown: problem.why } : { node: capture.node, rules: dumps };
}

function objectsOf<T>(state: WatchState, kind: 'Pod' | 'EndpointSlice'): T[] {
  return [...kindMap(state.objects, kind).values()] as T[];
}
