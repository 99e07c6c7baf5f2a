/**
 * The header: which Service, how many pods receive traffic, what the slices and Endpoints say,
 * and whether the watch is healthy (a reconnect or a stall is always shown, never silent).
 */
import type { Explanation } from '../../explain/types.ts';
import { formatSelector } from '../../kubernetes/labels.ts';
import type { ConnectionStatus, WatchState } from '../../watch/state.ts';
import { fullySynced } from '../../watch/state.ts';
import { clockTime, elapsed } from './clock.ts';
import type { Segment } from './timelineText.ts';

export interface HeaderContext {
  /** Set while the screen is frozen: when it froze, and how many transitions arrived since. */
  frozen: { at: number; newTransitions: number } | null;
  /** Key hints, only when keys work (a TTY stdin). */
  keys: boolean;
  /** "demo" for the simulated drill. */
  mode?: string;
}

export function headerLines(state: WatchState, ctx: HeaderContext): Segment[][] {
  const { target, explanation } = state;
  const title: Segment[] = [{ text: `Service ${target.namespace}/${target.name}`, tone: 'strong' }];
  if (ctx.mode) title.push({ text: `  ${ctx.mode}`, tone: 'accent' });
  if (explanation) title.push({ text: `  ${serviceFacts(explanation)}`, tone: 'muted' });
  return [title, countsLine(state), statusLine(state, ctx)];
}

function serviceFacts(e: Explanation): string {
  const s = e.service;
  const ip = s.headless ? 'headless' : (s.clusterIPs[0] ?? '-');
  return `${s.type} ${ip}  selector ${s.selector ? formatSelector(s.selector) : '<none>'}`;
}

function countsLine(state: WatchState): Segment[] {
  const e = state.explanation;
  if (!e) return [{ text: state.problem ?? 'waiting for the Service', tone: state.problem && state.synced.has('Service') ? 'bad' : 'muted' }];
  const { pods, receiving, notReceiving, unknown } = e.summary;
  // Unknown is neither receiving nor not (explain/summary.ts): said apart, never painted as an outage.
  const tone = notReceiving > 0 ? (receiving === 0 ? 'bad' : 'warn') : unknown > 0 ? 'muted' : pods === 0 ? 'bad' : 'ok';
  const { sliceEndpoints: slices, endpoints } = e.summary;
  return [
    { text: `${receiving}/${pods} pods receive traffic${unknown > 0 ? `, ${unknown} unknown` : ''}`, tone },
    { text: `   slice endpoints ${slices.ready}/${slices.total} ready`, tone: slices.ready === slices.total ? 'plain' : 'warn' },
    { text: `   Endpoints ${endpoints.ready}/${endpoints.listed} ready`, tone: endpoints.ready === endpoints.listed ? 'plain' : 'warn' },
  ];
}

function statusLine(state: WatchState, ctx: HeaderContext): Segment[] {
  const segments: Segment[] = [];
  if (ctx.frozen) segments.push({ text: `FROZEN at ${clockTime(ctx.frozen.at)} (+${ctx.frozen.newTransitions} new)`, tone: 'warn' }, { text: '  ', tone: 'plain' });
  segments.push(connectionSegment(state, ctx.mode));
  const since = state.startedAt === null ? '' : `  ${elapsed(state.now - state.startedAt)}`;
  segments.push({ text: `${since}  ${state.counts.transitions} transitions`, tone: 'muted' });
  if (state.counts.reconnects > 0 || state.counts.relists > 0) segments.push({ text: `  ${state.counts.reconnects} reconnects, ${state.counts.relists} relists`, tone: 'muted' });
  if (ctx.keys) segments.push({ text: `   q quit  space ${ctx.frozen ? 'resume' : 'freeze'}`, tone: 'muted' });
  return segments;
}

function connectionSegment(state: WatchState, mode: string | undefined): Segment {
  const troubled = [...state.connections].filter(([, c]) => c.state !== 'connected');
  const worst = troubled.find(([, c]) => c.state === 'failed') ?? troubled.find(([, c]) => c.state === 'reconnecting') ?? troubled[0];
  if (worst) return describe(worst[0], worst[1], state.now);
  if (!fullySynced(state)) return { text: 'listing...', tone: 'muted' };
  return { text: mode === 'demo' ? 'simulated' : 'watching', tone: 'ok' };
}

function describe(kind: string, c: ConnectionStatus, now: number): Segment {
  const detail = c.detail ? `: ${c.detail}` : '';
  const tone = c.state === 'connecting' ? 'muted' : c.state === 'failed' ? 'bad' : 'warn';
  return { text: `${c.state} ${kind} watch${detail} (${elapsed(now - c.since)})`, tone };
}
