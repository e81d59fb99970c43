#!/bin/zsh -f
# Headless zsh completion: an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit,
# `compadd` wrapped to print each candidate it is given, then the line and a TAB.
# Usage: zsh -f complete-zsh.zsh FPATH_DIR 'command line to complete'
# (after the "zsh-capture-completion" technique; no terminal or rc file needed)
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PROMPT=''; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "bindkey '^I' complete-word; zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'null-line() { echo -E - $'"'"'\0'"'"' }; compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do echo -E - "CAND:$h"; done }'
zpty -w z "$2"$'\t'
integer tog=0
while zpty -r z line; do
  line=${line%%$'\r'*}
  [[ $line == CAND:* ]] && print -r -- ${line#CAND:}
  if [[ $line == *$'\0'* ]]; then (( tog++ )); (( tog >= 2 )) && break; fi
done
zpty -d z
