/**
 * The explain core: a Snapshot (and node dumps) in, an Explanation out. Pure: no I/O, no clock, so
 * the same function serves files, the live cluster and every frame of watch mode.
 */
import { LABEL_ZONE } from '../kubernetes/objects.ts';
import type { NodeRules } from '../kubeproxy/types.ts';
import { joinService } from '../model/join.ts';
import type { Snapshot } from '../model/snapshot.ts';
import type { ServiceView } from '../model/view.ts';
import { serviceFindings } from './findings.ts';
import { orphanReport } from './orphans.ts';
import { podReport, type PodContext } from './pod.ts';
import { localRouting, portRouting, topologyRouting, usesLocalEndpoints, type PortRouting } from './routing.ts';
import { serviceKey, serviceReport } from './service.ts';
import type { Explanation } from './types.ts';

export function explain(snapshot: Snapshot, dumps: readonly NodeRules[] = []): Explanation {
  return explainView(joinService(snapshot, dumps));
}

export function explainView(view: ServiceView): Explanation {
  const service = serviceReport(view.service);
  const routing = new Map(view.ports.map((port) => [port.label, portRouting(view.slices, port)] as const));
  const ctx: PodContext = {
    view,
    serviceKey: serviceKey(view.service),
    routing,
    headless: service.headless,
    slicesKnown: !view.unknown.some((u) => u.kind === 'EndpointSlice'),
    localRouting: usesLocalEndpoints(view.service) ? localRoutingOf(view) : null,
    topology: topologyOf(view, routing),
  };
  const outcomes = service.type === 'ExternalName' ? [] : view.pods.map((pod) => podReport(pod, ctx));
  const pods = outcomes.map((o) => o.report);
  const drifting = outcomes.filter((o) => o.drift.unsynced.length + o.drift.stale.length > 0).map((o) => ({ pod: o.report.name, ...o.drift }));
  const receiving = pods.filter((p) => p.receivesTraffic).length;
  return {
    service,
    pods,
    endpointsWithoutPods: view.orphans.map((o) => orphanReport(o, view)),
    findings: serviceFindings({ view, service, pods, routing, drifting }),
    nodes: view.dumps.map((d) => d.node),
    unknown: view.unknown.map((u) => `${u.kind}: ${u.why}`),
    summary: { pods: pods.length, receiving, notReceiving: pods.length - receiving },
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
function nodeZone(view: ServiceView, node: string): string | null {
  const label = view.nodes.get(node)?.metadata.labels?.[LABEL_ZONE];
  if (label) return label;
  return view.slices.flatMap((s) => s.endpoints ?? []).find((e) => e.nodeName === node && e.zone)?.zone ?? null;
}
