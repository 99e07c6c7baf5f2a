/**
 * Hostile text for the property tests: the escape sequences a cluster object or a file can carry
 * to attack the terminal that prints it (CVE-2021-25743's class), mixed with arbitrary code units.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** Each one does something to a terminal, or to the way a line reads, when emitted raw. */
export const ATTACKS = [
  '\u001b]52;c;aGFja2Vk\u0007', // OSC 52: write the clipboard
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // OSC 8: a hyperlink
  '\u001b[2J\u001b[H', // clear the screen, cursor home
  '\u009b2J', // the same with an 8-bit CSI
  '\u001b[31;1mFAKE\u001b[0m', // SGR: text in colours we did not choose
  '\u001bP+q544e\u001b\\', // DCS: a terminfo query
  '\u001b_payload\u001b\\', // APC
  '\u001b^pm\u001b\\', // PM
  '\u001bXsos\u001b\\', // SOS
  '\u202eevil\u202c', // right-to-left override
  '\u2066isolate\u2069', // bidi isolate
  '\u0007', // bell
  '\r', // carriage return: overwrite the line
  '\u0000',
  '\u007f',
  '\u0085', // NEL, a C1 control
];

/** A string that holds at least one attack, and maybe arbitrary code units around it. */
export const hostileText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...ATTACKS), fc.string({ unit: 'binary', maxLength: 6 }))
  .map(([before, attack, after]) => `${before}${attack}${after}`);

/** Characters that must never reach a terminal from input: ESC, 8-bit CSI, BEL, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u001b\u009b\u0007\u202a-\u202e\u2066-\u2069]/;

/** Fails when `output` carries any forbidden character (`allowed`: our own SGR codes, removed first). */
export function assertSafe(output: string, what: string, allowed: readonly string[] = []): void {
  let text = output;
  for (const sgr of allowed) text = text.split(sgr).join('');
  const found = FORBIDDEN.exec(text);
  assert.equal(found, null, `${what}: emitted U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found?.index}: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 20), (found?.index ?? 0) + 20))}`);
}

/** Fixed seeds and bounded runs: the suite is deterministic and fast on a loaded machine. */
export const PROPERTY_RUNS = { seed: 1013, numRuns: 40 } as const;
