/** The names of kubectl's `-o` forms, apart from their parsers, so declaring the flag loads no evaluator. */

export type FormName = 'table' | 'wide' | 'json' | 'yaml' | 'name' | 'jsonpath' | 'custom-columns';

/** The -o values of a command, for help and errors: `json, yaml, name, jsonpath=TEMPLATE, ...`. */
export function formList(allowed: readonly FormName[]): string {
  return allowed
    .flatMap((f) => (f === 'jsonpath' ? ['jsonpath=TEMPLATE', 'jsonpath-file=FILE', 'jsonpath-as-json=TEMPLATE'] : f === 'custom-columns' ? ['custom-columns=SPEC', 'custom-columns-file=FILE'] : [f]))
    .join(', ');
}
