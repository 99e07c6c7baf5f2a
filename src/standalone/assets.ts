/**
 * How the standalone executable names the bundle it carries. Shared by the executable's entry
 * point and the release script that writes the SEA configuration.
 */

/** Asset name of the trampoline module, entered with require(esm); it must have no top-level await. */
export const TRAMPOLINE = 'sea-entry.mjs';

/** The trampoline's source: it starts the bundle's real entry, which does use top-level await. */
export const TRAMPOLINE_SOURCE = "export const start = () => import('./kubectl-slices.mjs');\n";
