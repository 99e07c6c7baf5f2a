/**
 * What every pod rule of one Service shares: the joined view, and kube-proxy's routing for each
 * port, computed once per Service (and per node where a node decides on its own), because every
 * pod of a 5,000-pod Service asks the same questions.
 */
import { isKnown } from '../model/snapshot.ts';
import { LABEL_ZONE } from '../kubernetes/objects.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import type { ServiceView } from '../model/view.ts';
import { missingKind } from './missing.ts';
import { localRouting, portRouting, topologyRouting, usesLocalEndpoints, type PortRouting } from './routing.ts';

export interface PodContext {
  view: ServiceView;
  /** `namespace/name`, as kube-proxy's rule comments name the Service. */
  serviceKey: string;
  /** Per port label, per family: what kube-proxy routes over. */
  routing: Map<string, Map<string, PortRouting>>;
  headless: boolean;
  slicesKnown: boolean;
  /** Why the slices are unknown (`EndpointSlices not in the input files`), null when they are known. */
  slicesMissing: string | null;
  /** Per port label and node: what that node's Local-policy chain uses; null when the Service uses none. */
  localRouting: ((portLabel: string, node: string) => Map<string, Set<string>>) | null;
  /** Per port label, family and node: the endpoints topology hints keep there (routing.ts topologyRouting). */
  topology: (portLabel: string, family: string, node: string) => Set<string> | 'unknown' | null;
}

export function podContext(view: ServiceView): PodContext {
  const routing = new Map(view.ports.map((port) => [port.label, portRouting(view.slices, port)] as const));
  return {
    view,
    serviceKey: serviceKey(view.service),
    routing,
    headless: view.service.spec?.clusterIP === 'None',
    slicesKnown: isKnown(view.unknown, 'EndpointSlice'),
    slicesMissing: missingKind(view.unknown, 'EndpointSlice'),
    localRouting: usesLocalEndpoints(view.service) ? localRoutingOf(view) : null,
    topology: topologyOf(view, routing),
  };
}

/** localRouting per (port, node), each computed once: every pod of the view asks for the same ones. */
function localRoutingOf(view: ServiceView): (portLabel: string, node: string) => Map<string, Set<string>> {
  const cache = new Map<string, Map<string, Set<string>>>();
  return (portLabel, node) => {
    const key = `${portLabel}\u0000${node}`;
    let routing = cache.get(key);
    if (!routing) {
      const port = view.ports.find((p) => p.label === portLabel);
      routing = port ? localRouting(view.slices, port, node) : new Map();
      cache.set(key, routing);
    }
    return routing;
  };
}

/**
 * topologyRouting per (port, family, node), each computed once. Hints only narrow the ready set:
 * in the serving-terminating fallback kube-proxy ignores them (CategorizeEndpoints).
 */
function topologyOf(view: ServiceView, routing: Map<string, Map<string, PortRouting>>): PodContext['topology'] {
  const cache = new Map<string, Set<string> | 'unknown' | null>();
  return (portLabel, family, node) => {
    const key = `${portLabel}\u0000${family}\u0000${node}`;
    if (!cache.has(key)) {
      const port = view.ports.find((p) => p.label === portLabel);
      const ready = routing.get(portLabel)?.get(family)?.mode === 'ready';
      cache.set(key, port && ready ? topologyRouting(view.slices, port, family, node, nodeZone(view, node)) : null);
    }
    return cache.get(key) ?? null;
  };
}

/** A node's zone: its label, else the zone the EndpointSlice controller wrote for an endpoint on it. */
export function nodeZone(view: ServiceView, node: string): string | null {
  const label = view.nodes.get(node)?.metadata.labels?.[LABEL_ZONE];
  if (label) return label;
  return view.slices.flatMap((s) => s.endpoints ?? []).find((e) => e.nodeName === node && e.zone)?.zone ?? null;
}
