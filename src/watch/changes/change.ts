import type { Transition } from '../types.ts';

/** A transition as a diff finds it, before the reducer numbers it and measures its latency. */
export type Change = Omit<Transition, 'seq' | 'sincePodTransitionSeconds' | 'sinceSliceChangeSeconds' | 'reason' | 'viaRelist' | 'replayed'>;
