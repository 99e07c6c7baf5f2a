/**
 * The table a person reads in an incident: the Service in one line, one row per pod with its
 * verdict and the state of every link, the chain of each pod that gets no traffic, then findings.
 */
import Table from 'cli-table3';
import type { DataplaneReport, EndpointReport, Explanation, PodReport, ServiceReport } from '../explain/types.ts';
import { formatShare } from '../explain/share.ts';
import type { Theme } from './theme.ts';

export interface TableOptions {
  wide: boolean;
  theme: Theme;
}

const VERDICT_LABEL = { receives: 'receives', fallback: 'fallback', partial: 'partial', none: 'NO TRAFFIC', stale: 'STALE RULE', unknown: 'unknown' } as const;

export function renderTable(explanation: Explanation, options: TableOptions): string {
  const { theme } = options;
  const sections = [serviceLine(explanation.service, theme), summaryLine(explanation, theme)];
  if (explanation.pods.length > 0) sections.push(podTable(explanation, options));
  const chains = explanation.pods.filter((p) => !p.receivesTraffic || p.verdict === 'partial');
  if (chains.length > 0) {
    sections.push(['Why not:', ...chains.map((p) => `  ${theme.strong(p.shortName)}: ${p.reasons.map((r) => r.message).join(' -> ') || 'no reason found'}`)].join('\n'));
  }
  if (explanation.endpointsWithoutPods.length > 0) sections.push(orphanLines(explanation));
  if (explanation.findings.length > 0) {
    sections.push(['Findings:', ...explanation.findings.map((f) => `  ${theme.severity(f.severity, f.severity.padEnd(8))} ${f.code}: ${f.message}`)].join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}

function serviceLine(service: ServiceReport, theme: Theme): string {
  const ips = service.headless ? 'clusterIP None' : service.clusterIPs.join(',') || '-';
  const ports = service.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}->${p.targetPort}${p.nodePort ? ` node:${p.nodePort}` : ''}`).join(', ');
  const selector = service.selector ? Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
  const policies = [
    service.externalTrafficPolicy === 'Local' ? 'externalTrafficPolicy=Local' : '',
    service.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy=Local' : '',
    service.publishNotReadyAddresses ? 'publishNotReadyAddresses' : '',
  ].filter(Boolean);
  return `${theme.strong(`Service ${service.namespace}/${service.name}`)}  ${service.type} ${ips}  ports ${ports || '<none>'}  selector ${selector}${policies.length ? `  ${policies.join(' ')}` : ''}`;
}

function summaryLine(explanation: Explanation, theme: Theme): string {
  const { pods, receiving } = explanation.summary;
  if (pods === 0) return theme.muted('No pods.');
  const text = `${receiving} of ${pods} pod${pods === 1 ? '' : 's'} receive${pods === 1 ? 's' : ''} traffic.`;
  return receiving === pods ? theme.ok(text) : receiving === 0 ? theme.bad(text) : theme.warn(text);
}

function podTable(explanation: Explanation, { wide, theme }: TableOptions): string {
  const nodes = explanation.nodes;
  const head = ['POD', 'VERDICT', 'READY', 'SLICE', 'ENDPOINTS', ...nodes.map((n) => n.toUpperCase())];
  if (wide) head.push('IP', 'NODE', 'ZONE', 'SLICE NAME', 'TARGET PORTS');
  const table = plainTable(head);
  for (const pod of explanation.pods) {
    const row = [
      wide ? pod.name : pod.shortName,
      theme.verdict(pod.verdict, VERDICT_LABEL[pod.verdict]),
      pod.ready ?? '-',
      sliceCell(pod),
      pod.endpoints,
      ...nodes.map((node) => dataplaneCell(pod.dataplane.filter((d) => d.node === node))),
    ];
    if (wide) row.push(pod.ips.join(',') || '-', pod.node ?? '-', pod.zone ?? '-', [...new Set(pod.endpointSlices.map((e) => e.slice))].join(',') || '-', targetPorts(pod));
    table.push(row);
  }
  // cli-table3 pads the last column too; kubectl's tables have no trailing blanks.
  return table.toString().replace(/ +$/gm, '');
}

/** A borderless table shaped like kubectl's own output. */
function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '   ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
}

function sliceCell(pod: PodReport): string {
  if (pod.endpointSlices.length === 0) return 'absent';
  return [...new Set(pod.endpointSlices.map(conditions))].join(',');
}

function conditions(e: EndpointReport): string {
  if (e.ready) return e.terminating ? 'ready,terminating' : 'ready';
  if (e.serving) return e.terminating ? 'serving,terminating' : 'serving';
  return e.terminating ? 'terminating' : 'not-ready';
}

function dataplaneCell(rows: DataplaneReport[]): string {
  if (rows.length === 0) return '-';
  const cells = rows.map((d) => {
    if (d.rule === 'unknown') return '?';
    if (d.rule === 'absent') return 'no rule';
    const local = d.localShare === null ? '' : `local ${formatShare(d.localShare)}`;
    const cluster = d.share === null ? '' : formatShare(d.share);
    return [cluster, local].filter(Boolean).join(' ') || 'rule';
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
