/**
 * The lines above the Service tables of `explain ingress/NAME` or `explain httproute/NAME`: the
 * route, one row per backend with its weight and share of its rule's requests and what it
 * resolves to, then its root causes (with their fixes) and what could not be resolved.
 */
import type { RouteBackendReport, RouteDocument } from '../explain/route.ts';
import { formatShare } from '../explain/share.ts';
import { formatColumns, type Cell } from './columns.ts';
import { printableDeep } from './printable.ts';
import type { Theme } from './theme.ts';

export function routeLines(input: RouteDocument, theme: Theme): string {
  // Names, matches, notes and messages come from the route's own text: escaped before they print.
  const route = printableDeep(input);
  const lines = [`${theme.strong(`${route.kind} ${route.namespace}/${route.name}`)}${headline(route)}`];
  const rows: (string | Cell)[][] = [['RULE', 'MATCH', 'BACKEND', 'WEIGHT', 'SHARE', 'RESOLVES TO']];
  for (const rule of route.rules) {
    if (rule.backends.length === 0) rows.push([rule.name, (rule.match), '-', '-', '-', (rule.note ?? 'no backend')]);
    for (const b of rule.backends) rows.push([rule.name, (rule.match), (b.ref), b.weight === null ? '?' : String(b.weight), b.share === null ? '?' : formatShare(b.share), resolvesTo(b, theme)]);
  }
  lines.push(formatColumns(rows).trimEnd());
  if (route.findings.length > 0) {
    lines.push('Root causes:');
    for (const f of route.findings) lines.push(`  ${theme.severity(f.severity, f.severity.padEnd(8))} ${f.code}: ${f.message}`, `           fix: ${f.fix}`);
  }
  if (route.unknown.length > 0) lines.push('Unknown:', ...route.unknown.map((u) => `  ${u}`));
  return `${lines.join('\n')}\n`;
}

function headline(route: RouteDocument): string {
  const c = route.ingressClass;
  if (c) {
    const cls = c.annotation !== null ? `class ${c.annotation} (annotation kubernetes.io/ingress.class)` : c.name ? `class ${c.name}${c.source === 'default' ? ' (the default class)' : ''}` : 'no class';
    return `  ${cls}${c.controller ? `, controller ${c.controller}` : ''}`;
  }
  const parents = route.parents.map((p) => `${p.ref}${p.accepted ? ` Accepted=${p.accepted}` : ''}${p.resolvedRefs ? ` ResolvedRefs=${p.resolvedRefs}` : ''}`);
  return parents.length > 0 ? `  parents ${parents.join(', ')}` : '';
}

function resolvesTo(b: RouteBackendReport, theme: Theme): string | Cell {
  if (b.state === 'resolved' && b.servicePort) {
    const p = b.servicePort;
    return `${b.service} port ${p.port}/${p.protocol}${p.name ? ` "${(p.name)}"` : ''}`;
  }
  if (b.state === 'problem') return { text: b.finding ?? 'problem', paint: (s) => theme.bad(s) };
  return { text: 'unknown', paint: (s) => theme.muted(s) };
}
