/**
 * One command's output in any `-o` form: the command hands over its document (json, yaml and
 * jsonpath print it), the rows of its table(s) as they print in JSON (custom-columns and name
 * read them) and its own table. The same forms therefore mean the same thing for every command.
 */
import { InputError } from '../../failures.ts';
import { renderDocument } from '../document.ts';
import { printable } from '../printable.ts';
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

/**
 * A template's output on a terminal: every control, escape and bidi character of the document's
 * text written out visibly (printable.ts), except the newlines and tabs a template prints on
 * purpose. kubectl prints them raw; piped, so do we, byte for byte.
 */
export function terminalSafe(text: string): string {
  return text
    .split(/([\n\t])/)
    .map((part, i) => (i % 2 === 1 ? part : printable(part)))
    .join('');
}

/** `terminal`: stdout is one, so a template's output is made safe to show (see terminalSafe). */
export async function printOutput(p: Printable, form: OutputForm, noHeaders: boolean, terminal = false): Promise<string> {
  switch (form.type) {
    case 'table':
    case 'wide':
      return p.table(form.type === 'wide');
    case 'json':
    case 'yaml':
      return renderDocument(p.document, form.type);
    case 'custom-columns':
      // Stricter than kubectl's printers.EscapeTerminal (ESC and CR only): a cell is one line of a table.
      return renderCustomColumns(form.columns, p.rows, noHeaders, printable);
    case 'name': {
      const name = p.name;
      if (!name) return '';
      return [...new Set(p.rows.map(name))].map((n) => `${printable(n)}\n`).join('');
    }
    case 'jsonpath':
      try {
        const text = form.path.execute(p.document, { asJson: form.asJson });
        return terminal ? terminalSafe(text) : text;
      } catch (err) {
        if (err instanceof JsonPathError) throw new InputError(`error executing jsonpath ${JSON.stringify(form.path.template)}: ${err.message}`);
        throw err;
      }
  }
}
