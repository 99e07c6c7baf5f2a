/** The plugin's version; krew's manifest and `kubectl slices version` must agree with package.json. */
export const VERSION = '0.1.0';

/** What `version` and `--version` print (one line, no newline): the plugin's version and the Node it runs on. */
export function versionLine(): string {
  return `kubectl-slices ${VERSION} (node ${process.versions.node})`;
}
