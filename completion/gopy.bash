# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for gopy: commands, their options, and the document codes and delegate codes
# read from the database named on the command line (or $GOPY_DB, or the configured one).
# Installed as $(PREFIX)/share/bash-completion/completions/gopy.

_gopy_db() { # the database of the command line being completed
	local i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-*) ;;
		init | import | delegate | comment | import-comments | form | import-dispositions | list | search | export | check | log | demo | copy) ;;
		*)
			case ${COMP_WORDS[i - 1]} in
			--as | --doc | -d | --code | --title | --kind | --encoding | --section | --reply-to | --by | \
				--quote | --format | -f | -o | --output | --date | --issuer | --place | --unit | --width | \
				--limit | --role | --login | --wait | --comment) ;;
			*) [ -f "$w" ] && { printf '%s' "$w"; return; } ;;
			esac
			;;
		esac
	done
	if [ -n "${GOPY_DB:-}" ]; then
		printf '%s' "$GOPY_DB"
	else
		"${COMP_WORDS[0]}" --print-config 2>/dev/null | sed -n 's/^database //p'
	fi
}

_gopy() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} cmd="" i db
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		init | import | delegate | comment | import-comments | form | import-dispositions | list | search | export | check | log | demo | copy)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done
	case $prev in
	--doc | -d)
		db=$(_gopy_db)
		[ -n "$db" ] && COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" list "$db" --format tsv 2>/dev/null |
			tail -n +2 | cut -f1)" -- "$cur"))
		return
		;;
	--as | --by)
		db=$(_gopy_db)
		[ -n "$db" ] && COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" delegate "$db" list --format tsv 2>/dev/null |
			tail -n +2 | cut -f1)" -- "$cur"))
		return
		;;
	--format | -f)
		case $cmd in
		export) COMPREPLY=($(compgen -W "txt md csv html json docx xlsx" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text tsv json" -- "$cur")) ;;
		esac
		return
		;;
	--role)
		COMPREPLY=($(compgen -W "delegate secretary editor chair" -- "$cur"))
		return
		;;
	--encoding)
		COMPREPLY=($(compgen -W "UTF-8 CP1258 TCVN3 VISCII" -- "$cur"))
		return
		;;
	--code | --title | --kind | --section | --reply-to | --quote | --date | --issuer | --place | --unit | \
		--width | --limit | --login | --wait | --comment)
		return
		;;
	esac
	local opts
	case $cmd in
	"") opts="--as --doc --help --version --print-config init import delegate comment import-comments form import-dispositions list search export check log demo copy" ;;
	import) opts="--code --title --kind --encoding" ;;
	delegate) opts="add list --unit --role --login --format" ;;
	comment) opts="--doc --section --reply-to --as --by --quote --wait" ;;
	form) opts="--doc -o" ;;
	import-dispositions) opts="--as" ;;
	log) opts="--doc --comment --format" ;;
	list) opts="--doc --comments --format" ;;
	search) opts="--doc --exact --fold --limit --format" ;;
	export) opts="--doc --format --output --date --issuer --place --pending --section --unit --group-same --audit --width --help" ;;
	demo) opts="--fresh --as" ;;
	*) opts="" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(printf '%s\n' $opts | grep '^-')" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$(printf '%s\n' $opts | grep -v '^-')" -- "$cur") $(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _gopy gopy
