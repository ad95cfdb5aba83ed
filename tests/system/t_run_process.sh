# muster run PROCESS runs the entry under /bin/sh -c in the root directory with the PORT and PS of its instance 1; other commands run directly in the current directory.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT PS

top=$PWD
mkdir -p app root other
cat >app/Procfile <<'EOP'
web: echo "web port=$PORT ps=$PS dir=$(pwd)"
worker: echo "worker port=$PORT ps=$PS"; exit 3
# a comment between entries
clock: x=1; for i in a b; do x="$x$i"; done; echo "$x" | tr a-z A-Z
EOP

out_of() {
	"$MUSTER" "$@" 2>err </dev/null
}

assert_eq "web port=5000 ps=web.1 dir=$top/app" \
    "$(out_of run -f app/Procfile web)" "run web in the Procfile's dir"
assert_eq 3 "$(out_of run -f app/Procfile worker >out; echo $?)" "status of worker"
assert_eq "worker port=5100 ps=worker.1" "$(cat out)" "run worker: PORT = base + 100"
# The command goes to /bin/sh -c unchanged.
assert_eq "1AB" "$(out_of run -f app/Procfile clock)" "run clock through sh -c"

# The base port, -d and a formation do not change instance 1's PORT rules.
assert_eq "worker port=7100 ps=worker.1" \
    "$(out_of run -f app/Procfile -p 7000 worker)" "run worker -p 7000"
assert_eq "worker port=6100 ps=worker.1" \
    "$(PORT=6000 out_of run -f app/Procfile worker)" "run worker with PORT=6000"
assert_eq "web port=5000 ps=web.1 dir=$top/root" \
    "$(out_of run -f app/Procfile -d root web)" "run web -d root"
assert_eq "web port=5000 ps=web.1 dir=$top/root" \
    "$(MUSTER_ROOT=root out_of run -f app/Procfile web)" "MUSTER_ROOT"
# PORT and PS from muster's environment or the env files do not win.
printf 'PS=fromfile\n' >app/.env
assert_eq "worker port=5100 ps=worker.1" \
    "$(PS=shell out_of run -f app/Procfile worker)" "PS set by muster"

# From inside the app directory, with the default Procfile.
cd app || fail "cd app"
assert_eq "web port=5000 ps=web.1 dir=$top/app" "$(out_of run web)" "run web"
# A plain command runs in the current directory, not the root, with the
# env files' values.
assert_eq "$top/app" "$(out_of run -d ../root pwd)" "pwd of a plain command"
assert_eq "fromfile" "$(out_of run printenv PS)" "env of a plain command"
# More than one argument is never a Procfile entry.
assert_eq 127 "$(out_of run web x >/dev/null; echo $?)" "status of run web x"
cd "$top" || fail "cd back"

# A plain command needs no Procfile; a name that is no entry is a command.
mkdir empty
cd empty || fail "cd empty"
assert_eq "plain" "$(out_of run echo plain)" "run without a Procfile"
[ -s err ] && fail "stderr not empty without a Procfile"
assert_eq "hi" "$(out_of run sh -c 'echo hi')" "run sh -c without a Procfile"
cd "$top" || fail "cd back"
assert_eq "not an entry" "$(out_of run -f app/Procfile echo 'not an entry')" \
    "a command beside a Procfile"

# The command's arguments are never muster's options; -- ends muster's.
printf -- '-e\n-p\n1\n--help\n' >want
"$MUSTER" run printf '%s\n' -e -p 1 --help >out 2>err </dev/null ||
    fail "run printf exited $?"
cmp -s want out || fail "run printf: arguments were changed"
"$MUSTER" run -- printf '%s\n' -e -p 1 --help >out 2>err </dev/null ||
    fail "run -- printf exited $?"
cmp -s want out || fail "run -- printf: arguments were changed"
"$MUSTER" -t 1 run -p 5001 -- printf '%s\n' -e -p 1 --help >out 2>err </dev/null ||
    fail "run with options and -- exited $?"
cmp -s want out || fail "run with options and --: arguments were changed"
assert_eq "-v" "$(out_of run -- echo -v)" "run -- echo -v"
assert_eq "muster 1" "$(out_of run sh -c 'echo "muster $#"' -x -h)" "arguments after sh -c"

# stdin is inherited.
assert_eq "hi" "$(echo hi | "$MUSTER" run cat 2>err)" "echo hi | muster run cat"
assert_eq "from stdin" "$(printf 'from stdin\n' | "$MUSTER" run -f app/Procfile sh -c 'read -r l; echo "$l"' 2>err)" "stdin of sh"
printf 'web: read -r l; echo "web read $l"\n' >Procfile
assert_eq "web read line" "$(echo line | "$MUSTER" run web 2>err)" "stdin of run web"
exit 0
