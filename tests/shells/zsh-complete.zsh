# Prints, one per line, the words zsh's completion system offers for a command line, as a
# user pressing TAB at its end would get them. Run as: zsh -f zsh-complete.zsh FPATH_DIR LINE
# (FPATH_DIR holds the completion function `_packer-scaffold`).
#
# Completion only runs inside the line editor, so an interactive zsh is started on a
# pseudo-terminal (zpty); exit 2 says that could not be done here. Its compadd is wrapped to
# print each word it adds; the markers are written so that the echo of the typed commands
# never matches them.
zmodload zsh/zpty || exit 2
zpty shell zsh -f -i || exit 2
zpty -w shell "PS1= ; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w shell 'compprefuncs=(_offered_start); _offered_start() { functions[compadd]=$functions[_offered_compadd] }'
zpty -w shell 'comppostfuncs=(_offered_end); _offered_end() { compstate[insert]=; compstate[list]=; print -r -- "<<${:-END}>>" }'
zpty -w shell '_offered_compadd() { local -A o; local -a rest words; zparseopts -E -a rest O:=o A:=o D:=o; if (( $#o )); then builtin compadd "$@"; return; fi; builtin compadd -A words "$@"; (( $#words )) || return 1; builtin compadd "$@"; local w; for w in $words; do print -r -- "<<${:-WORD}>>$w"; done }'
zpty -w shell "bindkey '^I' complete-word"
zpty -n -w shell "$2"$'\t'
zpty -r -m shell out '*<<END>>*' || exit 3
print -r -- ${(F)${(M)${(f)out//$'\r'/}:#*<<WORD>>*}//*<<WORD>>/}
zpty -d shell
