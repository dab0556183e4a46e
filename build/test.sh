#!/usr/bin/env bash
# Runs every test: bash build/test.sh [extra dotnet test arguments]
#
# On a fresh Debian 12 machine (as root, no stdin, CI=true works) it installs what the tests need and is
# missing (Debian's chromium and postgresql, fonts-noto-cjk for Chinese in screenshots), starts a private
# PostgreSQL on 127.0.0.1 (see build/postgres.sh) unless GRASSROOTS_TEST_POSTGRES is already set, runs
# `dotnet test` on the solution in Release, stops the server and exits with dotnet test's exit code.
# Screenshots land in TestResults/screenshots, TRX reports in TestResults/trx.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=build/postgres.sh
source "$root/build/postgres.sh"

started=$SECONDS
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Playwright drives Debian's chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# --- Install what is missing ------------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
    echo "test.sh: installing ${missing[*]}"
    sudo=()
    if [[ $EUID -ne 0 ]]; then sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq </dev/null
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# --- PostgreSQL -------------------------------------------------------------------------------------------
pg_dir=""
cleanup() {
    if [[ -n "$pg_dir" ]]; then
        grassroots_pg_stop "$pg_dir"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n "${GRASSROOTS_TEST_POSTGRES:-}" ]]; then
    echo "test.sh: using the PostgreSQL in GRASSROOTS_TEST_POSTGRES"
else
    pg_dir="/tmp/grassroots-pg-$$"
    rm -rf "$pg_dir"
    grassroots_pg_start "$pg_dir"
    echo "test.sh: PostgreSQL started on ${GRASSROOTS_TEST_POSTGRES%%;Username=*} (data in $pg_dir)"
fi
export GRASSROOTS_TEST_POSTGRES

# --- Tests ------------------------------------------------------------------------------------------------
trx_dir="$root/TestResults/trx"
rm -rf "$trx_dir"
set +e
dotnet test Grassroots.Orchard.sln -c Release \
    --logger "console;verbosity=normal" --logger "trx;LogFilePrefix=tests" --results-directory "$trx_dir" \
    "$@" </dev/null
rc=$?
set -e

# --- Summary: one closing line, "Tests: N passed, N failed, N skipped" ---------------------------------
count() { local v; v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"; echo "${v:-0}"; }
passed=0 failed=0 total=0 reports=0
for trx in "$trx_dir"/*.trx; do
    [[ -f "$trx" ]] || continue
    reports=$((reports + 1))
    counters="$(grep -o '<Counters [^>]*' "$trx" | head -n 1)"
    total=$((total + $(count total)))
    passed=$((passed + $(count passed)))
    failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done
skipped=$((total - passed - failed))
((skipped >= 0)) || skipped=0

echo
echo "test.sh: dotnet test exited with $rc after $((SECONDS - started))s; $reports test report(s) in $trx_dir"
if ((rc == 0 && total == 0)); then
    echo "test.sh: warning: no test was run" >&2
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
