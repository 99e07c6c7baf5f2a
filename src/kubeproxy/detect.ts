/**
 * Which dataplane dump a text is, so that a user who passes `nft list ruleset` or `ipvsadm -Ln`
 * output to an iptables decoder is told so instead of getting an empty answer.
 */

export type DumpFormat = 'iptables' | 'nftables' | 'ipvs' | 'unknown';

/** `-A CHAIN`, `[0:0] -A`, `*nat`, `:CHAIN - [0:0]`, `COMMIT`, `-N CHAIN`, `-P INPUT ACCEPT`. */
const IPTABLES_LINE = /^(?:\[\d+:\d+\]\s*)?-[AINP]\s+\S|^\*[a-z]+\s*$|^:\S+\s+\S+|^COMMIT\s*$/;
/** `table ip kube-proxy {`, `chain services {`, `type nat hook prerouting priority dstnat; ...`. */
const NFT_LINE = /^(?:table\s+(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s*\{|chain\s+\S+\s*\{|type\s+\S+\s+hook\s)/;
/**
 * kube-proxy's transaction form (`add rule ip kube-proxy ...`, knftables objects.go writeOperation),
 * and the lines of its `nft list` output a grep keeps without their headers: DNATs, numgen maps
 * and dispatch-map elements (`10.96.0.1 . tcp . 443 : goto service-...`).
 */
const NFT_KUBE_PROXY_LINE =
  /^(?:(?:add|insert|create|flush|delete|destroy|replace) (?:table|chain|rule|set|map|element) (?:ip|ip6|inet) \S|(?:meta l4proto \S+ )?dnat (?:ip6? )?(?:addr \. port )?to \S|numgen (?:random|inc) mod \d|elements = \{|(?:\S+ \. )?(?:tcp|udp|sctp) \. \d+ (?:comment "[^"]*" )?: (?:goto|drop))/;
/** `IP Virtual Server version 1.2.1`, `Prot LocalAddress:Port Scheduler Flags`, `TCP  10.0.0.1:443 rr`, `-> 10.1.1.1:80 Masq`. */
const IPVS_LINE = /^(?:IP Virtual Server version|Prot LocalAddress:Port|(?:TCP|UDP|SCTP)\s+\S+:\d+\s+[a-z]+|->\s+\S+:\d+\s+(?:Masq|Route|Tunnel|Local))/;

/**
 * The format of `text`. Anything with one iptables line is 'iptables' (other lines become
 * warnings when decoding). A text with no line at all besides blanks, `#` comments and grep's
 * `---` separators is 'iptables' too: an empty dump, or a grep that matched nothing.
 */
export function detectDumpFormat(text: string): DumpFormat {
  if (text.slice(0, 65536).includes('\u0000')) return 'unknown';
  let nft = 0;
  let ipvs = 0;
  let other = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#') || /^-+$/.test(line)) continue;
    if (IPTABLES_LINE.test(line)) return 'iptables';
    if (NFT_LINE.test(line) || NFT_KUBE_PROXY_LINE.test(line)) nft++;
    else if (IPVS_LINE.test(line)) ipvs++;
    else other++;
  }
  if (nft > 0 && nft >= ipvs) return 'nftables';
  if (ipvs > 0) return 'ipvs';
  return other > 0 ? 'unknown' : 'iptables';
}
