/**
 * Keyboard: q quits, space or f freezes. Rendered only when stdin supports raw mode: ink's
 * useInput turns raw mode on, which throws on a stdin that is not a TTY.
 */
import { useInput } from 'ink';

export interface KeysProps {
  onQuit: () => void;
  onInterrupt: () => void;
  onFreeze: () => void;
}

export function Keys({ onQuit, onInterrupt, onFreeze }: KeysProps) {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
    else if (input === 'q') onQuit();
    else if (input === ' ' || input === 'f') onFreeze();
  });
  return null;
}
