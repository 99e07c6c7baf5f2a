/** The counts a reader wants before the rows, so renderers draw them without deciding anything. */
import type { PodReport, Summary } from './types.ts';

export function summarize(pods: readonly PodReport[]): Summary {
  const receiving = pods.filter((p) => p.receivesTraffic).length;
  const slices = pods.flatMap((p) => p.endpointSlices);
  return {
    pods: pods.length,
    receiving,
    notReceiving: pods.length - receiving,
    partial: pods.filter((p) => p.verdict === 'partial').length,
    fallback: pods.filter((p) => p.verdict === 'fallback').length,
    receivingNotReady: pods.filter((p) => p.receivesTraffic && (p.ready === 'False' || p.ready === 'Unknown')).map((p) => p.name),
    sliceEndpoints: { ready: slices.filter((e) => e.ready).length, total: slices.length },
    endpoints: { ready: pods.filter((p) => p.endpoints === 'ready').length, listed: pods.filter((p) => p.endpoints === 'ready' || p.endpoints === 'notReady').length },
  };
}
