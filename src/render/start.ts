/** The lines above the tables of `explain pod/NAME` or `explain deploy/NAME`: what was started from, and what selects it. */
import type { StartReport } from '../explain/start.ts';
import type { Theme } from './theme.ts';

export function startLines(start: StartReport, theme: Theme): string {
  const what = `${start.kind} ${start.namespace}/${start.name}`;
  const pods = start.kind === 'Pod' ? '' : `: ${start.pods.length === 1 ? '1 pod' : `${start.pods.length} pods`}${start.selector ? ` (selector ${start.selector})` : ''}`;
  const count = start.services.length;
  if (count > 0) return `${theme.strong(what)}${pods}, selected by ${count === 1 ? '1 Service' : `${count} Services`}, worst first.\n`;
  const lines = [`${theme.strong(what)}${pods}: ${theme.bad(`selected by no Service of namespace ${start.namespace}`)}${start.kind === 'Pod' || start.pods.length > 0 ? '' : ' (matched by its pod template labels)'}.`];
  if (start.nearMisses.length > 0) {
    lines.push(`Services that miss ${start.kind === 'Pod' || start.pods.length === 1 ? 'it' : 'them'} by one label:`);
    for (const m of start.nearMisses) lines.push(`  ${m.service}  selector ${m.selector}: ${m.difference}`);
  }
  return `${lines.join('\n')}\n`;
}
