/**
 * One command's output in any `-o` form: the command hands over its document (json, yaml and
 * jsonpath print it), the rows of its table(s) as they print in JSON (custom-columns and name
 * read them) and its own table. The same forms therefore mean the same thing for every command.
 */
import { InputError } from '../../failures.ts';
import { renderDocument } from '../document.ts';
import { JsonPathError } from '../jsonpath/template.ts';
import { renderCustomColumns } from './columns.ts';
import type { OutputForm } from './form.ts';

export interface Printable {
  document: unknown;
  /** Every row of the table(s), in print order, as the document has them. */
  rows: readonly unknown[];
  /** `-o name` for a row (`pod/NAME`); absent where rows are not Kubernetes objects. */
  name?: (row: unknown) => string;
  /** The command's own table (`-o table|wide`), which knows about --no-headers. */
  table: (wide: boolean) => string | Promise<string>;
}

/** printers.EscapeTerminal, as kubectl applies it to custom-columns cells: ESC and CR made visible. */
export function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}

export async function printOutput(p: Printable, form: OutputForm, noHeaders: boolean): Promise<string> {
  switch (form.type) {
    case 'table':
    case 'wide':
      return p.table(form.type === 'wide');
    case 'json':
    case 'yaml':
      return renderDocument(p.document, form.type);
    case 'custom-columns':
      return renderCustomColumns(form.columns, p.rows, noHeaders, escapeTerminal);
    case 'name': {
      const name = p.name;
      if (!name) return '';
      return [...new Set(p.rows.map(name))].map((n) => `${n}\n`).join('');
    }
    case 'jsonpath':
      try {
        return form.path.execute(p.document, { asJson: form.asJson });
      } catch (err) {
        if (err instanceof JsonPathError) throw new InputError(`error executing jsonpath ${JSON.stringify(form.path.template)}: ${err.message}`);
        throw err;
      }
  }
}
