/**
 * The table a person reads in an incident: the Service in one line, one row per pod with its
 * verdict and the state of every link, the chain of each pod that gets no traffic, then findings.
 */
import type { DataplaneReport, Explanation, PodReport, ServiceReport } from '../explain/types.ts';
import { COLUMN_TAG, decidesByLoad } from '../dataplane/words.ts';
import { formatShare } from '../explain/share.ts';
import { knownNotReceiving } from '../explain/summary.ts';
import { formatSelector } from '../kubernetes/labels.ts';
import { formatColumns, type Cell } from './columns.ts';
import { findingLines, terminationSection } from './termination.ts';
import type { Theme } from './theme.ts';
import { printableDeep } from './printable.ts';
import { sliceConditions, VERDICT_LABEL } from './vocabulary.ts';

export interface TableOptions {
  wide: boolean;
  theme: Theme;
  /** --no-headers: the pod rows alone, for scripts (no Service line, column names, chains or findings). */
  noHeaders?: boolean;
}

export function renderTable(input: Explanation, options: TableOptions): string {
  // Cluster text (messages, names, commands) never reaches the terminal with its control bytes.
  const explanation = printableDeep(input);
  const { theme } = options;
  if (options.noHeaders) return explanation.pods.length > 0 ? `${podTable(explanation, options)}\n` : '';
  const sections = [serviceLine(explanation.service, theme), summaryLine(explanation, theme)];
  if (explanation.pods.length > 0) sections.push(podTable(explanation, options));
  const chains = explanation.pods.filter(knownNotReceiving);
  if (chains.length > 0) sections.push(['Why not:', ...chains.map((p) => `  ${theme.strong(p.shortName)}: ${chainLine(p)}`)].join('\n'));
  const unknown = explanation.pods.filter((p) => p.verdict === 'unknown');
  if (unknown.length > 0) sections.push(['Unknown:', ...unknown.map((p) => `  ${theme.strong(p.shortName)}: ${chainLine(p)}`)].join('\n'));
  const notReady = new Set(explanation.summary.receivingNotReady);
  const despite = explanation.pods.filter((p) => notReady.has(p.name));
  if (despite.length > 0) sections.push(['Receives although not Ready:', ...despite.map((p) => `  ${theme.strong(p.shortName)}: ${chainLine(p)}`)].join('\n'));
  if (explanation.endpointsWithoutPods.length > 0) sections.push(orphanLines(explanation));
  if (explanation.findings.length > 0) sections.push(['Findings:', ...explanation.findings.flatMap((f) => findingLines(f, options.wide, theme))].join('\n'));
  const termination = terminationSection(explanation, theme);
  if (termination) sections.push(termination);
  return `${sections.join('\n\n')}\n`;
}

/** `jl97z: readiness probe "cat /tmp/healthy" failing -> Ready=False -> ready=false in slice ... -> no KUBE-SEP rule on minikube`. */
export function chainLine(pod: PodReport): string {
  const links = pod.reasons.filter((r) => r.link).map((r) => r.message);
  return links.join(' -> ') || 'no reason found';
}

function serviceLine(service: ServiceReport, theme: Theme): string {
  const ips = service.headless ? 'clusterIP None' : service.clusterIPs.join(',') || '-';
  const ports = service.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}->${p.targetPort}${p.nodePort ? ` node:${p.nodePort}` : ''}`).join(', ');
  const selector = service.selector ? formatSelector(service.selector) : '<none>';
  const policies = [
    service.externalTrafficPolicy === 'Local' ? 'externalTrafficPolicy=Local' : '',
    service.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy=Local' : '',
    service.publishNotReadyAddresses ? 'publishNotReadyAddresses' : '',
  ].filter(Boolean);
  return `${theme.strong(`Service ${service.namespace}/${service.name}`)}  ${service.type} ${ips}  ports ${ports || '<none>'}  selector ${selector}${policies.length ? `  ${policies.join(' ')}` : ''}`;
}

/**
 * `2 of 3 pods receive traffic, 1 unknown: EndpointSlices not in the input files.`: the known
 * counts, then what is unknown and why, then what only stale rules still reach.
 */
function summaryLine(explanation: Explanation, theme: Theme): string {
  const { pods, receiving, partial, fallback, unknown, unknownBecause, staleRules } = explanation.summary;
  if (pods === 0) return unknownBecause.length > 0 ? theme.warn(`No pods known: ${unknownBecause.join('; ')}.`) : theme.muted('No pods.');
  if (unknown === pods) {
    const theyReceive = pods === 1 ? 'it receives' : 'they receive';
    return theme.warn(`${pods} pod${pods === 1 ? '' : 's'}; whether ${theyReceive} traffic is unknown: ${unknownBecause.join('; ')}.${staleLine(explanation)}`);
  }
  const only = fallback > 0 ? ` (${fallback} terminating, used only as the fallback)` : '';
  const unknownText = unknown > 0 ? `, ${unknown} unknown: ${unknownBecause.join('; ')}` : '';
  const some = partial > 0 ? ` ${partial} more only from some nodes, on some ports or in one IP family.` : '';
  const text = `${receiving} of ${pods} pod${pods === 1 ? '' : 's'} receive${pods === 1 ? 's' : ''} traffic${only}${unknownText}.${some}${staleLine(explanation)}`;
  if (receiving === pods && fallback === 0 && staleRules.length === 0) return theme.ok(text);
  return receiving + partial + unknown === 0 ? theme.bad(text) : theme.warn(text);
}

/** ` Stale rules still send new connections to 1 pod the slices do not route: x2fzk (33.3% on kind-worker).` */
function staleLine({ summary, pods: reports }: Explanation): string {
  const targets = summary.staleRules;
  if (targets.length === 0) return '';
  const shortName = (name: string) => reports.find((p) => p.name === name)?.shortName ?? name;
  const pods = targets.filter((t) => t.kind === 'pod').length;
  const addresses = targets.length - pods;
  const whom = [
    pods > 0 ? `${pods} pod${pods === 1 ? '' : 's'} the slices do not route` : '',
    addresses > 0 ? `${addresses} address${addresses === 1 ? '' : 'es'} without a pod` : '',
  ].filter(Boolean).join(' and ');
  const list = targets.map((t) => `${t.kind === 'pod' ? shortName(t.target) : t.target} (${t.nodes.map((n) => `${n.share === null ? 'a share' : formatShare(n.share)} on ${n.node}`).join(', ')})`);
  return ` Stale rules still send new connections to ${whom}: ${list.join('; ')}.`;
}

function podTable(explanation: Explanation, { wide, theme, noHeaders }: TableOptions): string {
  const columns = dumpColumns(explanation.pods);
  const head = ['POD', 'VERDICT', 'READY', 'SLICE', 'ENDPOINTS', ...columns.map((c) => c.title)];
  if (wide) head.push('IP', 'NODE', 'ZONE', 'SLICE NAME', 'TARGET PORTS');
  const rows: (string | Cell)[][] = [head];
  for (const pod of explanation.pods) {
    const row: (string | Cell)[] = [
      wide ? pod.name : pod.shortName,
      { text: VERDICT_LABEL[pod.verdict], paint: (s) => theme.verdict(pod.verdict, s) },
      pod.ready ?? '-',
      sliceConditions(pod),
      pod.endpoints,
      ...columns.map((c) => dataplaneCell(pod.dataplane.filter((d) => d.node === c.node && d.family === c.family))),
    ];
    if (wide) row.push(pod.ips.join(',') || '-', pod.node ?? '-', pod.zone ?? '-', [...new Set(pod.endpointSlices.map((e) => e.slice))].join(',') || '-', targetPorts(pod));
    rows.push(row);
  }
  return formatColumns(noHeaders ? rows.slice(1) : rows).trimEnd();
}

interface DumpColumn {
  node: string;
  family: DataplaneReport['family'];
  title: string;
}

/**
 * One column per node dump. A node given twice (iptables-save and ip6tables-save of a dual-stack
 * node, or an `nft list ruleset` with both families) gets a column per family; long cloud node
 * names are cut to their first DNS label. A column read from another dataplane than kube-proxy's
 * default iptables mode says which: `NODE-A (nft)`, `(ipvs)`, `(cilium)`.
 */
function dumpColumns(pods: PodReport[]): DumpColumn[] {
  const columns: DumpColumn[] = [];
  const reports = pods.flatMap((p) => p.dataplane);
  for (const d of reports) {
    if (!columns.some((c) => c.node === d.node && c.family === d.family)) columns.push({ node: d.node, family: d.family, title: '' });
  }
  for (const c of columns) {
    const twice = columns.filter((o) => o.node === c.node).length > 1;
    const mine = reports.filter((d) => d.node === c.node && d.family === c.family);
    const dataplane = (mine.find((d) => d.rule !== 'unknown') ?? mine[0])?.dataplane ?? 'iptables';
    const tag = COLUMN_TAG[dataplane];
    c.title = `${(c.node.split('.')[0] ?? c.node).toUpperCase()}${twice && c.family ? ` ${c.family}` : ''}${tag ? ` (${tag})` : ''}`;
  }
  return columns;
}

/**
 * A share, `local` and the Local-policy share, `no rule`, `?`; what holds a listed pod back
 * (`maintenance`, `weight 0`); `rule (lc)` where the IPVS scheduler decides the share by load.
 */
function dataplaneCell(rows: DataplaneReport[]): string {
  if (rows.length === 0) return '-';
  const cells = rows.map((d) => {
    if (d.rule === 'unknown') return '?';
    if (d.rule === 'absent') return 'no rule';
    if (d.state !== undefined) return d.state;
    const local = d.localShare === null ? '' : `local ${formatShare(d.localShare)}`;
    const cluster = d.share === null ? '' : formatShare(d.share);
    const byLoad = d.share === null && d.localShare === null && decidesByLoad(d.scheduler) ? ` (${d.scheduler ?? ''})` : '';
    return [cluster, local].filter(Boolean).join(' ') || `rule${byLoad}`;
  });
  const distinct = [...new Set(cells)];
  if (distinct.length === 1) return distinct[0] ?? '-';
  return rows.map((d, i) => `${d.servicePort} ${cells[i]}`).join(', ');
}

function targetPorts(pod: PodReport): string {
  return pod.ports.map((p) => `${p.servicePort}->${p.targetPort ?? 'none'}`).join(',');
}

function orphanLines(explanation: Explanation): string {
  const lines = explanation.endpointsWithoutPods.map((o) => {
    const host = o.address.includes(':') ? `[${o.address}]` : o.address;
    const address = o.port === null ? o.address : `${host}:${o.port}`;
    const why = o.reasons.map((r) => r.message).join('; ');
    return `  ${address}  seen in ${o.seenIn.join(', ')}${o.targetRef ? `  targetRef ${o.targetRef}` : ''}${why ? `: ${why}` : ''}`;
  });
  return ['Endpoints without pods:', ...lines].join('\n');
}
