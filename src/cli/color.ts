/**
 * Whether to colour output, by kubectl-plugin convention: `--color always|never|auto`; auto means
 * a TTY and no NO_COLOR (https://no-color.org). chalk ignores NO_COLOR on its own, so this decides.
 */
import { UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';

export type ColorMode = 'auto' | 'always' | 'never';

export function parseColorMode(value: string): ColorMode {
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new UsageError(`--color must be auto, always or never (got "${value}")`);
}

export function useColor(mode: ColorMode, io: CliIO): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}
