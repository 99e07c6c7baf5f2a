/** `--for 30s`, `--for 2m`, `--for 1m30s`, `--for 500ms`, or bare seconds: a Go-style duration, in ms. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const terms = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (terms.length === 0 || terms.map((t) => t[0]).join('') !== value) return null;
  return terms.reduce((sum, t) => sum + Number(t[1]) * (UNIT_MS[t[2] ?? ''] ?? Number.NaN), 0);
}
