/**
 * Text that came from the cluster or a file, made safe for a terminal: annotation values, event
 * messages and hook commands end up in findings, and a hostile one could carry escape sequences.
 * C0 and C1 control characters, DEL and bidirectional overrides are written as `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
