# The EXAMPLES of procfile(5) work as written: check accepts the Procfile, and muster run gives a command each value of the env file as the page says.
# shellcheck disable=SC2016
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT RACK_ENV DATABASE_URL GREETING PATTERN LOG_DIR \
    CACHE_SIZE PRICE CERT

cat >Procfile <<'EOP'
# the web server and a background worker
web: bundle exec puma -p $PORT
worker: bundle exec sidekiq -c 5
EOP
cat >.env <<'EOP'
# comments and blank lines are ignored
export RACK_ENV=development
DATABASE_URL: postgres://localhost/app_dev
GREETING="hello\tworld"    # an inline comment
PATTERN='no $expansion here'
LOG_DIR=${HOME}/log
CACHE_SIZE=${CACHE_SIZE:-64}
PRICE=\$5
CERT="-----BEGIN CERTIFICATE-----
MIIB...
-----END CERTIFICATE-----"
EOP

"$MUSTER" check >out 2>err
assert_eq 0 "$?" "exit status of check"
assert_eq "valid procfile detected (web, worker)" "$(cat out)" "check"
[ -s err ] && fail "check wrote to stderr"

# value NAME: the value `muster run` gives NAME.
value() {
	"$MUSTER" run printenv "$1" 2>err </dev/null || fail "printenv $1 exited $?"
}

assert_eq "development" "$(value RACK_ENV)" RACK_ENV
assert_eq "postgres://localhost/app_dev" "$(value DATABASE_URL)" DATABASE_URL
assert_eq "$(printf 'hello\tworld')" "$(value GREETING)" GREETING
assert_eq 'no $expansion here' "$(value PATTERN)" PATTERN
assert_eq "$HOME/log" "$(value LOG_DIR)" LOG_DIR
assert_eq 64 "$(value CACHE_SIZE)" CACHE_SIZE
assert_eq 128 "$(CACHE_SIZE=128 value CACHE_SIZE)" "CACHE_SIZE from muster's environment"
assert_eq '$5' "$(value PRICE)" PRICE
assert_eq "$(printf -- '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----')" \
    "$(value CERT)" CERT
assert_eq 3 "$("$MUSTER" run printenv CERT | wc -l | tr -d ' ')" "lines of CERT"
exit 0
