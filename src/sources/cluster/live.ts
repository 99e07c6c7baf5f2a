/**
 * What `explain` reads from a live cluster to resolve what it was asked (cli/starts.ts
 * resolveLive): one lazy import for all of it, so that an offline `explain -f` loads none of it
 * (scripts/build-plugins.mjs, liveCodeApart).
 */
export { loadSnapshot } from './snapshot.ts';
export { fetchRoute } from './route.ts';
export { fetchServicesBySelector, fetchStart } from './start.ts';
