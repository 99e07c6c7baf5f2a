/**
 * What the live watch follows, one informer each, as narrow as the API allows: the Service by
 * name, its slices by the service-name label, its Endpoints by name, the pods its selector picks
 * (server-side), and Warning events about pods in its namespace (the kubelet's probe failures).
 */
import { LABEL_SERVICE_NAME } from '../../../kubernetes/objects.ts';
import { paths } from '../paths.ts';
import type { InformerSpec } from './informer.ts';

export const thisService = (ns: string, name: string): InformerSpec => ({ kind: 'Service', path: paths.services(ns), fieldSelector: `metadata.name=${name}` });
export const slicesOf = (ns: string, name: string): InformerSpec => ({ kind: 'EndpointSlice', path: paths.endpointSlices(ns), labelSelector: `${LABEL_SERVICE_NAME}=${name}` });
export const endpointsOf = (ns: string, name: string): InformerSpec => ({ kind: 'Endpoints', path: paths.endpointsList(ns), fieldSelector: `metadata.name=${name}` });
export const podsMatching = (ns: string, labelSelector: string): InformerSpec => ({ kind: 'Pod', path: paths.pods(ns), labelSelector });
export const podWarnings = (ns: string): InformerSpec => ({ kind: 'Event', path: paths.events(ns), fieldSelector: 'involvedObject.kind=Pod,type=Warning' });
