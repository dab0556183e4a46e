#!/usr/bin/env bash
# A private, throw-away PostgreSQL server on loopback for tests and local development.
#
#   bash build/postgres.sh start   start a server, print its data directory and connection string
#   bash build/postgres.sh stop    stop the server started by hand and delete its directory
#   bash build/postgres.sh status
#
# Sourced (as build/test.sh does), it defines:
#   grassroots_pg_start DIR   start a server in DIR; exports GRASSROOTS_TEST_POSTGRES and GRASSROOTS_PG_DIR
#   grassroots_pg_stop DIR    stop that server and delete DIR
#
# The cluster is made fresh by initdb in DIR (owned by the postgres OS user when run as root), trusts
# only local sockets and loopback, listens only on 127.0.0.1, on port 55432 or the next free one.
# It runs with fsync off: it is for tests, never for data you want to keep.
# The role `grassroots` (LOGIN, CREATEDB) is what tests connect as; they create their own databases.

grassroots_pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [[ -z "$dir" || ! -x "$dir/postgres" ]]; then
        echo "postgres.sh: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
        return 1
    fi
    echo "$dir"
}

# Runs a command as the OS user that owns the cluster: postgres when we are root, else ourselves.
grassroots_pg_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

grassroots_pg_port_free() {
    # A connect that succeeds means someone listens there already.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

grassroots_pg_start() {
    local dir="$1" bindir port password attempt
    bindir="$(grassroots_pg_bindir)" || return 1
    mkdir -p "$dir"
    if [[ $EUID -eq 0 ]]; then
        chown postgres:postgres "$dir"
    fi
    chmod 700 "$dir"

    grassroots_pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }

    port="${GRASSROOTS_PG_PORT:-55432}"
    for attempt in $(seq 1 50); do
        if grassroots_pg_port_free "$port"; then
            if grassroots_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                start >/dev/null; then
                break
            fi
            # Lost a race for the port, or failed for another reason: the log tells which.
            tail -n 5 "$dir/server.log" >&2 || true
        fi
        port=$((port + 1))
        if [[ $attempt -eq 50 ]]; then
            echo "postgres.sh: could not start PostgreSQL on any port from ${GRASSROOTS_PG_PORT:-55432}" >&2
            return 1
        fi
    done

    password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    grassroots_pg_as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE grassroots LOGIN CREATEDB PASSWORD '$password';" >&2 || return 1

    export GRASSROOTS_PG_DIR="$dir"
    export GRASSROOTS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=grassroots;Password=$password;Database=postgres"
    echo "$GRASSROOTS_TEST_POSTGRES" >"$dir/connection-string"
}

grassroots_pg_stop() {
    local dir="$1" bindir
    [[ -n "$dir" && -d "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        bindir="$(grassroots_pg_bindir)" &&
            grassroots_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            echo "postgres.sh: pg_ctl stop failed for $dir" >&2
    fi
    rm -rf "$dir"
}

# Run as a command (not sourced).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    # The server started by hand lives here, so that `stop` finds it again.
    dev_dir="${GRASSROOTS_PG_DIR:-/tmp/grassroots-pg-dev}"
    case "${1:-}" in
        start)
            if [[ -f "$dev_dir/data/postmaster.pid" ]]; then
                echo "Already running in $dev_dir" >&2
            else
                rm -rf "$dev_dir"
                grassroots_pg_start "$dev_dir"
                echo "PostgreSQL started in $dev_dir (stop it with: bash build/postgres.sh stop)" >&2
            fi
            echo "export GRASSROOTS_TEST_POSTGRES=\"$(cat "$dev_dir/connection-string")\""
            ;;
        stop)
            grassroots_pg_stop "$dev_dir"
            echo "PostgreSQL in $dev_dir stopped and removed" >&2
            ;;
        status)
            if [[ -f "$dev_dir/data/postmaster.pid" ]]; then
                echo "running in $dev_dir: $(cat "$dev_dir/connection-string")"
            else
                echo "not running"
                exit 3
            fi
            ;;
        *)
            echo "usage: bash build/postgres.sh start|stop|status" >&2
            exit 2
            ;;
    esac
fi
