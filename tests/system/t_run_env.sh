# muster run gives its command the env files under muster's own environment: the shell wins, later files win, -e lists and repeats, a missing default .env is fine.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT X Y Z W

# vars ARG...: prints X Y Z W as `muster ARG... sh -c ...` sees them.
vars() {
	"$MUSTER" "$@" sh -c 'echo "$X|$Y|$Z|$W"' 2>err </dev/null
}

# No Procfile and no .env at all: a plain command just runs.
assert_eq "|||" "$(vars run)" "without any file"
[ -s err ] && fail "stderr not empty without .env"

printf 'X=dot\nY=dot\nZ=dot\n' >.env
printf 'X=a\nY=a\n' >a.env
printf 'X=b\nW=b\n' >b.env

assert_eq "dot|dot|dot|" "$(vars run)" "the default .env"
assert_eq "shell|dot|dot|" "$(X=shell vars run)" "the shell over .env"
# An empty variable in the shell is still the shell's.
assert_eq "|dot|dot|" "$(X='' vars run)" "an empty shell variable over .env"

# Named files replace the default .env; later files win.
assert_eq "b|a||b" "$(vars run -e a.env,b.env)" "-e a.env,b.env"
assert_eq "a|a||b" "$(vars run -e b.env,a.env)" "-e b.env,a.env"
assert_eq "b|a||b" "$(vars run -e a.env -e b.env)" "-e a.env -e b.env"
assert_eq "b|a||b" "$(vars run --env=a.env --env b.env)" "--env twice"
assert_eq "b|a|dot|b" "$(vars run -e .env,a.env,b.env)" "-e .env,a.env,b.env"
assert_eq "shell|a||b" "$(X=shell vars run -e a.env,b.env)" "the shell over -e files"

# Options before the command word and between run and the command.
assert_eq "a|a||" "$(vars -e a.env run)" "-e before run"
assert_eq "b|a||b" "$(vars -e a.env run -e b.env)" "-e on both sides of run"

# MUSTER_ENV is a list too, and the command line replaces it.
assert_eq "b|a||b" "$(MUSTER_ENV=a.env,b.env vars run)" "MUSTER_ENV"
assert_eq "b|||b" "$(MUSTER_ENV=a.env vars run -e b.env)" "-e over MUSTER_ENV"
assert_eq "dot|dot|dot|" "$(MUSTER_ENV='' vars run)" "empty MUSTER_ENV"

# Expansion sees muster's environment and the keys read before.
printf 'Y=${X}-y\nZ=${UNSET_VAR:-def}\n' >exp.env
assert_eq "shell|shell-y|def|" "$(X=shell vars run -e exp.env)" "expansion"

# A named file that is missing is an error, even with others present.
vars run -e a.env,missing.env >out
assert_eq 2 "$?" "exit status with a missing named env file"
[ -s out ] && fail "the command ran with a missing env file"
assert_grep '^muster: missing\.env: ' err
MUSTER_ENV=missing.env vars run >out
assert_eq 2 "$?" "exit status with a missing MUSTER_ENV file"
assert_grep '^muster: missing\.env: ' err

# The default .env is beside the Procfile, not in the current directory.
mkdir app
printf 'web: echo "$X"\n' >app/Procfile
printf 'X=app\n' >app/.env
assert_eq "app|||" "$(vars run -f app/Procfile)" "the .env beside -f"
rm .env
assert_eq "|||" "$(vars run)" "a missing default .env"
[ -s err ] && fail "stderr not empty for a missing default .env"
exit 0
