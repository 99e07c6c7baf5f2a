/**
 * The watch screen: header, pod table, timeline. It reads the session's state on every change
 * and draws it whole (nothing is patched by hand); freezing keeps the state of that moment on
 * screen while the session goes on underneath.
 */
import { Box, Text, useStdin, useWindowSize } from 'ink';
import { useCallback, useState, useSyncExternalStore } from 'react';
import { EXIT_INTERRUPTED } from '../../failures.ts';
import type { WatchSession } from '../../watch/session.ts';
import type { WatchState } from '../../watch/state.ts';
import { printable } from '../printable.ts';
import { headerLines } from './headerText.ts';
import { Keys } from './Keys.tsx';
import { Line } from './Line.tsx';
import { PodTable } from './PodTable.tsx';
import { Timeline } from './Timeline.tsx';
import { toneProps } from './tones.ts';

export interface WatchAppProps {
  session: WatchSession;
  color: boolean;
  /** Override the terminal size (tests; ink-testing-library's stdout is always 100 columns). */
  columns?: number;
  rows?: number;
  mode?: string;
}

const HEADER_ROWS = 3;

export function WatchApp({ session, color, columns, rows, mode }: WatchAppProps) {
  const live = useSyncExternalStore(session.subscribe, session.getState);
  const [frozen, setFrozen] = useState<WatchState | null>(null);
  const size = useWindowSize();
  const { isRawModeSupported } = useStdin();
  const width = columns ?? size.columns;
  const height = rows ?? size.rows;
  const shown = frozen ?? live;
  const toggleFreeze = useCallback(() => setFrozen((f) => (f ? null : session.state)), [session]);
  const frozenInfo = frozen ? { at: frozen.now, newTransitions: live.counts.transitions - frozen.counts.transitions } : null;
  const explanation = shown.explanation;
  // Stay below the terminal's height (a taller frame makes ink clear the screen on every redraw):
  // header, blank, table title + pod lines, blank, timeline title + lines, and the cursor's line.
  const podLines = Math.max(2, Math.min(explanation?.pods.length ?? 1, height - HEADER_ROWS - 10));
  const timelineLines = Math.max(3, height - HEADER_ROWS - podLines - 5);
  return (
    <Box flexDirection="column" width={width}>
      {headerLines(shown, { frozen: frozenInfo, keys: isRawModeSupported, mode }).map((segments, i) => (
        <Line key={i} segments={segments} color={color} />
      ))}
      <Box marginTop={1}>
        {explanation ? (
          <PodTable explanation={explanation} width={width} maxLines={podLines} color={color} />
        ) : (
          <Text {...toneProps('muted', color)}>{printable(shown.problem ?? 'waiting for the Service')}</Text>
        )}
      </Box>
      <Box marginTop={1}>
        <Timeline entries={shown.timeline} service={shown.target.name} explanation={explanation} maxLines={timelineLines} color={color} />
      </Box>
      {isRawModeSupported && (
        <Keys onQuit={() => session.end(0, 'quit')} onInterrupt={() => session.end(EXIT_INTERRUPTED, 'interrupted')} onFreeze={toggleFreeze} />
      )}
    </Box>
  );
}
