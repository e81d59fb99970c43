# Bash completion driven as bash does on TAB: the function `complete -p cc-lint` names,
# called with COMP_WORDS/COMP_CWORD set; prints COMPREPLY.
# usage: bash complete-bash.sh SCRIPT WORDS... (last word is the one being completed)
source "$1"; shift
spec=$(complete -p cc-lint) || exit 3
fn=${spec#*-F }; fn=${fn%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
"$fn" cc-lint "$cur" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
