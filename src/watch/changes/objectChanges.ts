/** The transitions between two versions of one object, whatever its kind (Service, Node and Event changes are not transitions). */
import type { EndpointSlice, Endpoints, KubeObject, Pod } from '../../kubernetes/objects.ts';
import type { WatchKind } from '../types.ts';
import type { Change } from './change.ts';
import { endpointsChanges } from './endpointsChanges.ts';
import { podChanges } from './podChanges.ts';
import { sliceChanges } from './sliceChanges.ts';

export function objectChanges(kind: WatchKind, prev: KubeObject | undefined, next: KubeObject | undefined, at: number): Change[] {
  if (prev === next) return [];
  switch (kind) {
    case 'Pod':
      return podChanges(prev as Pod | undefined, next as Pod | undefined, at);
    case 'EndpointSlice':
      return sliceChanges(prev as EndpointSlice | undefined, next as EndpointSlice | undefined, at);
    case 'Endpoints':
      return endpointsChanges(prev as Endpoints | undefined, next as Endpoints | undefined, at);
    default:
      return [];
  }
}
