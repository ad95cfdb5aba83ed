# Each malformed Procfile or env file makes check, start and run NAME exit 2 with the same "muster: PATH:LINE: message" errors, every fault at once, and start nothing.
# shellcheck disable=SC2317
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

# --- Procfile ---

p_not_entry() {
	printf 'web: %s\nnot an entry\n' "$CMD" >Procfile
	bad -r web 1
	has_line 'muster: Procfile:2: ' 'not a Procfile entry (expected NAME: COMMAND)'
}

# A colon with no name before it.
p_no_name() {
	printf ': %s\n@x: %s\nweb: %s\n' "$CMD" "$CMD" "$CMD" >Procfile
	bad -r web 2
	has_line 'muster: Procfile:1: ' 'not a Procfile entry (expected NAME: COMMAND)'
	has_line 'muster: Procfile:2: ' 'not a Procfile entry (expected NAME: COMMAND)'
}

p_indented_name() {
	printf 'web: %s\n  worker: %s\n' "$CMD" "$CMD" >Procfile
	bad -r web 1
	has_line 'muster: Procfile:2: ' 'process type name must start at column 0'
}

p_empty_command() {
	printf 'web: %s\nworker:\nclock:  \t \n' "$CMD" >Procfile
	bad -r web 2
	has_line 'muster: Procfile:2: ' "empty command for process type 'worker'"
	has_line 'muster: Procfile:3: ' "empty command for process type 'clock'"
}

p_duplicate() {
	printf 'web: %s\nworker: %s\n\nweb: %s\n' "$CMD" "$CMD" "$CMD" >Procfile
	bad -r web 1
	has_line 'muster: Procfile:4: ' web
	has_line 'muster: Procfile:4: ' "duplicate process type 'web' (first defined at line 1)"
}

p_no_entries() {
	printf '# only a comment\n\n   \n\t# another\n' >Procfile
	bad -r web 1
	has_line 'muster: Procfile: '
	assert_eq "muster: Procfile: no process types defined" "$(<err)" "error"
	: >Procfile
	bad -r web 1
	has_line 'muster: Procfile: ' 'no process types defined'
}

p_invalid_name() {
	printf 'web.1: %s\nweb worker: %s\nw\303\251b: %s\nok: %s\n' \
	    "$CMD" "$CMD" "$CMD" "$CMD" >Procfile
	bad -r ok 3
	has_line 'muster: Procfile:1: ' 'invalid process type name (allowed characters: A-Z a-z 0-9 _ -)'
	has_line 'muster: Procfile:2: ' 'invalid process type name'
	has_line 'muster: Procfile:3: ' 'invalid process type name'
}

# foreman drops such a line silently; the blank is the fault, not the name.
p_blank_before_colon() {
	printf 'web: %s\nworker : %s\nclock\t: %s\n' "$CMD" "$CMD" "$CMD" >Procfile
	bad -r web 2
	has_line 'muster: Procfile:2: ' "expected ':' right after the name 'worker'"
	has_line 'muster: Procfile:3: ' "expected ':' right after the name 'clock'"
}

# A UTF-16 file (Notepad, PowerShell's Out-File), with or without a BOM,
# in either byte order: one error that says so, not one per line.
p_utf16() {
	local enc
	for enc in UTF-16 UTF-16LE UTF-16BE; do
		printf 'web: %s\r\nworker: %s\r\n' "$CMD" "$CMD" |
		    iconv -f UTF-8 -t "$enc" >Procfile
		bad -r web 1
		assert_eq "muster: Procfile: UTF-16 text; muster reads UTF-8 (convert with iconv -f $enc -t UTF-8)" \
		    "$(<err)" "error for $enc"
	done
	# With a BOM of its own, as Windows writes it.
	printf '\377\376w\0e\0b\0:\0 \0x\0\r\0\n\0' >Procfile
	bad -r web 1
	has_line 'muster: Procfile: ' 'UTF-16 text; muster reads UTF-8 (convert with iconv -f UTF-16 -t UTF-8)'
}

p_nul_byte() {
	printf 'web: %s\nwor\000ker: %s\nclock: echo \000\n' "$CMD" "$CMD" >Procfile
	bad -r web 2
	has_line 'muster: Procfile:2: ' 'line contains a NUL byte'
	has_line 'muster: Procfile:3: ' 'line contains a NUL byte'
}

# A byte order mark and CRLF line ends do not shift the line numbers.
p_bom_crlf() {
	printf '\357\273\277web: %s\r\n\r\nworker: %s\r\n bad\r\n' "$CMD" "$CMD" >Procfile
	bad -r web 1
	has_line 'muster: Procfile:4: ' 'process type name must start at column 0'
}

p_directory() {
	mkdir Procfile
	bad -r web 1
	has_line 'muster: Procfile: ' 'cannot read: Is a directory'
}

p_missing() {
	bad 1
	has_line 'muster: Procfile: ' 'cannot open: No such file or directory'
	bad -r web 1 -f Procfile.dev
	has_line 'muster: Procfile.dev: ' 'cannot open: No such file or directory'
	# Beneath a file: the root, the Procfile's directory, is no directory.
	touch afile
	bad 2 -f afile/Procfile
	has_line 'muster: afile/Procfile: ' 'cannot open: Not a directory'
	has_line 'muster: afile: ' 'cannot use as root directory: Not a directory'
}

# Input files stop at 64 MiB.
p_too_large() {
	bad 1 -f /dev/zero
	has_line 'muster: /dev/zero: ' 'file too large (over 67108864 bytes)'
}

# Every fault of the file is reported in one run, in line order, and the
# faults of the env file with them.
p_many() {
	printf 'web: %s\n bad\nx\nweb: again\nempty:\nok: %s\n' "$CMD" "$CMD" >Procfile
	printf 'A=1\nNOSEP\n' >.env
	bad -r ok 5
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
	bad -r web 1
	has_line 'muster: .env:2: ' "no '=' or ':' after key"
}

# "export" and blanks, and no key after them.
e_missing_key() {
	procfile2
	printf 'A=1\nexport  \nB=2\n=3\n :4\n' >.env
	bad -r web 3
	has_line 'muster: .env:2: ' "missing key after 'export'"
	has_line 'muster: .env:4: ' "missing key before '=' or ':'"
	has_line 'muster: .env:5: ' "missing key before '=' or ':'"
}

e_invalid_key() {
	procfile2
	printf 'A=1\n-X=1\nK@Y=2\n.K=3\nGOOD.K-1=4\n' >.env
	bad -r web 3
	has_line 'muster: .env:2: ' 'invalid key (allowed: A-Z a-z 0-9 _ and, after the first, . -)'
	has_line 'muster: .env:3: ' 'invalid key'
	has_line 'muster: .env:4: ' 'invalid key'
}

e_unterminated_single() {
	procfile2
	printf 'A=1\n\nS=\x27one\ntwo\nthree\n' >.env
	bad -r web 1
	has_line 'muster: .env:3: ' S
	has_line 'muster: .env:3: ' 'unterminated quoted value for S'
}

e_unterminated_double() {
	procfile2
	printf 'A=1\nD="one\ntwo \\" still open\nthree\n' >.env
	bad -r web 1
	has_line 'muster: .env:2: ' D
	has_line 'muster: .env:2: ' 'unterminated quoted value for D'
}

# Reported at the line where the value opened, not where it closed.
e_text_after_quote() {
	procfile2
	printf 'A=1\nQ="one\ntwo" trailing\nR=\x27x\x27y\nS="ok" # fine\n' >.env
	bad -r web 2
	has_line 'muster: .env:2: ' Q
	has_line 'muster: .env:4: ' R
	has_line 'muster: .env:2: ' 'unexpected text after the closing quote of Q'
	has_line 'muster: .env:4: ' 'unexpected text after the closing quote of R'
}

e_utf16() {
	procfile2
	printf 'A=1\nSECRET=SECRET_MARKER_1\n' | iconv -f UTF-8 -t UTF-16LE >.env
	bad -r web 1
	assert_eq "muster: .env: UTF-16 text; muster reads UTF-8 (convert with iconv -f UTF-16LE -t UTF-8)" \
	    "$(<err)" "error"
	printf 'A=1\n' | iconv -f UTF-8 -t UTF-16 >b.env
	bad -r web 1 -e b.env
	has_line 'muster: b.env: ' 'UTF-16 text; muster reads UTF-8 (convert with iconv -f UTF-16 -t UTF-8)'
}

e_nul_byte() {
	procfile2
	printf 'A=1\nB=x\000y\nC="p\000q"\n' >.env
	bad -r web 2
	has_line 'muster: .env:2: ' 'line contains a NUL byte'
	has_line 'muster: .env:3: ' 'line contains a NUL byte'
}

# A NUL byte in a later line of a quoted value: reported at the line where
# the value opened.
e_nul_in_value() {
	procfile2
	printf 'A=1\nK="one\ntwo\000three"\nB=2\nS=\x27x\ny\000\x27\n' >.env
	bad -r web 2
	has_line 'muster: .env:2: ' 'value of K contains a NUL byte'
	has_line 'muster: .env:5: ' 'value of S contains a NUL byte'
}

# CRLF and a lone CR end lines, for the line numbers too.
e_crlf() {
	procfile2
	printf 'A=1\r\nNOSEP\rB=2\r\nK@Y=3\n' >.env
	bad -r web 2
	has_line 'muster: .env:2: ' "no '=' or ':' after key"
	has_line 'muster: .env:4: ' 'invalid key'
}

e_named_missing() {
	procfile2
	bad -r web 1 -e nope.env
	has_line 'muster: nope.env: ' 'cannot open: No such file or directory'
	printf 'A=1\n' >a.env
	bad -r web 1 -e a.env,b.env
	has_line 'muster: b.env: '
	MUSTER_ENV=c.env bad -r web 1
	has_line 'muster: c.env: '
}

e_second_file() {
	procfile2
	printf 'A=1\n' >a.env
	printf 'B=1\nbad line\nC=2\nD\n' >b.env
	bad -r web 2 -e a.env -e b.env
	has_line 'muster: b.env:2: '
	has_line 'muster: b.env:4: '
}

e_directory() {
	procfile2
	mkdir .env
	bad -r web 1
	has_line 'muster: .env: ' 'cannot read: Is a directory'
}

# read(2) fails: the first page of /proc/self/mem is not mapped.
e_read_error() {
	procfile2
	bad -r web 1 -e /proc/self/mem
	has_line 'muster: /proc/self/mem: ' 'cannot read: Input/output error'
}

run_cases p_not_entry p_no_name p_indented_name p_empty_command \
    p_duplicate p_no_entries p_invalid_name p_blank_before_colon p_utf16 \
    p_nul_byte p_bom_crlf \
    p_directory p_missing p_too_large p_many \
    e_no_separator e_missing_key e_invalid_key e_unterminated_single \
    e_unterminated_double e_text_after_quote e_utf16 e_nul_byte e_nul_in_value \
    e_crlf e_named_missing e_second_file e_directory e_read_error
exit 0
