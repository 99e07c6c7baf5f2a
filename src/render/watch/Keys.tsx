/**
 * Keyboard: q quits, space or f freezes, ctrl+c interrupts. Rendered only when stdin supports raw
 * mode: ink's useInput turns raw mode on, which throws on a stdin that is not a TTY. Any other
 * control or meta key is nothing: ink reads a NUL as ctrl+space and ctrl+f as "f" with ctrl, and a
 * terminal whose input ends (`script ... < /dev/null`) sends such bytes without anyone typing.
 */
import { useInput } from 'ink';

export interface KeysProps {
  onQuit: () => void;
  onInterrupt: () => void;
  onFreeze: () => void;
}

export function Keys({ onQuit, onInterrupt, onFreeze }: KeysProps) {
  useInput((input, key) => {
    if (key.ctrl) {
      if (input === 'c') onInterrupt();
      return;
    }
    if (key.meta) return;
    if (input === 'q') onQuit();
    else if (input === ' ' || input === 'f') onFreeze();
  });
  return null;
}
