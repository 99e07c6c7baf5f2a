/**
 * Plugin versions as krew parses them: kubernetes-sigs/krew `internal/installation/semver/version.go`
 * `Parse` requires a leading `v`, then calls k8s.io/apimachinery `pkg/util/version` `ParseSemantic`.
 */

// pkg/util/version: versionMatchRE and extraMatchRE, with Go's `.` (anything but \n) and its
// ASCII-only `\s` spelled out.
const VERSION_MATCH = /^[\t\n\f\r ]*v?([0-9]+(?:\.[0-9]+)*)([^\n]*)$/;
const EXTRA_MATCH = /^(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?[\t\n\f\r ]*$/;
const MAX_UINT64 = 18446744073709551615n;

/** Why krew's `semver.Parse` rejects `version`, or undefined when it accepts it. */
export function krewSemverError(version: string): string | undefined {
  if (!version.startsWith('v')) return `version string ${JSON.stringify(version)} not starting with 'v'`;
  const parts = VERSION_MATCH.exec(version);
  if (!parts) return `could not parse ${JSON.stringify(version)} as version`;
  const [, numbers = '', extra = ''] = parts;
  const components = numbers.split('.');
  if (components.length !== 3) return `illegal version string ${JSON.stringify(version)}`;
  // ParseSemantic: no component may have a leading zero; ParseUint(…, 10, 0) bounds them to uint64.
  const bad = components.find((c) => (c.startsWith('0') && c !== '0') || BigInt(c) > MAX_UINT64);
  if (bad !== undefined) return `illegal version component ${JSON.stringify(bad)} in ${JSON.stringify(version)}`;
  if (extra === '') return undefined;
  const extraParts = EXTRA_MATCH.exec(extra);
  if (!extraParts) return `could not parse pre-release/metadata (${extra}) in version ${JSON.stringify(version)}`;
  const preRelease = (extraParts[1] ?? '').split('.');
  const zeroPrefixed = preRelease.find((c) => /^[0-9]+$/.test(c) && c.startsWith('0') && c !== '0');
  if (zeroPrefixed !== undefined) return `illegal zero-prefixed version component ${JSON.stringify(zeroPrefixed)} in ${JSON.stringify(version)}`;
  return undefined;
}
