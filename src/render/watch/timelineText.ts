/**
 * One timeline line per entry, as plain segments with tones (the screen colours them). Changes
 * of one object and address at one moment share a line: `slice wscv5 endpoint 10.244.0.8
 * ready=false serving=false (+3.1s)`.
 */
import type { Explanation } from '../../explain/types.ts';
import type { TimelineEntry, Transition } from '../../watch/types.ts';
import { clockTime, seconds } from './clock.ts';
import { shortPod, shortSlice } from './names.ts';
import type { Tone } from '../vocabulary.ts';

export interface Segment {
  text: string;
  tone: Tone;
}

export interface TimelineLine {
  segments: Segment[];
}

export interface LineContext {
  service: string;
  explanation: Explanation | null;
}

export function timelineLines(entries: readonly TimelineEntry[], ctx: LineContext): TimelineLine[] {
  const lines: TimelineLine[] = [];
  let group: Transition[] = [];
  const flush = () => {
    if (group.length > 0) lines.push(transitionLine(group, ctx));
    group = [];
  };
  for (const entry of entries) {
    if (entry.type === 'transition') {
      const t = entry.transition;
      const first = group[0];
      if (first && (t.source === 'pod' || first.at !== t.at || first.object !== t.object || first.address !== t.address)) flush();
      group.push(t);
      continue;
    }
    flush();
    lines.push(otherLine(entry, ctx));
  }
  flush();
  return lines;
}

function transitionLine(group: Transition[], ctx: LineContext): TimelineLine {
  const first = group[0] as Transition;
  const time: Segment = { text: clockTime(first.at), tone: 'muted' };
  const latency = latencySegment(first);
  if (first.source === 'pod') return { segments: [time, ...podSegments(first, ctx)] };
  if (first.source === 'dataplane') return { segments: [time, ...ruleSegments(first)] };
  if (first.source === 'endpointslice') {
    const what = `slice ${shortSlice(first.object.slice('endpointslice/'.length), ctx.service)} endpoint ${first.address ?? '?'}`;
    const exists = group.find((t) => t.field === 'exists');
    const change = exists ? (exists.to ? 'added' : 'removed') : group.map((t) => `${t.field}=${String(t.to)}`).join(' ');
    const tone: Tone = exists ? (exists.to ? 'ok' : 'warn') : group.some((t) => t.field === 'ready' && t.to === false) ? 'bad' : group.some((t) => t.field === 'ready') ? 'ok' : 'warn';
    return { segments: [time, { text: ` ${what} `, tone: 'plain' }, { text: change, tone }, ...latency] };
  }
  return { segments: [time, { text: ' Endpoints ', tone: 'plain' }, ...endpointsSegments(first), ...latency] };
}

function podSegments(t: Transition, ctx: LineContext): Segment[] {
  const name = ` pod ${shortPod(t.pod ?? '', ctx.explanation)} `;
  if (t.field === 'exists') return [{ text: name, tone: 'plain' }, { text: t.to ? 'added' : 'deleted', tone: t.to ? 'ok' : 'warn' }];
  if (t.field === 'terminating') return [{ text: name, tone: 'plain' }, { text: t.to ? 'terminating' : 'no longer terminating', tone: 'warn' }];
  if (t.field === 'gate' || t.field === 'ContainersReady') {
    const what = t.field === 'gate' ? `gate ${t.gate ?? '?'}` : 'ContainersReady';
    return [{ text: name, tone: 'plain' }, { text: `${what}=${t.to ?? 'none'}`, tone: t.to === 'True' ? 'ok' : 'warn' }];
  }
  const segments: Segment[] = [{ text: name, tone: 'plain' }, { text: `Ready=${t.to ?? 'none'}`, tone: t.to === 'True' ? 'ok' : 'bad' }];
  if (t.reason) segments.push({ text: ` (${t.reason})`, tone: 'muted' });
  if (t.viaRelist) segments.push({ text: ' (seen on relist)', tone: 'muted' });
  if (t.replayed) segments.push({ text: ' (replayed after a reconnect)', tone: 'muted' });
  return segments;
}

/** `rule for 10.244.0.8 removed on minikube (+1.9s after the slice change)`. */
function ruleSegments(t: Transition): Segment[] {
  const removed = t.to === 'absent';
  const node = t.object.slice('node/'.length);
  const since = typeof t.sinceSliceChangeSeconds === 'number' ? [{ text: ` (+${seconds(t.sinceSliceChangeSeconds)} after the slice change)`, tone: 'accent' as Tone }] : [];
  return [{ text: ` rule for ${t.address ?? '?'} `, tone: 'plain' }, { text: removed ? 'removed' : 'added', tone: removed ? 'warn' : 'ok' }, { text: ` on ${node}`, tone: 'plain' }, ...since];
}

function endpointsSegments(t: Transition): Segment[] {
  const address = t.address ?? '?';
  if (t.to === 'absent') return [{ text: `removed ${address}`, tone: 'warn' }, { text: ` (was in ${String(t.from)})`, tone: 'muted' }];
  const verb = t.from === 'absent' ? 'added' : 'moved';
  return [{ text: `${verb} ${address} to `, tone: 'plain' }, { text: String(t.to), tone: t.to === 'addresses' ? 'ok' : 'bad' }];
}

function latencySegment(t: Transition): Segment[] {
  if (t.viaRelist) return [{ text: ' (seen on relist)', tone: 'muted' }];
  if (t.replayed) return [{ text: ' (replayed after a reconnect)', tone: 'muted' }];
  const s = t.sincePodTransitionSeconds;
  return typeof s === 'number' ? [{ text: ` (+${seconds(s)})`, tone: 'accent' }] : [];
}

function otherLine(entry: Exclude<TimelineEntry, { type: 'transition' }>, ctx: LineContext): TimelineLine {
  const time: Segment = { text: clockTime(entry.at), tone: 'muted' };
  switch (entry.type) {
    case 'note':
      return { segments: [time, { text: ` ${entry.text}`, tone: 'accent' }] };
    case 'event': {
      // The count first: the message is long and gets cut at the edge.
      const count = entry.count > 1 ? ` (x${entry.count})` : '';
      const again = entry.replayed ? ' (seen again)' : '';
      return { segments: [time, { text: ` event ${shortPod(entry.pod, ctx.explanation)} ${entry.reason}${count}${again}: `, tone: 'muted' }, { text: entry.message, tone: 'warn' }] };
    }
    case 'connection': {
      const tone: Tone = entry.state === 'connected' ? 'ok' : entry.state === 'failed' ? 'bad' : 'warn';
      return { segments: [time, { text: ` watch ${entry.kind} `, tone: 'muted' }, { text: entry.state, tone }, { text: entry.detail ? `: ${entry.detail}` : '', tone: 'muted' }] };
    }
  }
}

export function lineText(line: TimelineLine): string {
  return line.segments.map((s) => s.text).join('');
}
