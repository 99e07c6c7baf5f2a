/**
 * `/version` and legacy discovery (`/api`, `/api/v1`, `/apis`, `/apis/<group>[/<version>]`).
 * Clients asking for aggregated discovery (`Accept: ...;as=APIGroupDiscoveryList`) get these
 * legacy documents with `Content-Type: application/json`, which client-go treats as "this server
 * has no aggregated discovery" and falls back to per-group requests.
 */
import { RESOURCES, type ResourceType } from './resources.ts';

export const SERVER_VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean', buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
};

/** The discovery document for a path, or undefined when the path is not a discovery path. */
export function discoveryDocument(path: string, serverAddress: string): object | undefined {
  const trimmed = path.replace(/\/+$/, '') || '/';
  if (trimmed === '/version') return SERVER_VERSION;
  if (trimmed === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }
  if (trimmed === '/api/v1') return resourceList('', 'v1');
  if (trimmed === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupDocument) };
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(trimmed);
  if (!m) return undefined;
  const [, group = '', version] = m;
  if (!groups().includes(group)) return undefined;
  if (version === undefined) return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group) };
  return versionsOf(group).includes(version) ? resourceList(group, version) : undefined;
}

function groups(): string[] {
  return [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))];
}

/** The versions a group serves, newest first (v1 before v1beta1): the first is the preferred one. */
function versionsOf(group: string): string[] {
  return [...new Set(RESOURCES.filter((r) => r.group === group).map((r) => r.version))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
}

function groupDocument(group: string): object {
  const versions = versionsOf(group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

function resourceList(group: string, version: string): object {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version).map(apiResource);
  const groupVersion = group === '' ? version : `${group}/${version}`;
  return group === ''
    ? { kind: 'APIResourceList', groupVersion, resources }
    : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

const CATEGORIES: Record<string, string[]> = { pods: ['all'], services: ['all'], httproutes: ['gateway-api'], grpcroutes: ['gateway-api'], referencegrants: ['gateway-api'] };

function apiResource(r: ResourceType): object {
  const doc: Record<string, unknown> = { name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames.length > 0) doc.shortNames = r.shortNames;
  const categories = CATEGORIES[r.name];
  if (categories) doc.categories = categories;
  return doc;
}
