/**
 * Cobra's completion protocol, which kubectl's plugin completion speaks (kubectl
 * `pkg/cmd/plugin/plugin_completion.go`, `getPluginCompletions`): one candidate per line,
 * optionally `candidate<TAB>description`, then a last line `:<directive>`, the bits of Cobra's
 * `ShellCompDirective` (spf13/cobra `completions.go`).
 */
import { isPrintable, printable } from '../../render/printable.ts';

export const Directive = {
  /** Let the shell do its default: file completion when there are no candidates. */
  default: 0,
  /** An error happened: the shell offers nothing, not even files. */
  error: 1,
  /** No space after the (single) candidate. */
  noSpace: 2,
  /** No file completion when there are no candidates. */
  noFileComp: 4,
  /** The candidates are file extensions to filter file completion by. */
  filterFileExt: 8,
  /** Complete directory names only (inside the single candidate, if any). */
  filterDirs: 16,
  /** Keep the candidates in the order given. */
  keepOrder: 32,
} as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

export const nothing = (directive: number = Directive.noFileComp): Completion => ({ candidates: [], directive });

/** Candidates starting with what was typed, as Cobra filters subcommand and flag names (and kubectl its resource names). */
export function matching(candidates: readonly Candidate[], toComplete: string, directive: number = Directive.noFileComp): Completion {
  return { candidates: candidates.filter((c) => c.value.startsWith(toComplete)), directive };
}

/**
 * The protocol's text. Like Cobra's `__complete`, a description keeps only its first line and
 * loses its tabs, or the shell scripts would read the rest as more candidates. A name from the
 * cluster or a kubeconfig with a control character in it is no name one could type: it is left
 * out rather than handed to the shell, and descriptions are made printable.
 */
export function formatCompletion(completion: Completion): string {
  const lines = completion.candidates.filter(({ value }) => isPrintable(value)).map(({ value, description }) => {
    const text = description?.split('\n')[0]?.replace(/\t/g, ' ').trim();
    return text ? `${value}\t${printable(text)}` : value;
  });
  return [...lines, `:${completion.directive}`].join('\n') + '\n';
}
