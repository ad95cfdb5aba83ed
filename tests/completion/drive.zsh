#!/bin/zsh -f
# Drives real interactive completion of muster in bash or zsh through a
# pseudo-terminal (zsh/zpty), as a user at the keyboard would.
#
# usage: zsh drive.zsh bash|zsh COMPLETIONS_DIR <requests
#
# Each request line is KIND<TAB>TEXT, run in the current directory:
#   list  TEXT is typed and TAB pressed; prints the candidates offered,
#         sorted, on one line.
#   line  TEXT is typed, TAB pressed, then Enter; prints the arguments the
#         completed line gave muster (a shell function in the session).
# It prints one line per request and waits only for the shell's output:
# the caller bounds its run time.
emulate -L zsh
zmodload zsh/zpty || exit 1

kind=$1 compdir=${2:A}
out=$(mktemp -d "${TMPDIR:-/tmp}/muster-drive.XXXXXX") || exit 1
trap 'zpty -d S 2>/dev/null; rm -rf -- $out' EXIT
matches=$out/matches

case $kind in
  (bash)
    zpty S env -u BASH_ENV -u PROMPT_COMMAND TERM=dumb \
      bash --norc --noprofile -i
    # The completion function is muster's, wrapped to keep its reply.
    zpty -w S "PS1='\$ '; bind 'set bind-tty-special-chars off';" \
      "bind 'set bell-style none'; source ${(q)compdir}/muster.bash;" \
      "_w() { _muster \"\$@\"; printf '%s\\n' \"\${COMPREPLY[@]}\" >${(q)matches}; };" \
      "complete -F _w muster; muster() { printf 'ARGS:%s\\n' \"\$*\"; };" \
      "echo R\"\"EADY"
    ;;
  (zsh)
    mkdir $out/zdotdir
    zpty S env ZDOTDIR=$out/zdotdir TERM=dumb zsh -f -i
    # Every match added by a completion function is written down.
    zpty -w S "PS1='%% '; unsetopt autolist automenu beep listbeep;" \
      "fpath=(${(q)compdir} \$fpath); autoload -Uz compinit; compinit -u -D;" \
      "compadd() { if (( ! \${argv[(I)-[OAD]]} )); then local -a __m;" \
      "builtin compadd -O __m \"\$@\"; print -rl -- \$__m >>${(q)matches}; fi;" \
      "builtin compadd \"\$@\"; };" \
      "muster() { print -r -- \"ARGS:\$*\"; };" \
      "print R\"\"EADY"
    ;;
  (*)
    print -u2 "usage: zsh drive.zsh bash|zsh COMPLETIONS_DIR <requests"
    exit 2
    ;;
esac
zpty -r S reply '*READY*' || exit 1

integer n=0
while IFS=$'\t' read -r what text; do
  (( n++ ))
  : >$matches
  if [[ $what == line ]]; then
    zpty -w -n S "$text"$'\t\n'
  else
    zpty -w -n S "$text"$'\t\C-a\C-k'
  fi
  # The marker's echo is E""ND; only the command's output is END.
  zpty -w -n S "echo E\"\"ND$n"$'\n'
  zpty -r S reply "*END$n*" || exit 1
  if [[ $what == line ]]; then
    reply=${${(M)${(f)reply}:#*ARGS:*}#*ARGS:}
    print -r -- "${reply%$'\r'}"
  else
    print -r -- ${(o)${(u)${(f)"$(<$matches)"}}}
  fi
done
