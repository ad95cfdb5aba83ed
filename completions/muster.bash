# shellcheck shell=bash
# Bash completion for muster(1): commands, options and their values, the
# process names of the Procfile (-f/--procfile on the line, else
# $MUSTER_PROCFILE, else ./Procfile), formation items and export formats,
# and for the commands that control a running app (status, restart...)
# the instances and types that `muster status` lists (connect: the
# instances).
# It needs no helper from the bash-completion package.

# The command words.
_muster_commands=(start run check export status ps restart stop kill scale
    logs wait connect version help)

# The signals kill -s takes, as muster names them.
_muster_signals=(HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE
    ALRM TERM CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH
    IO PWR SYS)

# _muster_procfile_names FILE: prints the entry names of a Procfile, one a
# line: lines that start with NAME and a colon at column 0.
_muster_procfile_names()
{
	local line first=1
	local re='^([ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-]+):'

	[[ -f $1 && -r $1 ]] || return 0
	while IFS= read -r line || [[ -n $line ]]; do
		if ((first)); then
			line=${line#$'\xef\xbb\xbf'}
			first=0
		fi
		[[ $line =~ $re ]] && printf '%s\n' "${BASH_REMATCH[1]}"
	done <"$1"
}

# _muster_running_names [OPTION...]: prints the instances of the running
# app and their types, one a line: the first column of `muster OPTION...
# status` and each name less its .N.  Nothing when no muster answers; at
# most 2 s when one does not.
_muster_running_names()
{
	local name rest

	{
		if command -v timeout >/dev/null 2>&1; then
			timeout 2 muster "$@" status
		else
			command muster "$@" status
		fi
	} 2>/dev/null </dev/null | while read -r name rest; do
		[[ -n $name && -n $rest && $name != NAME ]] || continue
		printf '%s\n' "$name"
		[[ $name =~ ^(.+)\.[0-9]+$ ]] && printf '%s\n' "${BASH_REMATCH[1]}"
	done | sort -u
}

# _muster_dequote WORD: prints WORD as the shell would read it, for the
# common forms only: 'quoted', "quoted" or with backslashes, and never
# expanding anything.
_muster_dequote()
{
	local w=$1

	case $w in
	\'*) w=${w#\'} w=${w%\'} ;;
	\"*) w=${w#\"} w=${w%\"} ;;
	*) w=${w//\\\\/$'\1'} w=${w//\\/} w=${w//$'\1'/\\} ;;
	esac
	printf '%s' "$w"
}

# _muster_add [-a] PREFIX WORD...: adds to COMPREPLY each PREFIX+WORD
# that starts with $cur (with -a, all of them), less the part of $cur that
# readline keeps (up to the last '=' or ':' when COMP_WORDBREAKS splits
# words there).
_muster_add()
{
	local all=0 prefix w keep='' brk=''

	[[ $1 == -a ]] && all=1 && shift
	prefix=$1
	shift
	[[ $COMP_WORDBREAKS == *=* ]] && brk+='='
	[[ $COMP_WORDBREAKS == *:* ]] && brk+=':'
	[[ -n $brk ]] && keep=${cur%"${cur##*["$brk"]}"}
	for w; do
		w=$prefix$w
		((all)) || [[ $w == "$cur"* ]] || continue
		COMPREPLY+=("${w#"$keep"}")
	done
}

# _muster_files PREFIX PART [-d]: files (directories with -d) named by
# PART, each given as PREFIX+name; bash quotes them and marks directories.
_muster_files()
{
	local -a found

	local part

	part=$(_muster_dequote "$2")
	if [[ $3 == -d ]]; then
		mapfile -t found < <(compgen -d -- "$part")
	else
		mapfile -t found < <(compgen -f -- "$part")
	fi
	# compgen matched them; $cur may still hold quotes.
	_muster_add -a "$1" "${found[@]}"
	compopt -o filenames 2>/dev/null
}

# _muster_takes_value OPTION: whether a long option takes a value.
_muster_takes_value()
{
	case $1 in
	--procfile | --env | --formation | --concurrency | --port | \
	    --timeout | --root | --color | --log-format | --config | --app | \
	    --user | --image | --socket | --scrollback | --detach-key)
		return 0
		;;
	esac
	return 1
}

# _muster_value OPTION PREFIX VALUE: completes the value of OPTION; the
# word so far is PREFIX (the option itself when attached) and VALUE.
_muster_value()
{
	local opt=$1 prefix=$2 value=$3 name head part
	local -a names

	case $opt in
	-f | --procfile | --config | --socket)
		_muster_files "$prefix" "$value"
		;;
	-d | --root)
		_muster_files "$prefix" "$value" -d
		;;
	-e | --env)
		# FILE[,FILE...]: complete the file after the last comma.
		head=${value%"${value##*,}"}
		_muster_files "$prefix$head" "${value##*,}"
		;;
	-m | -c | --formation | --concurrency)
		# NAME=N[,NAME=N...]: offer NAME= for the item after the last
		# comma, leaving out the names already given.
		head=${value%"${value##*,}"}
		part=${value##*,}
		[[ $part == *=* ]] && return 0
		mapfile -t names < <(_muster_procfile_names "$procfile")
		names+=(all)
		for name in "${!names[@]}"; do
			[[ ,$head == *",${names[name]}="* ]] && unset 'names[name]'
		done
		_muster_add "$prefix$head" "${names[@]/%/=}"
		compopt -o nospace 2>/dev/null
		;;
	--color)
		_muster_add "$prefix" auto always never
		;;
	--log-format)
		_muster_add "$prefix" text json
		;;
	-s)
		# kill's signal: a name, with SIG if that is begun.
		if [[ $value == SIG* ]]; then
			_muster_add "${prefix}SIG" "${_muster_signals[@]}"
		else
			_muster_add "$prefix" "${_muster_signals[@]}"
		fi
		;;
	esac
	# -p, -t, -a, -u, -n, --image, --scrollback, --detach-key: nothing
	# sensible to offer.
	return 0
}

# Sets words, cword and cur from COMP_WORDS and COMP_LINE, joining back
# the pieces bash split at '=' or ':' (as in --color=always, web=2).
_muster_join_words()
{
	local line=$COMP_LINE pos=0 start=0 i w skipped rest

	words=()
	cword=0
	cur=
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		skipped=0
		while ((pos < ${#line})) && [[ ${line:pos:1} == [[:space:]] ]]; do
			((pos++))
			skipped=1
		done
		if [[ -n $w && ${line:pos:${#w}} != "$w" ]]; then
			rest=${line:pos}
			rest=${rest%%"$w"*}
			((pos += ${#rest}))
			[[ -n $rest ]] && skipped=1
		fi
		if ((i > 0 && !skipped)) && [[ -n $w ]] &&
		    [[ $w == [=:]* || ${words[${#words[@]} - 1]} == *[=:] ]]; then
			words[${#words[@]} - 1]+=$w
		else
			words+=("$w")
			start=$pos
		fi
		if ((i == COMP_CWORD)); then
			cword=$((${#words[@]} - 1))
			if ((COMP_POINT > start)); then
				cur=${line:start:COMP_POINT-start}
			fi
			break
		fi
		((pos += ${#w}))
	done
}

# _muster_shorts CMD: the short options that take a value once the
# command word is CMD: after logs -f follows and -n takes the count, after
# kill -s takes the signal.
_muster_shorts()
{
	case $1 in
	logs) printf '%s' emcptdaun ;;
	kill) printf '%s' femcptdaus ;;
	*) printf '%s' femcptdau ;;
	esac
}

_muster()
{
	local cur cword cmd='' procfile='' want='' ddash=0 i j w c
	local -a words ops locate=()
	local shorts=femcptdau

	COMPREPLY=()
	_muster_join_words

	# What the words before the cursor say: the command word, its
	# operands, the Procfile, and whether the cursor is an option's value.
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if ((ddash)) || [[ $cmd == run && ${#ops[@]} -gt 0 ]]; then
			ops+=("$w")
			continue
		fi
		case $w in
		--)
			ddash=1
			[[ -z $cmd ]] && cmd=start
			;;
		--procfile=*)
			procfile=${w#*=}
			;;
		--socket=* | --config=*)
			locate+=("${w%%=*}" "$(_muster_dequote "${w#*=}")")
			;;
		--*=*) ;;
		--*)
			if _muster_takes_value "$w"; then
				if ((i + 1 == cword)); then
					want=$w
					break
				fi
				((i++))
				case $w in
				--procfile) procfile=${words[i]} ;;
				--socket | --config)
					locate+=("$w" "$(_muster_dequote "${words[i]}")")
					;;
				esac
			fi
			;;
		-?*)
			for ((j = 1; j < ${#w}; j++)); do
				c=${w:j:1}
				[[ $shorts == *"$c"* ]] || continue
				if ((j + 1 < ${#w})); then
					[[ $c == f ]] && procfile=${w:j+1}
				elif ((i + 1 == cword)); then
					want=-$c
				else
					((i++))
					[[ $c == f ]] && procfile=${words[i]}
				fi
				break
			done
			[[ -n $want ]] && break
			;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
				shorts=$(_muster_shorts "$cmd")
			else
				ops+=("$w")
			fi
			;;
		esac
	done
	local pf_given=0
	if [[ -n $procfile ]]; then
		procfile=$(_muster_dequote "$procfile")
		pf_given=1
	else
		procfile=${MUSTER_PROCFILE:-Procfile}
	fi
	# The shell expands a leading ~ when the command runs.
	[[ $procfile == \~ || $procfile == \~/* ]] &&
		procfile=$HOME${procfile#\~}
	((pf_given)) && locate+=(--procfile "$procfile")

	if [[ -n $want ]]; then
		_muster_value "$want" "" "$cur"
		return 0
	fi

	local options_allowed=1
	if ((ddash)) || [[ $cmd == run && ${#ops[@]} -gt 0 ]]; then
		options_allowed=0
	fi
	if ((options_allowed)) && [[ $cur == -* ]]; then
		case $cur in
		--*=*)
			w=${cur%%=*}
			_muster_takes_value "$w" &&
				_muster_value "$w" "$w=" "${cur#*=}"
			return 0
			;;
		-[!-]?*)
			# A short option with its value attached, as -fProcfile.
			for ((j = 1; j < ${#cur}; j++)); do
				c=${cur:j:1}
				if [[ $shorts == *"$c"* ]]; then
					_muster_value "-$c" "${cur:0:j+1}" "${cur:j+1}"
					return 0
				fi
			done
			;;
		esac
		local -a opts=(-f --procfile -e --env -m --formation -c
		    --concurrency -p --port -t --timeout -d --root --color
		    --no-color --no-timestamp --no-prefix --log-format --config
		    --socket --scrollback --tty -v --version -h --help)
		case $cmd in
		export) opts+=(-a --app -u --user --image) ;;
		status | ps) opts+=(--json) ;;
		kill) opts+=(-s) ;;
		logs) opts+=(-n) ;;
		connect) opts+=(--detach-key) ;;
		esac
		_muster_add "" "${opts[@]}"
		return 0
	fi

	local -a names
	case $cmd in
	'')
		_muster_add "" "${_muster_commands[@]}"
		;;
	start)
		mapfile -t names < <(_muster_procfile_names "$procfile")
		for i in "${!names[@]}"; do
			for w in "${ops[@]}"; do
				[[ ${names[i]} == "$w" ]] && unset 'names[i]'
			done
		done
		_muster_add "" "${names[@]}"
		;;
	run)
		if ((${#ops[@]} == 0)); then
			mapfile -t names < <(_muster_procfile_names "$procfile")
			_muster_add "" "${names[@]}"
			mapfile -t names < <(compgen -c -- "$cur")
			_muster_add "" "${names[@]}"
			# Commands, aliases and functions can share a name.
			mapfile -t COMPREPLY < <(printf '%s\n' "${COMPREPLY[@]}" |
			    sort -u)
		else
			_muster_files "" "$cur"
		fi
		;;
	export)
		case ${#ops[@]} in
		0) _muster_add "" systemd supervisord runit kubernetes compose ;;
		1) _muster_files "" "$cur" -d ;;
		esac
		;;
	status | ps | restart | stop | kill | logs | wait)
		# The running app's instances and types, less those given.
		mapfile -t names < <(_muster_running_names "${locate[@]}")
		for i in "${!names[@]}"; do
			for w in "${ops[@]}"; do
				[[ ${names[i]} == "$w" ]] && unset 'names[i]'
			done
		done
		_muster_add "" "${names[@]}"
		;;
	connect)
		# One instance of the running app.
		((${#ops[@]} == 0)) || return 0
		mapfile -t names < <(_muster_running_names "${locate[@]}")
		for i in "${!names[@]}"; do
			[[ ${names[i]} =~ \.[0-9]+$ ]] || unset 'names[i]'
		done
		_muster_add "" "${names[@]}"
		;;
	help)
		((${#ops[@]} == 0)) &&
			_muster_add "" "${_muster_commands[@]}"
		;;
	esac
	# check and version take no operands; an unknown word, nothing.
	return 0
}

complete -F _muster muster
