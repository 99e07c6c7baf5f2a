/**
 * Shell scripts for the standalone `kubectl-slices` executable, in the manner of the ones Cobra
 * generates (`bash_completionsV2.go`, `zsh_completions.go`, `fish_completions.go`), only shorter:
 * each hands the words to `kubectl-slices __complete` and applies the directive on the last line.
 * `kubectl slices <TAB>` needs none of this: kubectl's own completion runs kubectl_complete-slices.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}

// Directive bits (protocol.ts): 1 error, 2 no space, 4 no file completion, 8 file extensions,
// 16 directories, 32 keep order. `complete -o default` gives file completion when the reply is
// empty. The line is split on blanks only: COMP_WORDS is also cut at '=' and ':'
// (COMP_WORDBREAKS), which would hand `--output=` over as two words. compopt is missing from
// bash 3.2 (macOS), hence its 2>/dev/null. (A template literal: `\${` is a literal `${`.)
const BASH = `# bash completion for kubectl-slices
# Load it with: source <(kubectl-slices completion bash)
_kubectl_slices() {
    local line=\${COMP_LINE:0:COMP_POINT} out directive comp cur value prefix= strip= ext
    local -a words
    COMPREPLY=()
    read -r -a words <<< "$line"
    [[ $line == *[[:space:]] || \${#words[@]} -eq 0 ]] && words+=("")
    cur=\${words[\${#words[@]}-1]}
    out=$(kubectl-slices __complete "\${words[@]:1}" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    [[ $directive =~ ^[0-9]+$ ]] || directive=0
    (( directive & 1 )) && return
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    (( directive & 4 )) && compopt +o default 2>/dev/null
    (( directive & 32 )) && compopt -o nosort 2>/dev/null
    if (( directive & 8 )); then
        compopt -o filenames 2>/dev/null
        for ext in $out; do COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur")); done
        COMPREPLY+=($(compgen -d -- "$cur"))
        return
    fi
    if (( directive & 16 )); then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(cd "\${out%%$'\\n'*}" 2>/dev/null; compgen -d -- "$cur"))
        return
    fi
    # --flag=value: bash replaces only what follows the '=' (or the last ':'), unless
    # COMP_WORDBREAKS lacks them.
    value=$cur
    if [[ $cur == -*=* ]]; then
        value=\${cur#*=}
        [[ $COMP_WORDBREAKS == *=* ]] || prefix=\${cur%%=*}=
    fi
    [[ $value == *:* && $COMP_WORDBREAKS == *:* ]] && strip=\${value%"\${value##*:}"} prefix=
    while IFS= read -r comp; do
        [[ -n $comp ]] || continue
        comp=\${comp%%$'\\t'*}
        COMPREPLY+=("$prefix\${comp#"$strip"}")
    done <<< "$out"
}
complete -o default -F _kubectl_slices kubectl-slices
`;

// compset moves `--flag=` out of the way so the values complete after it; _describe shows the
// descriptions. Sourced, it registers itself with compdef; saved as _kubectl-slices in $fpath,
// zsh autoloads it as the function of that name and the last line runs it (Cobra's way).
const ZSH = `#compdef kubectl-slices
# zsh completion for kubectl-slices
# Load it with: source <(kubectl-slices completion zsh)   (after compinit)
# or save it as _kubectl-slices in a directory of $fpath.
_kubectl-slices() {
    local out directive line
    local -a lines comps group suffix
    out=$(kubectl-slices __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    lines[-1]=()
    [[ $directive == <-> ]] || directive=0
    (( directive & 1 )) && return 1
    [[ \${words[CURRENT]} == -*=* ]] && compset -P 1 '*='
    if (( directive & 8 )); then _files -g "*.(\${(j:|:)lines})"; return; fi
    if (( directive & 16 )); then _files -/ \${lines[1]:+-W} \${lines[1]}; return; fi
    for line in $lines; do
        [[ -n $line ]] || continue
        if [[ $line == *$'\\t'* ]]; then comps+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
        else comps+=("\${line//:/\\\\:}"); fi
    done
    (( directive & 2 )) && suffix=(-S '')
    (( directive & 32 )) && group=(-V)
    (( $#comps )) && _describe $group completions comps $suffix && return
    (( directive & 4 )) && return 1
    _files
}
if [[ $funcstack[1] == _kubectl-slices ]]; then _kubectl-slices "$@"; else compdef _kubectl-slices kubectl-slices; fi
`;

// The condition prepares the candidates; when it fails, fish falls back to file completion.
// fish cannot filter files by extension or offer directories only from here (8, 16: plain file
// completion, as in Cobra's fish script), sorts on its own (32 is not honoured), and omits the
// space only after one of @=/:., so no-space (2) adds a longer twin candidate, Cobra's trick.
const FISH = `# fish completion for kubectl-slices
# Load it with: kubectl-slices completion fish | source
# or save it as ~/.config/fish/completions/kubectl-slices.fish
function __kubectl_slices_bit -a directive bit
    test (math "floor($directive / $bit) % 2") -eq 1
end

function __kubectl_slices_prepare
    set -g __kubectl_slices_results
    set -l args (commandline -opc)
    set -e args[1]
    set -l word (commandline -ct)
    set -l out (kubectl-slices __complete $args "$word" 2>/dev/null); or return 1
    set -l directive (string replace -r '^:' '' -- $out[-1])
    string match -qr '^[0-9]+$' -- $directive; or set directive 0
    set -e out[-1]
    __kubectl_slices_bit $directive 1; and return 0
    __kubectl_slices_bit $directive 8; and return 1
    __kubectl_slices_bit $directive 16; and return 1
    # fish completes the whole token: a --flag= value keeps its flag.
    set -l prefix (string match -r -- '^-[^=]*=' $word)
    set -g __kubectl_slices_results (string replace -r -- '^' "$prefix" $out)
    if test (count $__kubectl_slices_results) -eq 1; and __kubectl_slices_bit $directive 2
        set -l only (string split -m 1 \\t -- $__kubectl_slices_results[1])[1]
        string match -qr '[@=/:.,]$' -- $only; or set -g __kubectl_slices_results $only $only.
    end
    test (count $__kubectl_slices_results) -gt 0; or __kubectl_slices_bit $directive 4
end

complete -c kubectl-slices -e
complete -c kubectl-slices -n __kubectl_slices_prepare -f -a '$__kubectl_slices_results'
`;
