/**
 * Dump text quoted for a message: dump files are hostile, and warnings go to a terminal as they
 * are. A quoted excerpt is JSON-escaped (no C0 control bytes), with DEL, C1 controls and
 * bidirectional overrides escaped too, and cut to a length that keeps the message one line.
 */
const LIMIT = 48;
const UNSAFE = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function quote(text: string): string {
  const cut = text.length > LIMIT ? `${text.slice(0, LIMIT)}…` : text;
  return JSON.stringify(cut).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
