import type { EventObject } from '../../kubernetes/objects.ts';

/** When an event last happened: events.k8s.io series, then core/v1 lastTimestamp, then eventTime. */
export function eventTime(event: EventObject): string {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? '';
}

export function eventCount(event: EventObject): number {
  return event.series?.count ?? event.count ?? 1;
}

/**
 * The kubelet's latest probe failure for one container: a Warning `Unhealthy` event whose
 * fieldPath is `spec.containers{NAME}` and whose message starts with "<Kind> probe failed"
 * (pkg/kubelet/prober/prober.go recordContainerEvent, events.ContainerUnhealthy).
 */
export function latestProbeFailure(
  events: readonly EventObject[],
  podName: string,
  container: string,
  kind: 'Readiness' | 'Startup',
): EventObject | undefined {
  let latest: EventObject | undefined;
  for (const event of events) {
    if (event.reason !== 'Unhealthy' || event.involvedObject?.name !== podName) continue;
    if (!event.message?.startsWith(`${kind} probe`)) continue;
    const fieldPath = (event.involvedObject as { fieldPath?: string }).fieldPath;
    if (fieldPath && fieldPath !== `spec.containers{${container}}` && fieldPath !== `spec.initContainers{${container}}`) continue;
    if (!latest || eventTime(event) > eventTime(latest)) latest = event;
  }
  return latest;
}

/**
 * The kubelet's own words, quoted: `12x: "cat: can't open '/tmp/healthy': No such file or directory"`.
 * The "Readiness probe failed: " prefix is dropped because the reason already says so; an empty
 * output is said as `12x, no output`.
 */
export function quoteEvent(event: EventObject): string {
  const count = eventCount(event);
  const message = (event.message ?? '').replace(/\s+/g, ' ').trim().replace(/^(Readiness|Startup) probe failed:\s*/, '');
  // An exec probe that exits non-zero without printing anything leaves "Readiness probe failed: ".
  const quote = message ? `"${message}"` : 'no output';
  return count > 1 ? `${count}x${message ? ': ' : ', '}${quote}` : quote;
}
