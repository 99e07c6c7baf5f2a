/**
 * `-o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE`, as kubectl's
 * CustomColumnsPrinter (kubectl/pkg/cmd/get/customcolumn.go): each PATH is a relaxed JSONPath
 * (`.a.b`, `a.b`, `{.a.b}`, `{a.b}`), evaluated on every row with missing keys allowed; several
 * values join with `,`, none prints `<none>`, a value prints as Go's fmt.Sprint prints it
 * (`map[k:v]`, `[a b]`).
 */
import { JsonPath, JsonPathSyntaxError } from '../jsonpath/template.ts';
import { goSprint } from '../jsonpath/values.ts';
import { formatColumns } from '../columns.ts';
import { OutputFormError } from './form.ts';

export interface Column {
  header: string;
  path: JsonPath;
}

/** customcolumn.go RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}`, `{.a.b}` all mean `{.a.b}`. */
export function relaxedJsonPath(expression: string): string {
  if (expression === '') return expression;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m) throw new OutputFormError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}

export function compileRelaxed(expression: string): JsonPath {
  const template = relaxedJsonPath(expression);
  try {
    return new JsonPath(template);
  } catch (err) {
    if (err instanceof JsonPathSyntaxError) throw new OutputFormError(`error parsing jsonpath ${template}, ${err.message}`);
    throw err;
  }
}

/** NewCustomColumnsPrinterFromSpec: `HEADER:PATH` pairs, comma separated. */
export function parseColumnsSpec(spec: string): Column[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new OutputFormError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: compileRelaxed(part.slice(colon + 1)) };
  });
}

/** NewCustomColumnsPrinterFromTemplate: a line of headers, a line of paths, whitespace separated. */
export function parseColumnsFile(text: string): Column[] {
  const lines = text.split(/\r?\n/);
  const words = (line: string | undefined) => (line ?? '').split(/\s+/).filter(Boolean);
  if (lines.length < 1 || lines[0] === undefined) throw new OutputFormError('invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.');
  if (lines.length < 2) throw new OutputFormError('invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.');
  const [headers, specs] = [words(lines[0]), words(lines[1])];
  if (headers.length !== specs.length) throw new OutputFormError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, path: compileRelaxed(specs[i] ?? '') }));
}

/** One line per row (printOneObject), laid out like kubectl's tables; `escape` makes cluster text safe for a terminal. */
export function renderCustomColumns(columns: readonly Column[], rows: readonly unknown[], noHeaders: boolean, escape: (s: string) => string): string {
  const lines: string[][] = noHeaders ? [] : [columns.map((c) => c.header)];
  for (const row of rows) {
    lines.push(
      columns.map((c) => {
        const values = c.path.findResults(row).flat();
        return values.length === 0 ? '<none>' : values.map((v) => escape(goSprint(v))).join(',');
      }),
    );
  }
  return lines.length === 0 ? '' : formatColumns(lines);
}
