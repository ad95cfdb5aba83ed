# Each malformed muster.ini makes check, start and run NAME exit 2 with the same "muster: PATH:LINE: message" errors, every fault at once, and start nothing.
# shellcheck disable=SC2317
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

i_unknown_section() {
	procfile2
	printf '[muster]\nport = 5000\n[bad name!]\nx = 1\n[muster.extra]\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:3: ' "invalid section name 'bad name!' (expected [muster] or a process type)"
	has_line 'muster: muster.ini:5: ' "invalid section name 'muster.extra'"
}

# inih keeps 50 bytes of a section name: a longer one is refused, not cut.
i_long_section() {
	local name
	name=$(printf '%050d' 0 | tr 0 w)
	printf 'web: %s\n%s: %s\n' "$CMD" "$name" "$CMD" >Procfile
	printf '[web]\non_exit = ignore\n[%s]\non_exit = ignore\n' "$name" >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:3: ' "invalid section name '$name'"
}

i_section_twice() {
	procfile2
	printf '[muster]\nport = 5000\n[web]\non_exit = ignore\n[muster]\n[web]\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:5: ' 'section [muster] given twice (first at line 1)'
	has_line 'muster: muster.ini:6: ' 'section [web] given twice (first at line 3)'
}

i_text_after_section() {
	procfile2
	printf '[muster] port = 1\ntimeout = 1\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:1: ' 'unexpected text after section header'
}

i_unknown_key() {
	procfile2
	printf '[muster]\nbogus = 1\n[web]\nstop_signal = INT\nport = 1\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:2: ' bogus
	has_line 'muster: muster.ini:5: ' port
	has_line 'muster: muster.ini:2: ' "unknown key 'bogus' in [muster]"
	has_line 'muster: muster.ini:5: ' "unknown key 'port' in [web] (expected stop_signal, stop_timeout, on_exit, restart_limit, tty, after, ready or ready_timeout)"
}

i_key_outside_section() {
	procfile2
	printf '; comment\nport = 5000\n[muster]\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:2: ' "'port' outside a section (put it under [muster] or a [process type])"
}

i_type_not_in_procfile() {
	procfile2
	printf '[muster]\nport = 5000\n\n[ghost]\nstop_signal = INT\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:4: ' ghost
	has_line 'muster: muster.ini:4: ' 'section [ghost] names no process type of Procfile'
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
	bad -r web 13
	for n in 2 3 4 5 6 7 8 10 11 12 13 15 16; do
		has_line "muster: muster.ini:$n: "
	done
	has_line 'muster: muster.ini:2: ' "invalid port '70000' (expected 1-65535)"
	has_line 'muster: muster.ini:3: ' "invalid timeout '1s' (expected seconds, such as 5 or 0.5)"
	has_line 'muster: muster.ini:4: ' "invalid boolean 'maybe' (expected true/false, yes/no, on/off or 1/0)"
	has_line 'muster: muster.ini:5: ' "invalid color 'purple' (expected auto, always or never)"
	has_line 'muster: muster.ini:6: ' "invalid boolean '2'"
	has_line 'muster: muster.ini:7: ' "invalid log format 'xml' (expected text or json)"
	has_line 'muster: muster.ini:8: ' "invalid formation item 'web' (expected NAME=COUNT)"
	has_line 'muster: muster.ini:10: ' "invalid stop_signal 'SIGFOO' (expected a signal name such as TERM or SIGINT)"
	has_line 'muster: muster.ini:11: ' "invalid on_exit 'explode' (expected shutdown, ignore or restart)"
	has_line 'muster: muster.ini:12: ' "invalid restart_limit '-1' (expected a whole number from 0)"
	has_line 'muster: muster.ini:13: ' "invalid stop_timeout 'soon' (expected seconds, such as 5 or 0.5)"
	has_line 'muster: muster.ini:15: ' "invalid stop_signal '99'"
	has_line 'muster: muster.ini:16: ' "invalid restart_limit 'many'"
}

# Signals that would never end a process: STOP only pauses it (and the
# SIGCONT that follows every stop signal resumes it), CONT and CHLD are
# ignored; every stop would wait for SIGKILL.
i_stop_signal_no_end() {
	procfile2
	printf '[web]\nstop_signal = STOP\n[worker]\nstop_signal = SIGCONT\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:2: ' "invalid stop_signal 'STOP' (SIGSTOP, SIGCONT and SIGCHLD do not end a process)"
	has_line 'muster: muster.ini:4: ' "invalid stop_signal 'SIGCONT' (SIGSTOP, SIGCONT and SIGCHLD do not end a process)"
	printf '[web]\nstop_signal = chld\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:2: ' "invalid stop_signal 'chld' (SIGSTOP, SIGCONT and SIGCHLD do not end a process)"
}

i_bad_port() {
	procfile2
	for v in 0 65536 abc -1 ''; do
		printf '[muster]\n\nport = %s\n' "$v" >muster.ini
		bad -r web 1
		has_line 'muster: muster.ini:3: ' "invalid port '$v'"
	done
}

# Paths and lists that are empty, in a file named by --config, where the
# procfile key counts.
i_empty_paths() {
	procfile2
	printf '[muster]\nprocfile =\nroot = \nenv = a.env, ,b.env\n' >conf.ini
	bad -r web 3 --config conf.ini
	has_line 'muster: conf.ini:2: ' 'empty path'
	has_line 'muster: conf.ini:3: ' 'empty path'
	has_line 'muster: conf.ini:4: ' 'empty file name in env file list'
}

i_duplicate_key() {
	procfile2
	printf '[muster]\nport = 5000\ntimeout = 1\nport = 5001\n[web]\non_exit = ignore\non_exit = restart\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:4: ' port
	has_line 'muster: muster.ini:7: ' on_exit
	has_line 'muster: muster.ini:4: ' "'port' given twice in [muster] (first at line 2)"
	has_line 'muster: muster.ini:7: ' "'on_exit' given twice in [web] (first at line 6)"
}

i_indented_line() {
	procfile2
	printf '[muster]\nport = 5000\n  timeout = 1\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:3: ' 'indented line (continuation lines are not supported)'
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
	bad -r web 1
	has_line 'muster: muster.ini:3: ' 'line too long (more than '
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
			has_line 'muster: muster.ini:2: ' 'line too long'
			bad -r web 1
			has_line 'muster: muster.ini:2: ' 'line too long'
		fi
		rm -f "$name"
	done
}

i_inih_rejects() {
	procfile2
	printf '[muster]\nno separator here\nport = 5000\n[web\n' >muster.ini
	bad -r web 2
	has_line 'muster: muster.ini:2: ' 'syntax error (expected KEY = VALUE, [SECTION] or a comment)'
	has_line 'muster: muster.ini:4: ' "unterminated section header (missing ']')"
}

i_nul_byte() {
	procfile2
	printf '[muster]\nport = 5000\nprefix = tr\000ue\n' >muster.ini
	bad -r web 1
	has_line 'muster: muster.ini:3: ' 'line contains a NUL byte'
}

i_utf16() {
	procfile2
	printf '[muster]\r\nport = 5000\r\n' | iconv -f UTF-8 -t UTF-16BE >muster.ini
	bad -r web 1
	assert_eq "muster: muster.ini: UTF-16 text; muster reads UTF-8 (convert with iconv -f UTF-16BE -t UTF-8)" \
	    "$(<err)" "error"
}

i_named_by_config() {
	procfile2
	mkdir conf
	printf '[muster]\ncolor = sometimes\n' >conf/other.ini
	bad -r web 1 --config conf/other.ini
	has_line 'muster: conf/other.ini:2: ' "invalid color 'sometimes'"
	bad -r web 1 --config conf/missing.ini
	has_line 'muster: conf/missing.ini: ' 'cannot open: No such file or directory'
	MUSTER_CONFIG=conf bad -r web 1
	has_line 'muster: conf: ' 'cannot read: Is a directory'
}

run_cases i_unknown_section i_long_section i_section_twice \
    i_text_after_section i_unknown_key i_key_outside_section \
    i_type_not_in_procfile i_bad_values i_stop_signal_no_end i_bad_port i_empty_paths \
    i_duplicate_key i_indented_line i_long_line i_line_limit \
    i_inih_rejects i_nul_byte i_utf16 i_named_by_config
exit 0
