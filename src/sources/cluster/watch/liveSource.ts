/**
 * The live cluster as a watch source: one informer per kind. The pod informer follows the
 * Service's selector: it starts once the Service is known and restarts (a relist) whenever the
 * selector changes, so the pods on screen are always the ones the Service selects.
 */
import { InputError } from '../../../failures.ts';
import { formatSelector } from '../../../kubernetes/labels.ts';
import type { Service } from '../../../kubernetes/objects.ts';
import type { WatchSession } from '../../../watch/session.ts';
import type { WatchSource } from '../../../watch/source.ts';
import type { WatchState, WatchTarget } from '../../../watch/state.ts';
import { kindMap } from '../../../watch/store.ts';
import type { KubeClient } from '../client.ts';
import { Informer, type InformerSpec, type InformerTiming } from './informer.ts';
import { endpointsOf, podsMatching, podWarnings, slicesOf, thisService } from './scopes.ts';
import type { WatchTransport } from './stream.ts';

/** The connection the informers share (its owner closes it, once the watch has stopped). */
export interface LiveConnection {
  client: KubeClient;
  transport: WatchTransport;
}

export function liveSource(target: WatchTarget, connection: LiveConnection, timing: InformerTiming): WatchSource {
  const { namespace, name } = target;
  const informers = new Map<string, Informer>();
  let podSelector: string | null = null;
  let unsubscribe = () => {};
  let session: WatchSession | null = null;
  const run = (spec: InformerSpec) => {
    const s = session;
    if (!s) return;
    const informer = new Informer(spec, {
      ...connection,
      dispatch: (a) => s.dispatch(a),
      clock: s.clock,
      timing,
      // Before the first list: the watch cannot start. The error keeps its own exit code.
      onFatal: (err) => s.fail(err),
    });
    informers.set(spec.kind, informer);
    informer.start();
  };
  const followSelector = (state: WatchState) => {
    if (!state.synced.has('Service')) return;
    const service = kindMap(state.objects, 'Service').get(`${namespace}/${name}`) as Service | undefined;
    // Not there on the first list: nothing to watch. Deleted later: keep what we have on screen.
    if (!service) {
      if (podSelector === null && state.counts.events === 0) session?.fail(new InputError(`service "${name}" not found in namespace "${namespace}"`));
      return;
    }
    const selector = formatSelector(service.spec?.selector ?? {});
    if (selector === podSelector) return;
    podSelector = selector;
    informers.get('Pod')?.stop();
    if (selector === '') {
      informers.delete('Pod');
      session?.dispatch({ type: 'unavailable', kind: 'Pod', why: 'the Service has no selector', at: session.clock.now() });
    } else run(podsMatching(namespace, selector));
  };
  return {
    start(s) {
      session = s;
      unsubscribe = s.subscribe(followSelector);
      for (const spec of [thisService(namespace, name), slicesOf(namespace, name), endpointsOf(namespace, name), podWarnings(namespace)]) run(spec);
    },
    async stop() {
      unsubscribe();
      for (const informer of informers.values()) informer.stop();
    },
  };
}
