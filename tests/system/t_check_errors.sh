# muster check rejects each malformed input with exit 2, nothing on stdout and one "muster: PATH:LINE: " error per fault, every fault of a file at once.
# shellcheck disable=SC2016,SC2317
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# check_fails N [ARG...]: `muster check ARG...` exits 2, prints nothing on
# stdout and exactly N errors ("muster: ..." lines) on stderr.
check_fails() {
	local n=$1 rc
	shift
	"$MUSTER" check "$@" >out 2>err
	rc=$?
	assert_eq 2 "$rc" "exit status of 'muster check $*'"
	if [ -s out ]; then
		fail "stdout of 'muster check $*' is not empty"
	fi
	assert_eq "$n" "$(count_lines '^muster: ' err)" \
	    "number of errors of 'muster check $*'"
}

# has_line PREFIX [WORD]: a line of stderr starts with the fixed string
# PREFIX (and holds WORD after it).
has_line() {
	local l
	while IFS= read -r l; do
		case $l in
		"$1"*"${2:-}"*) return 0 ;;
		esac
	done <err
	fail "no line of stderr starts with '$1'${2:+ and holds '$2'}"
}

procfile2() {
	printf 'web: echo web\nworker: echo worker\n' >Procfile
}

# --- Procfile ---

p_not_entry() {
	printf 'web: echo hi\nnot an entry\n' >Procfile
	check_fails 1
	has_line 'muster: Procfile:2: '
}

p_indented_name() {
	printf 'web: echo hi\n  worker: echo hi\n' >Procfile
	check_fails 1
	has_line 'muster: Procfile:2: '
}

p_empty_command() {
	printf 'web: echo hi\nworker:\nclock:  \t \n' >Procfile
	check_fails 2
	has_line 'muster: Procfile:2: '
	has_line 'muster: Procfile:3: '
}

p_duplicate() {
	printf 'web: echo 1\nworker: echo 2\n\nweb: echo 3\n' >Procfile
	check_fails 1
	has_line 'muster: Procfile:4: ' web
}

p_no_entries() {
	printf '# only a comment\n\n   \n\t# another\n' >Procfile
	check_fails 1
	has_line 'muster: Procfile: '
	: >Procfile
	check_fails 1
	has_line 'muster: Procfile: '
}

p_invalid_name() {
	printf 'web.1: echo a\nweb worker: echo b\nw\303\251b: echo c\nok: echo d\n' >Procfile
	check_fails 3
	has_line 'muster: Procfile:1: '
	has_line 'muster: Procfile:2: '
	has_line 'muster: Procfile:3: '
}

p_nul_byte() {
	printf 'web: echo a\nwor\000ker: echo b\nclock: echo \000\n' >Procfile
	check_fails 2
	has_line 'muster: Procfile:2: '
	has_line 'muster: Procfile:3: '
}

p_directory() {
	mkdir Procfile
	check_fails 1
	has_line 'muster: Procfile: '
}

p_missing() {
	check_fails 1
	has_line 'muster: Procfile: '
	check_fails 1 -f Procfile.dev
	has_line 'muster: Procfile.dev: '
}

# Every fault of the file is reported in one run, in line order, and the
# faults of the env file with them.
p_many() {
	printf 'web: echo a\n bad\nx\nweb: again\nempty:\nok: echo ok\n' >Procfile
	printf 'A=1\nNOSEP\n' >.env
	check_fails 5
	has_line 'muster: Procfile:2: '
	has_line 'muster: Procfile:3: '
	has_line 'muster: Procfile:4: '
	has_line 'muster: Procfile:5: '
	has_line 'muster: .env:2: '
	assert_eq "2 3 4 5" "$(sed -n 's/^muster: Procfile:\([0-9]*\): .*/\1/p' err |
	    tr '\n' ' ' | sed 's/ $//')" "order of the Procfile errors"
}

# --- env files ---

e_no_separator() {
	procfile2
	printf 'A=1\nJUSTAWORD\nB=2\n' >.env
	check_fails 1
	has_line 'muster: .env:2: '
}

e_invalid_key() {
	procfile2
	printf 'A=1\n-X=1\nK@Y=2\n.K=3\nGOOD.K-1=4\n' >.env
	check_fails 3
	has_line 'muster: .env:2: '
	has_line 'muster: .env:3: '
	has_line 'muster: .env:4: '
}

e_unterminated_single() {
	procfile2
	printf 'A=1\n\nS=\x27one\ntwo\nthree\n' >.env
	check_fails 1
	has_line 'muster: .env:3: ' S
}

e_unterminated_double() {
	procfile2
	printf 'A=1\nD="one\ntwo \\" still open\nthree\n' >.env
	check_fails 1
	has_line 'muster: .env:2: ' D
}

# Reported at the line where the value opened, not where it closed.
e_text_after_quote() {
	procfile2
	printf 'A=1\nQ="one\ntwo" trailing\nR=\x27x\x27y\nS="ok" # fine\n' >.env
	check_fails 2
	has_line 'muster: .env:2: ' Q
	has_line 'muster: .env:4: ' R
}

e_nul_byte() {
	procfile2
	printf 'A=1\nB=x\000y\nC="p\000q"\n' >.env
	check_fails 2
	has_line 'muster: .env:2: '
	has_line 'muster: .env:3: '
}

e_named_missing() {
	procfile2
	check_fails 1 -e nope.env
	has_line 'muster: nope.env: '
	printf 'A=1\n' >a.env
	check_fails 1 -e a.env,b.env
	has_line 'muster: b.env: '
	MUSTER_ENV=c.env check_fails 1
	has_line 'muster: c.env: '
}

e_second_file() {
	procfile2
	printf 'A=1\n' >a.env
	printf 'B=1\nbad line\nC=2\nD\n' >b.env
	check_fails 2 -e a.env -e b.env
	has_line 'muster: b.env:2: '
	has_line 'muster: b.env:4: '
}

e_directory() {
	procfile2
	mkdir .env
	check_fails 1
	has_line 'muster: .env: '
}

# --- muster.ini ---

i_unknown_section() {
	procfile2
	printf '[muster]\nport = 5000\n[bad name!]\nx = 1\n[muster.extra]\n' >muster.ini
	check_fails 2
	has_line 'muster: muster.ini:3: '
	has_line 'muster: muster.ini:5: '
}

i_unknown_key() {
	procfile2
	printf '[muster]\nbogus = 1\n[web]\nstop_signal = INT\nport = 1\n' >muster.ini
	check_fails 2
	has_line 'muster: muster.ini:2: ' bogus
	has_line 'muster: muster.ini:5: ' port
}

i_key_outside_section() {
	procfile2
	printf '; comment\nport = 5000\n[muster]\n' >muster.ini
	check_fails 1
	has_line 'muster: muster.ini:2: '
}

i_type_not_in_procfile() {
	procfile2
	printf '[muster]\nport = 5000\n\n[ghost]\nstop_signal = INT\n' >muster.ini
	check_fails 1
	has_line 'muster: muster.ini:4: ' ghost
}

i_bad_values() {
	procfile2
	cat >muster.ini <<'EOF'
[muster]
port = 70000
timeout = 1s
timestamps = maybe
color = purple
prefix = 2
log_format = xml
formation = web
[web]
stop_signal = SIGFOO
on_exit = explode
restart_limit = -1
stop_timeout = soon
[worker]
stop_signal = 99
restart_limit = many
EOF
	check_fails 13
	for n in 2 3 4 5 6 7 8 10 11 12 13 15 16; do
		has_line "muster: muster.ini:$n: "
	done
}

i_bad_port() {
	procfile2
	for v in 0 65536 abc -1 ''; do
		printf '[muster]\n\nport = %s\n' "$v" >muster.ini
		check_fails 1
		has_line 'muster: muster.ini:3: '
	done
}

i_duplicate_key() {
	procfile2
	printf '[muster]\nport = 5000\ntimeout = 1\nport = 5001\n[web]\non_exit = ignore\non_exit = restart\n' >muster.ini
	check_fails 2
	has_line 'muster: muster.ini:4: ' port
	has_line 'muster: muster.ini:7: ' on_exit
}

i_indented_line() {
	procfile2
	printf '[muster]\nport = 5000\n  timeout = 1\n' >muster.ini
	check_fails 1
	has_line 'muster: muster.ini:3: '
}

# inih (Debian) takes lines of about 200 bytes and would cut a longer one.
i_long_line() {
	procfile2
	{
		printf '[muster]\nport = 5000\nenv = '
		head -c 294 /dev/zero | tr '\0' x
		printf '\ntimeout = 1\n'
	} >muster.ini
	assert_eq 301 "$(sed -n 3p muster.ini | wc -c | tr -d " ")" "length of line 3 with its LF"
	check_fails 1
	has_line 'muster: muster.ini:3: '
}

# Around inih's limit a line is taken whole or refused at its line, never
# cut: a cut env file name would be a missing file instead.
i_line_limit() {
	local len name rc
	procfile2
	for len in 190 197 198 199 200 201 210 255; do
		name=$(head -c $((len - 6)) /dev/zero | tr '\0' e)
		printf 'X=%s\n' "$len" >"$name"
		printf '[muster]\nenv = %s\n' "$name" >muster.ini
		"$MUSTER" run printenv X >out 2>err
		rc=$?
		if [ "$rc" = 0 ] || [ "$len" = 190 ]; then
			assert_eq "$len" "$(cat out)" "X from the env file named in a $len-byte line"
		else
			assert_eq 2 "$rc" "exit status for a $len-byte line"
			assert_eq 1 "$(count_lines '^muster: ' err)" "errors for a $len-byte line"
			has_line 'muster: muster.ini:2: '
		fi
		rm -f "$name"
	done
}

i_inih_rejects() {
	procfile2
	printf '[muster]\nno separator here\nport = 5000\n[web\n' >muster.ini
	check_fails 2
	has_line 'muster: muster.ini:2: '
	has_line 'muster: muster.ini:4: '
}

i_nul_byte() {
	procfile2
	printf '[muster]\nport = 5000\nprefix = tr\000ue\n' >muster.ini
	check_fails 1
	has_line 'muster: muster.ini:3: '
}

i_named_by_config() {
	procfile2
	mkdir conf
	printf '[muster]\ncolor = sometimes\n' >conf/other.ini
	check_fails 1 --config conf/other.ini
	has_line 'muster: conf/other.ini:2: '
	check_fails 1 --config conf/missing.ini
	has_line 'muster: conf/missing.ini: '
}

# One run reports the errors of every layer and file.
all_at_once() {
	printf 'web: echo a\n bad\nworker: echo b\n' >Procfile
	printf 'A=1\nNOSEP\n' >.env
	printf '[muster]\nport = x\n[web]\non_exit = never\n' >muster.ini
	MUSTER_TIMEOUT=abc check_fails 5
	has_line 'muster: MUSTER_TIMEOUT: '
	has_line 'muster: muster.ini:2: '
	has_line 'muster: muster.ini:4: '
	has_line 'muster: Procfile:2: '
	has_line 'muster: .env:2: '
}

# --- formation and ports ---

f_malformed() {
	local m
	procfile2
	for m in web =1 web==2 'web=1,' '' ' ' web=-1 web=x 'web=1,,worker=1' \
	    'web=1,web=2' ghost=1; do
		check_fails 1 -m "$m"
		has_line 'muster: -m: '
	done
	check_fails 1 --formation web
	has_line 'muster: -' web
	check_fails 1 -c web=
	has_line 'muster: -c: '
}

f_from_env_and_ini() {
	procfile2
	MUSTER_FORMATION='web=1,' check_fails 1
	has_line 'muster: MUSTER_FORMATION: '
	printf '[muster]\nformation = worker==1\n' >muster.ini
	check_fails 1
	has_line 'muster: muster.ini:2: '
}

f_nothing_to_start() {
	printf 'web: echo web\n' >Procfile
	check_fails 1 -m web=0
	has_line 'muster: -m: '
	procfile2
	check_fails 1 -m all=0
	has_line 'muster: -m: '
}

# web is the second entry: its port is base + 100.
port_above_65535() {
	printf 'worker: echo w\nweb: echo web\n' >Procfile
	check_fails 1 -p 65500 -m web=1
	has_line 'muster: ' 65600
	"$MUSTER" check -p 65435 -m web=1 >out 2>err ||
	    fail "port 65535 refused"
	check_fails 1 -p 65436 -m web=1
	has_line 'muster: ' 65536
	check_fails 1 -p 65500 -m worker=37
	has_line 'muster: ' 65536
	"$MUSTER" check -p 65500 -m worker=36 >out 2>err ||
	    fail "worker.36 on port 65535 refused"
}

for c in p_not_entry p_indented_name p_empty_command p_duplicate \
    p_no_entries p_invalid_name p_nul_byte p_directory p_missing p_many \
    e_no_separator e_invalid_key e_unterminated_single \
    e_unterminated_double e_text_after_quote e_nul_byte e_named_missing \
    e_second_file e_directory \
    i_unknown_section i_unknown_key i_key_outside_section \
    i_type_not_in_procfile i_bad_values i_bad_port i_duplicate_key \
    i_indented_line i_long_line i_line_limit i_inih_rejects i_nul_byte \
    i_named_by_config all_at_once \
    f_malformed f_from_env_and_ini f_nothing_to_start port_above_65535; do
	mkdir "$c"
	(cd "$c" && "$c") || fail "case $c"
done
exit 0
