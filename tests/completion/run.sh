#!/bin/bash
# Tests the shell completions in completions/: the bash function called
# with COMP_* set as bash sets them, and bash and zsh completing for real
# on a pseudo-terminal (drive.zsh); fish through `complete -C`; and what
# `make install` puts where. Prints PASS or FAIL and a name per test, then
# "N passed, N failed"; exits 1 when a test failed.
#
# usage: bash tests/completion/run.sh    (needs bash, zsh, fish and make)

# Sorted output is compared: sort in one order everywhere.
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
comp=$top/completions
passed=0
failed=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/muster-completion.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect NAME EXPECTED ACTUAL: passes when ACTUAL is EXPECTED.
expect() {
	if [[ $3 == "$2" ]]; then
		passed=$((passed + 1))
		echo "PASS $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
		echo "    expected: $2"
		echo "    got:      $3"
	fi
}

# expect_has NAME ACTUAL WORD...: passes when each WORD is among the
# blank-separated words of ACTUAL.
expect_has() {
	local name=$1 got=$2 w missing=''

	shift 2
	for w; do
		[[ " $got " == *" $w "* ]] || missing+=" $w"
	done
	expect "$name" "" "${missing:+missing:$missing}"
}

# expect_lacks NAME ACTUAL WORD...: passes when no WORD is in ACTUAL.
expect_lacks() {
	local name=$1 got=$2 w found=''

	shift 2
	for w; do
		[[ " $got " == *" $w "* ]] && found+=" $w"
	done
	expect "$name" "" "${found:+present:$found}"
}

# The application the completions read: a Procfile with a byte order
# mark, a comment, an indented line (not an entry), a CRLF line and an
# entry with no blank after its colon; other Procfiles, one in a directory
# with a blank in its name; some directories.
app=$tmp/app
mkdir -p "$app/other" "$app/out" "$app/logs" "$tmp/empty"
printf '\357\273\277web: exec ./web\n# note: not an entry\n  indented: no\n\nworker: ./worker\r\nclock_x:./clock\n' \
    >"$app/Procfile"
printf 'alpha: a\nbeta: b\n' >"$app/other/Procfile"
mkdir -p "$app/other/my app"
printf 'gamma: g\n' >"$app/other/my app/Procfile"
: >"$app/a.env"

# The running app's muster, as the completions see it: a stub first in
# PATH whose status prints a table (and exits 1, as when an instance is
# down); with STUB_FAIL set, nothing but an error, exit 3; with STUB_HANG
# set, nothing for 10 s, as a muster that does not answer. Each call's
# arguments go to $STUB_ARGS.
stub=$tmp/bin
export STUB_ARGS=$tmp/stub.args
stub_args=$STUB_ARGS
mkdir -p "$stub"
cat >"$stub/muster" <<'STUB'
#!/bin/sh
printf '%s\n' "$*" >>"$STUB_ARGS"
if [ -n "${STUB_FAIL:-}" ]; then
	echo "muster: not running: no socket at /nowhere" >&2
	exit 3
fi
[ -n "${STUB_HANG:-}" ] && exec sleep 10
case " $* " in *" status "*) ;; *) exit 2 ;; esac
cat <<'TABLE'
NAME        PID  STATE    UPTIME  RESTARTS  EXIT     PORT  CPU    RSS
web.1       101  running  1.50s   0         -        5000  0.00s  1.6M
web.2       102  running  1.50s   0         -        5001  0.00s  1.6M
worker.1    -    stopped  -       0         SIGTERM  5100  -      -
clock_x.12  104  running  1.50s   3         1        5211  0.01s  812K
TABLE
exit 1
STUB
chmod +x "$stub/muster"
running='clock_x clock_x.12 web web.1 web.2 worker worker.1'
instances='clock_x.12 web.1 web.2 worker.1'

cd "$app" || exit 1

# --- bash, the completion function with COMP_* as bash would set them ---

# shellcheck disable=SC1091 # linted on its own
source "$comp/muster.bash"

# bcomp LINE: completes at the end of LINE as bash does and prints the
# sorted replies on one line. Words are split at blanks, and at runs of
# '=' and ':' (COMP_WORDBREAKS), as readline splits them.
bcomp() {
	local line=$1 tok='' c i brk last=0

	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $c == [[:blank:]] ]]; then
			[[ -n $tok ]] && COMP_WORDS+=("$tok")
			tok=''
			continue
		fi
		brk=0
		[[ $c == [=:] ]] && brk=1
		if [[ -n $tok ]] && ((brk != last)); then
			COMP_WORDS+=("$tok")
			tok=''
		fi
		tok+=$c
		last=$brk
	done
	COMP_WORDS+=("$tok")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_muster muster "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

commands='check connect export help kill logs ps restart run scale start status stop version wait'
formats='compose kubernetes runit supervisord systemd'

expect "bash: complete -p registers _muster" "complete -F _muster muster" \
    "$(complete -p muster)"
expect "bash: commands" "$commands" "$(bcomp 'muster ')"
expect "bash: command prefix" "start status stop" "$(bcomp 'muster st')"
expect "bash: command after options" "$commands" \
    "$(bcomp 'muster -p 6000 --no-color ')"
expect "bash: export formats" "$formats" "$(bcomp 'muster export ')"
expect "bash: export format prefix" "supervisord systemd" \
    "$(bcomp 'muster export s')"
expect "bash: export directory" "logs other out" \
    "$(bcomp 'muster export systemd ')"
expect "bash: export takes two operands" "" \
    "$(bcomp 'muster export systemd out ')"
expect "bash: start process names" "clock_x web worker" \
    "$(bcomp 'muster start ')"
expect "bash: start leaves out given names" "clock_x worker" \
    "$(bcomp 'muster start web ')"
expect "bash: start after -- before the command" "clock_x web worker" \
    "$(bcomp 'muster -- ')"
expect "bash: -f other/Procfile start" "alpha beta" \
    "$(bcomp 'muster -f other/Procfile start ')"
expect "bash: start -f other/Procfile" "alpha beta" \
    "$(bcomp 'muster start -f other/Procfile ')"
expect "bash: --procfile=FILE" "alpha beta" \
    "$(bcomp 'muster --procfile=other/Procfile start ')"
expect "bash: --procfile FILE" "alpha" \
    "$(bcomp 'muster --procfile other/Procfile start a')"
expect "bash: -fFILE in a cluster" "alpha beta" \
    "$(bcomp 'muster -vfother/Procfile start ')"
expect "bash: MUSTER_PROCFILE" "alpha beta" \
    "$(MUSTER_PROCFILE=other/Procfile bcomp 'muster start ')"
expect "bash: no Procfile, no names" "" \
    "$(cd "$tmp/empty" && bcomp 'muster start ')"
expect "bash: --color WHEN" "always auto never" "$(bcomp 'muster --color ')"
expect "bash: --color=WHEN" "always auto never" "$(bcomp 'muster --color=')"
expect "bash: --color=al" "always" "$(bcomp 'muster --color=al')"
expect "bash: --log-format" "json text" "$(bcomp 'muster --log-format ')"
expect "bash: -m NAME=" "all= clock_x= web= worker=" "$(bcomp 'muster -m ')"
expect "bash: -c is -m" "all= clock_x= web= worker=" "$(bcomp 'muster -c ')"
expect "bash: -m after a comma" "2,all= 2,clock_x= 2,worker=" \
    "$(bcomp 'muster -m web=2,')"
expect "bash: --formation=all=1,w" "1,web= 1,worker=" \
    "$(bcomp 'muster --formation=all=1,w')"
expect "bash: -m -f other/Procfile" "all= alpha=" \
    "$(bcomp 'muster -f other/Procfile -m a')"
expect "bash: -m count" "" "$(bcomp 'muster -m web=')"
expect "bash: -f FILE" "other" "$(bcomp 'muster -f oth')"
expect "bash: --config=FILE" "a.env" "$(bcomp 'muster --config=a.')"
expect "bash: -e FILE,FILE" "a.env,other" "$(bcomp 'muster -e a.env,oth')"
expect "bash: -d directories" "logs other out" "$(bcomp 'muster -d ')"
expect "bash: -p takes a number" "" "$(bcomp 'muster -p ')"
got=$(bcomp 'muster -')
expect_has "bash: options" "$got" -f --procfile -e --env -m --formation \
    -c --concurrency -p --port -t --timeout -d --root --color --no-color \
    --no-timestamp --no-prefix --log-format --config --socket --scrollback \
    --tty -v --version -h --help
expect_lacks "bash: export options only for export" "$got" --app --user \
    --image
expect_lacks "bash: client options only for their commands" "$got" \
    --json -s -n --detach-key
expect_has "bash: export options" "$(bcomp 'muster export -')" -a --app \
    -u --user --image
expect "bash: long option prefix" "--color --concurrency --config" \
    "$(bcomp 'muster --co')"
expect "bash: options after the operands of start" "--no-color --no-prefix --no-timestamp" \
    "$(bcomp 'muster start web --no-')"
expect "bash: no options after --" "" "$(bcomp 'muster start -- --no')"
expect "bash: names after --" "clock_x web worker" \
    "$(bcomp 'muster start -- ')"
expect_has "bash: run offers processes and commands" \
    "$(bcomp 'muster run ')" web worker clock_x echo printenv
expect_has "bash: run command prefix" "$(bcomp 'muster run ech')" echo
expect "bash: run, files after the command" "Procfile a.env logs other out" \
    "$(bcomp 'muster run web ')"
expect "bash: run, no options of muster after the command" "" \
    "$(bcomp 'muster run env --no')"
expect_has "bash: run, options before the command" \
    "$(bcomp 'muster run --')" --procfile --env
expect "bash: help takes a command" "$commands" "$(bcomp 'muster help ')"
expect "bash: help takes one" "" "$(bcomp 'muster help run ')"
expect "bash: version takes nothing" "" "$(bcomp 'muster version ')"

# The commands that control a running app: names from `muster status`.
: >"$stub_args"
expect "bash: status names from muster status" "$running" \
    "$(PATH=$stub:$PATH bcomp 'muster status ')"
expect "bash: the stub was asked for status" "status" "$(cat "$stub_args")"
expect "bash: ps names" "$running" "$(PATH=$stub:$PATH bcomp 'muster ps ')"
expect "bash: status leaves out given names" \
    "clock_x clock_x.12 web.2 worker worker.1" \
    "$(PATH=$stub:$PATH bcomp 'muster status web web.1 ')"
expect "bash: restart name prefix" "web web.1 web.2 worker worker.1" \
    "$(PATH=$stub:$PATH bcomp 'muster restart w')"
expect "bash: stop names" "$running" "$(PATH=$stub:$PATH bcomp 'muster stop ')"
expect "bash: wait names after -t" "$running" \
    "$(PATH=$stub:$PATH bcomp 'muster wait -t 30 ')"
expect "bash: kill names after -s SIGNAL" "$running" \
    "$(PATH=$stub:$PATH bcomp 'muster kill -s HUP ')"
expect "bash: logs -f takes no value" "$running" \
    "$(PATH=$stub:$PATH bcomp 'muster logs -f ')"
expect "bash: logs -n takes the count" "" \
    "$(PATH=$stub:$PATH bcomp 'muster logs -n ')"
expect "bash: logs names after -fn N" "$running" \
    "$(PATH=$stub:$PATH bcomp 'muster logs -fn 20 ')"
: >"$stub_args"
PATH=$stub:$PATH bcomp 'muster -f other/Procfile stop ' >/dev/null
PATH=$stub:$PATH bcomp 'muster --socket=/run/s.sock status ' >/dev/null
PATH=$stub:$PATH bcomp 'muster logs --procfile other/Procfile ' >/dev/null
expect "bash: status asked of the app named on the line" \
    "--procfile other/Procfile status|--socket /run/s.sock status|--procfile other/Procfile status" \
    "$(paste -sd '|' "$stub_args")"
expect "bash: no muster running, no names" "" \
    "$(STUB_FAIL=1 PATH=$stub:$PATH bcomp 'muster status ')"
expect "bash: no muster on PATH or none running, no names" "" \
    "$(bcomp 'muster restart ')"
SECONDS=0
got=$(STUB_HANG=1 PATH=$stub:$PATH bcomp 'muster restart ')
expect "bash: a muster that does not answer, no names within 2 s" "|yes" \
    "$got|$( ((SECONDS <= 4)) && echo yes)"
got=$(bcomp 'muster kill -s ')
expect_has "bash: kill -s signals" "$got" HUP INT KILL TERM USR1 USR2 WINCH
expect "bash: kill -s SIG prefix" "SIGURG SIGUSR1 SIGUSR2" \
    "$(bcomp 'muster kill -s SIGU')"
expect "bash: kill -sSIGNAL" "-sUSR1 -sUSR2" "$(bcomp 'muster kill -sUS')"
expect_has "bash: kill options" "$(bcomp 'muster kill -')" -s --socket
expect_has "bash: logs options" "$(bcomp 'muster logs -')" -f -n --procfile
expect_has "bash: status options" "$(bcomp 'muster status -')" --json
expect_lacks "bash: stop has no client options of others" \
    "$(bcomp 'muster stop -')" --json -s -n
expect "bash: --socket FILE" "other" "$(bcomp 'muster --socket oth')"
expect "bash: connect offers the instances" "$instances" \
    "$(PATH=$stub:$PATH bcomp 'muster connect ')"
expect "bash: connect instance prefix" "web.1 web.2 worker.1" \
    "$(PATH=$stub:$PATH bcomp 'muster connect w')"
expect "bash: connect takes one" "" \
    "$(PATH=$stub:$PATH bcomp 'muster connect web.1 ')"
expect "bash: connect instances after --detach-key KEY" "$instances" \
    "$(PATH=$stub:$PATH bcomp 'muster connect --detach-key ^Q ')"
expect "bash: --detach-key takes a key" "" \
    "$(PATH=$stub:$PATH bcomp 'muster connect --detach-key ')"
expect_has "bash: connect options" "$(bcomp 'muster connect -')" \
    --detach-key --procfile --socket
expect "bash: --tty prefix" "--tty" "$(bcomp 'muster start --tt')"
expect "bash: --scrollback takes a number" "" "$(bcomp 'muster --scrollback ')"

# --- bash and zsh completing on a terminal ---

# drive SHELL: runs drive.zsh on the requests on standard input.
drive() {
	timeout -k 5 60 zsh "$here/drive.zsh" "$1" "$comp"
}

mapfile -t res < <(PATH=$stub:$PATH drive bash <<'EOF'
line	muster exp
line	muster --color=al
line	muster -m web=2,wor
line	muster export systemd ou
list	muster -f other/Procfile start 
list	muster --log-format=
list	muster -f other/my\ app/Procfile start 
list	muster -f 'other/my app/Procfile' start 
list	muster -f "other/my app/Procfile" start 
list	muster -f other/my\ a
list	muster -f "other/my a
list	muster restart 
line	muster kill -s US
EOF
)
expect "bash tty: command word" "export" "${res[0]-}"
expect "bash tty: --color=al" "--color=always" "${res[1]-}"
expect "bash tty: -m web=2,wor" "-m web=2,worker=" "${res[2]-}"
expect "bash tty: export directory" "export systemd out/" "${res[3]-}"
expect "bash tty: -f other/Procfile start" "alpha beta" "${res[4]-}"
expect "bash tty: --log-format=" "json text" "${res[5]-}"
expect "bash tty: -f with a backslash" "gamma" "${res[6]-}"
expect "bash tty: -f in single quotes" "gamma" "${res[7]-}"
expect "bash tty: -f in double quotes" "gamma" "${res[8]-}"
expect "bash tty: file name with a blank" "other/my app" "${res[9]-}"
expect "bash tty: file name in open quotes" "other/my app" "${res[10]-}"
expect "bash tty: restart names" "$running" "${res[11]-}"
expect "bash tty: kill -s US" "kill -s USR" "${res[12]-}"

# --- zsh ---

expect "zsh: _muster parses (zsh -n)" "0" \
    "$(zsh -n "$comp/_muster" 2>&1; echo $?)"
mkdir -p "$tmp/zdotdir"
expect "zsh: compinit registers _muster" "_muster" \
    "$(ZDOTDIR=$tmp/zdotdir zsh -f -c 'fpath=("$1" $fpath)
	autoload -Uz compinit && compinit -u -D && print -r -- $_comps[muster]' \
    zsh "$comp")"

mapfile -t res < <(PATH=$stub:$PATH drive zsh <<'EOF'
list	muster 
list	muster export 
list	muster export systemd 
list	muster start 
list	muster start web 
list	muster -f other/Procfile start 
list	muster start --procfile=other/Procfile 
list	muster --color=
list	muster -m web=2,
list	muster run -f other/Procfile al
list	muster -- 
list	muster export --
list	muster --
list	muster run env --
list	muster help 
line	muster exp
line	muster -m web=2,wor
list	muster -f other/my\ app/Procfile start 
list	muster -f 'other/my app/Procfile' start 
list	muster -vfother/Procfile start 
list	muster --color always -p 6000 start 
list	muster status 
list	muster stop web.1 
list	muster kill -s 
list	muster kill -s TERM 
list	muster logs -f 
list	muster logs -n 5 
list	muster logs -
list	muster status --
list	muster wait -t 10 
line	muster resta
list	muster connect 
list	muster connect web.1 
list	muster connect --
list	muster start --t
EOF
)
expect "zsh tty: commands" "$commands" "${res[0]-}"
expect "zsh tty: export formats" "$formats" "${res[1]-}"
expect "zsh tty: export directory" "logs other out" "${res[2]-}"
expect "zsh tty: start process names" "clock_x web worker" "${res[3]-}"
expect "zsh tty: start leaves out given names" "clock_x worker" "${res[4]-}"
expect "zsh tty: -f other/Procfile start" "alpha beta" "${res[5]-}"
expect "zsh tty: start --procfile=other/Procfile" "alpha beta" "${res[6]-}"
expect "zsh tty: --color=" "always auto never" "${res[7]-}"
expect "zsh tty: -m after a comma" "all clock_x worker" "${res[8]-}"
expect "zsh tty: run -f other/Procfile al" "alpha" "${res[9]-}"
expect "zsh tty: names after --" "clock_x web worker" "${res[10]-}"
expect_has "zsh tty: export options" "${res[11]-}" --app --user --image \
    --procfile
expect_lacks "zsh tty: export options only for export" "${res[12]-}" --app
expect_has "zsh tty: options before the command" "${res[12]-}" --procfile \
    --env --formation --concurrency --port --timeout --root --color \
    --no-color --no-timestamp --no-prefix --log-format --config --version \
    --help
expect "zsh tty: run, no options of muster after the command" "" \
    "${res[13]-}"
expect "zsh tty: help takes a command" "$commands" "${res[14]-}"
expect "zsh tty: command word" "export" "${res[15]-}"
expect "zsh tty: -m web=2,wor" "-m web=2,worker=" "${res[16]-}"
expect "zsh tty: -f with a backslash" "gamma" "${res[17]-}"
expect "zsh tty: -f in single quotes" "gamma" "${res[18]-}"
expect "zsh tty: -fFILE in a cluster" "alpha beta" "${res[19]-}"
expect "zsh tty: options with values before the command" \
    "clock_x web worker" "${res[20]-}"
expect "zsh tty: status names from muster status" "$running" "${res[21]-}"
expect "zsh tty: stop leaves out given names" \
    "clock_x clock_x.12 web web.2 worker worker.1" "${res[22]-}"
expect_has "zsh tty: kill -s signals" "${res[23]-}" HUP INT KILL TERM USR1
expect "zsh tty: kill names after -s SIGNAL" "$running" "${res[24]-}"
expect "zsh tty: logs -f takes no value" "$running" "${res[25]-}"
expect "zsh tty: logs names after -n N" "$running" "${res[26]-}"
expect_has "zsh tty: logs options" "${res[27]-}" -f -n --procfile
expect_has "zsh tty: status options" "${res[28]-}" --json --socket \
    --scrollback
expect "zsh tty: wait names after -t" "$running" "${res[29]-}"
expect "zsh tty: command word restart" "restart" "${res[30]-}"
expect "zsh tty: connect offers the instances" "$instances" "${res[31]-}"
# Past its operand, zsh offers options, as for every command.
expect_lacks "zsh tty: connect takes one" "${res[32]-}" clock_x.12 web.1 \
    web.2 worker.1
expect_has "zsh tty: connect options" "${res[33]-}" --detach-key --procfile
expect_has "zsh tty: --tty" "${res[34]-}" --tty

# --- fish ---

# fcomp LINE: fish's completions for LINE, sorted, on one line.
fcomp() {
	# shellcheck disable=SC2016 # fish expands them
	HOME=$tmp/fishhome fish --no-config -c \
	    'source $argv[1]; complete -C"$argv[2]"' "$comp/muster.fish" "$1" |
	    cut -f1 | sort | tr '\n' ' ' | sed 's/ $//'
}

mkdir -p "$tmp/fishhome"
expect "fish: parses (fish -n)" "0" \
    "$(fish --no-config -n "$comp/muster.fish" 2>&1; echo $?)"
expect "fish: commands" "$commands" "$(fcomp 'muster ')"
expect "fish: command after options" "$commands" \
    "$(fcomp 'muster -f other/Procfile --no-color ')"
expect "fish: export formats" "$formats" "$(fcomp 'muster export ')"
expect "fish: export directory" "logs/ other/ out/" \
    "$(fcomp 'muster export systemd ')"
expect "fish: export takes two operands" "" \
    "$(fcomp 'muster export systemd out ')"
expect "fish: start process names" "clock_x web worker" \
    "$(fcomp 'muster start ')"
expect "fish: start leaves out given names" "clock_x worker" \
    "$(fcomp 'muster start web ')"
expect "fish: -f other/Procfile start" "alpha beta" \
    "$(fcomp 'muster -f other/Procfile start ')"
expect "fish: start --procfile=other/Procfile" "alpha beta" \
    "$(fcomp 'muster start --procfile=other/Procfile ')"
expect "fish: -f with a backslash" "gamma" \
    "$(fcomp 'muster -f other/my\ app/Procfile start ')"
expect "fish: -f in quotes" "gamma" \
    "$(fcomp "muster -f 'other/my app/Procfile' start ")"
expect "fish: MUSTER_PROCFILE" "alpha beta" \
    "$(MUSTER_PROCFILE=other/Procfile fcomp 'muster start ')"
expect "fish: names after --" "clock_x web worker" "$(fcomp 'muster -- ')"
expect "fish: --color WHEN" "always auto never" "$(fcomp 'muster --color ')"
expect "fish: --color=WHEN" "--color=always --color=auto --color=never" \
    "$(fcomp 'muster --color=')"
expect "fish: --log-format" "json text" "$(fcomp 'muster --log-format ')"
expect "fish: -m NAME=" "all= clock_x= web= worker=" "$(fcomp 'muster -m ')"
expect "fish: -m after a comma" "web=2,all= web=2,clock_x= web=2,worker=" \
    "$(fcomp 'muster -m web=2,')"
expect "fish: -e FILE,FILE" "a.env,other/" "$(fcomp 'muster -e a.env,oth')"
expect "fish: -d directories" "logs/ other/ out/" "$(fcomp 'muster -d ')"
got=$(fcomp 'muster -')
expect_has "fish: options" "$got" -f --procfile -e --env -m --formation \
    -c --concurrency -p --port -t --timeout -d --root --color --no-color \
    --no-timestamp --no-prefix --log-format --config -v --version -h --help
expect_lacks "fish: export options only for export" "$got" --app --user \
    --image
expect_has "fish: export options" "$(fcomp 'muster export -')" -a --app \
    -u --user --image
expect_has "fish: run offers processes and commands" \
    "$(fcomp 'muster run ')" web worker clock_x echo printenv
expect "fish: run, files after the command" "Procfile a.env logs/ other/ out/" \
    "$(fcomp 'muster run web ')"
expect "fish: run, no options of muster after the command" "" \
    "$(fcomp 'muster run env --no')"
expect "fish: help takes a command" "$commands" "$(fcomp 'muster help ')"
expect "fish: command prefix" "start status stop" "$(fcomp 'muster st')"
expect_has "fish: --socket and --scrollback" "$(fcomp 'muster --s')" \
    --socket --scrollback
expect_has "fish: --tty" "$(fcomp 'muster start --')" --tty
expect_lacks "fish: --detach-key only for connect" \
    "$(fcomp 'muster start --')" --detach-key
expect_has "fish: connect options" "$(fcomp 'muster connect --')" \
    --detach-key --procfile
: >"$stub_args"
expect "fish: status names from muster status" "$running" \
    "$(PATH=$stub:$PATH fcomp 'muster status ')"
expect "fish: the stub was asked for status" "status" \
    "$(sort -u "$stub_args")"
expect "fish: status leaves out given names" \
    "clock_x clock_x.12 web.2 worker worker.1" \
    "$(PATH=$stub:$PATH fcomp 'muster status web web.1 ')"
expect "fish: restart names" "$running" \
    "$(PATH=$stub:$PATH fcomp 'muster restart ')"
expect "fish: kill names after -s SIGNAL" "$running" \
    "$(PATH=$stub:$PATH fcomp 'muster kill -s TERM ')"
expect "fish: logs -f takes no value" "$running" \
    "$(PATH=$stub:$PATH fcomp 'muster logs -f ')"
expect "fish: logs names after -n N" "$running" \
    "$(PATH=$stub:$PATH fcomp 'muster logs -n 5 ')"
expect "fish: connect offers the instances" "$instances" \
    "$(PATH=$stub:$PATH fcomp 'muster connect ')"
expect "fish: connect takes one" "" \
    "$(PATH=$stub:$PATH fcomp 'muster connect web.1 ')"
expect "fish: connect instances after --detach-key KEY" "$instances" \
    "$(PATH=$stub:$PATH fcomp 'muster connect --detach-key ^Q ')"
: >"$stub_args"
PATH=$stub:$PATH fcomp 'muster -f other/Procfile wait ' >/dev/null
PATH=$stub:$PATH fcomp 'muster --socket=/run/s.sock ps ' >/dev/null
expect "fish: status asked of the app named on the line" \
    "--procfile other/Procfile status|--socket /run/s.sock status" \
    "$(sort -u "$stub_args" | paste -sd '|')"
expect "fish: no muster running, no names" "" \
    "$(STUB_FAIL=1 PATH=$stub:$PATH fcomp 'muster stop ')"
got=$(fcomp 'muster kill -s ')
expect_has "fish: kill -s signals" "$got" HUP INT KILL TERM USR1
expect_has "fish: kill options" "$(fcomp 'muster kill -')" -s
expect_has "fish: logs options" "$(fcomp 'muster logs -')" -f -n --procfile
expect_has "fish: status options" "$(fcomp 'muster status --')" --json
expect_lacks "fish: client options only for their commands" \
    "$(fcomp 'muster start -')" --json -s -n

# --- make install and uninstall ---

dest=$tmp/dest
make -C "$top" install DESTDIR="$dest" PREFIX=/usr >"$tmp/install.log" 2>&1
status=$?
expect "install: make install succeeds" "0" "$status"
[[ $status -eq 0 ]] || sed 's/^/    /' "$tmp/install.log"
bashfile=$dest/usr/share/bash-completion/completions/muster
zshfile=$dest/usr/share/zsh/vendor-completions/_muster
fishfile=$dest/usr/share/fish/vendor_completions.d/muster.fish
expect "install: bash completion" "" \
    "$(cmp "$comp/muster.bash" "$bashfile" 2>&1)"
expect "install: zsh completion" "" "$(cmp "$comp/_muster" "$zshfile" 2>&1)"
expect "install: fish completion" "" \
    "$(cmp "$comp/muster.fish" "$fishfile" 2>&1)"
expect "install: mode 644" "644 644 644" \
    "$(stat -c %a "$bashfile" "$zshfile" "$fishfile" 2>&1 | tr '\n' ' ' | sed 's/ $//')"
expect "install: bash loads the installed file" \
    "complete -F _muster muster|$formats" \
    "$(bash --norc -c 'source "$1" && complete -p muster &&
	COMP_WORDS=(muster export "") COMP_CWORD=2 COMP_POINT=14 &&
	COMP_LINE="muster export " && _muster &&
	printf "|%s" "$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")"' \
    bash "$bashfile" | tr -d '\n' | sed 's/ $//')"
expect "install: zsh finds the installed file" "_muster" \
    "$(ZDOTDIR=$tmp/zdotdir zsh -f -c 'fpath=("$1" $fpath)
	autoload -Uz compinit && compinit -u -D && print -r -- $_comps[muster]' \
    zsh "${zshfile%/*}")"
# Fish loads the completions only of a command it finds: the installed one.
# shellcheck disable=SC2016 # fish expands them
expect "install: fish autoloads the installed file" "$formats" \
    "$(PATH=$dest/usr/bin:$PATH HOME=$tmp/fishhome fish --no-config -c 'set fish_complete_path $argv[1] $fish_complete_path
	complete -C"muster export "' "${fishfile%/*}" | cut -f1 | sort | tr '\n' ' ' | sed 's/ $//')"

make -C "$top" install DESTDIR="$dest/2" PREFIX=/usr \
    BASHCOMPDIR=/etc/bash_completion.d ZSHCOMPDIR=/usr/share/zsh/site-functions \
    FISHCOMPDIR=/usr/share/fish/completions >>"$tmp/install.log" 2>&1
expect "install: directories can be moved" "yes yes yes" \
    "$(for f in etc/bash_completion.d/muster usr/share/zsh/site-functions/_muster \
	usr/share/fish/completions/muster.fish; do
	[[ -f $dest/2/$f ]] && echo yes || echo "no $f"; done | tr '\n' ' ' | sed 's/ $//')"

make -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr >>"$tmp/install.log" 2>&1
expect "uninstall: removes the completions" "" \
    "$(ls "$bashfile" "$zshfile" "$fishfile" 2>/dev/null)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
