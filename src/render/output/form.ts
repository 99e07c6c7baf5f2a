/**
 * kubectl's `-o` values as one typed form: `table` (kubectl's default), `wide`, `json`, `yaml`,
 * `name`, `jsonpath=TEMPLATE`, `jsonpath-file=FILE`, `jsonpath-as-json=TEMPLATE`,
 * `custom-columns=SPEC`, `custom-columns-file=FILE` (cli-runtime's printer flags). A file's text is
 * read by the command line and handed in, so this stays pure.
 */
import { UsageError } from '../../failures.ts';
import { JsonPath, JsonPathSyntaxError } from '../jsonpath/template.ts';
import { parseColumnsFile, parseColumnsSpec, type Column } from './columns.ts';
import { formList, type FormName } from './forms.ts';

export type OutputForm =
  | { type: 'table' | 'wide' | 'json' | 'yaml' | 'name' }
  | { type: 'jsonpath'; path: JsonPath; asJson: boolean }
  | { type: 'custom-columns'; columns: Column[] };

export type { FormName } from './forms.ts';

/** A `-o` value that is not a form, or a template or path that does not parse: a usage error (exit 2). */
export class OutputFormError extends UsageError {}

const TEMPLATE_FORMS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file'] as const;
type TemplateForm = (typeof TEMPLATE_FORMS)[number];

/** `-o VALUE` split into the form and its argument (`jsonpath={.a}` -> jsonpath, `{.a}`). */
export function splitOutput(value: string): { form: string; argument: string | undefined } {
  const eq = value.indexOf('=');
  return eq < 0 ? { form: value, argument: undefined } : { form: value.slice(0, eq), argument: value.slice(eq + 1) };
}

export function isFileForm(form: string): boolean {
  return form === 'jsonpath-file' || form === 'custom-columns-file';
}

/**
 * The form for `-o VALUE`, among `allowed`; `fileText` is the text of the FILE a *-file form
 * names. Errors use kubectl's words where kubectl has some.
 */
export function parseOutputForm(value: string, allowed: readonly FormName[], fileText?: string): OutputForm {
  const { form, argument } = splitOutput(value);
  if (!(TEMPLATE_FORMS as readonly string[]).includes(form)) {
    if (argument === undefined && (allowed as readonly string[]).includes(form)) return { type: form as 'table' };
    throw new OutputFormError(`-o ${value}: allowed formats are ${formList(allowed)}`);
  }
  const template = form as TemplateForm;
  const type: FormName = template.startsWith('jsonpath') ? 'jsonpath' : 'custom-columns';
  if (!allowed.includes(type)) throw new OutputFormError(`-o ${form}: allowed formats are ${formList(allowed)}`);
  const text = isFileForm(template) ? fileText : argument;
  if (text === undefined || text === '') throw new OutputFormError(type === 'jsonpath' ? 'template format specified but no template given' : 'custom-columns format specified but no custom columns given');
  if (type === 'custom-columns') return { type, columns: template === 'custom-columns' ? parseColumnsSpec(text) : parseColumnsFile(text) };
  try {
    return { type, path: new JsonPath(text), asJson: template === 'jsonpath-as-json' };
  } catch (err) {
    if (err instanceof JsonPathSyntaxError) throw new OutputFormError(`error parsing jsonpath ${text}, ${err.message}`);
    throw err;
  }
}
