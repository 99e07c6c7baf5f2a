/** The plugin's version; krew's manifest and `kubectl slices version` must agree with package.json. */
export const VERSION = '0.1.0';
