/** Reading the nftables golden dumps, and the JSON document a person reviews for each. */
import { readdirSync, readFileSync } from 'node:fs';
import type { EndpointShare, NodeRules } from '../../../src/dataplane/types.ts';
import { decodeNftables } from '../../../src/kubeproxy/nftables/decode.ts';

export const DUMPS = new URL('./dumps/', import.meta.url);

/** Every `dumps/NAME.nft`, by NAME. */
export const dumpNames = readdirSync(DUMPS)
  .filter((file) => file.endsWith('.nft'))
  .map((file) => file.slice(0, -'.nft'.length))
  .sort();

export function dumpText(name: string): string {
  return readFileSync(new URL(`${name}.nft`, DUMPS), 'utf8');
}

export function decodeDump(name: string, service?: string): NodeRules {
  return decodeNftables(dumpText(name), { node: name, source: `${name}.nft`, ...(service ? { service } : {}) });
}

/** NodeRules with shares rounded to six decimals (1/3 is 0.333333), as a golden file shows them. */
export function reviewable(rules: NodeRules): NodeRules {
  const round = (list: EndpointShare[] | null) =>
    list?.map((endpoint) => ({ ...endpoint, share: endpoint.share === null ? null : Math.round(endpoint.share * 1e6) / 1e6 })) ?? null;
  return { ...rules, services: rules.services.map((port) => ({ ...port, endpoints: round(port.endpoints), localEndpoints: round(port.localEndpoints) })) };
}
