#!/usr/bin/env bash
# A province's deployment (docs/deploy.md) on one machine, for trying it and for the tests:
#   PostgreSQL (a new cluster in DIR, on a free port) holding dondoc's database and Prefect's,
#   a Prefect server on it, a process work pool with two workers, the portal with two uvicorn
#   workers, and nginx in front of the portal when nginx is installed.
#
#   deploy/local-cluster.sh start DIR    start everything; DIR/cluster.env says where it all is
#   deploy/local-cluster.sh stop DIR     stop everything it started, newest first; DIR stays
#
# Every process runs as a job of its own (its own process group), its pid in DIR/run, its log in
# DIR/logs. The database password comes from DONDOC_CLUSTER_DB_PASSWORD (a random one when unset)
# and reaches dondoc through DONDOC_DATABASE_URL_FILE, never a command line. Other settings:
#   DONDOC_CLUSTER_WORKERS (2), DONDOC_CLUSTER_PORTAL_WORKERS (2), DONDOC_CLUSTER_WORKER_LIMIT (1
#   flow run at a time per worker), PREFECT_WORKER_QUERY_SECONDS (how often a worker polls: 5),
#   DONDOC_CLUSTER_PAUSE_SCHEDULES (set: the sweep's cron starts paused, for replaying time).
# Anything else in the environment (DONDOC_NOTIFY_REDIRECT, SMTP_*) reaches the workers and portal.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${DONDOC_VENV:-$ROOT/.venv}/bin"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
STARTUP_SECONDS=120
STOP_SECONDS=60

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND (logs: $LOGS)" >&2' ERR
[ $# -eq 2 ] || usage
ACTION=$1
DIR=$(mkdir -p "$2" && cd "$2" && pwd)
RUN="$DIR/run" LOGS="$DIR/logs" SECRETS="$DIR/secrets"

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# PostgreSQL refuses to run as root: then its commands run as the postgres user
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

wait_for() {  # wait_for NAME URL: until the URL answers, or the process is gone, or time is up
    local name=$1 url=$2 pid
    pid=$(cat "$RUN/$name.pid")
    for _ in $(seq $((STARTUP_SECONDS * 2))); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { echo "$name stopped; see $LOGS/$name.log" >&2; tail -n 20 "$LOGS/$name.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "$name did not answer at $url within ${STARTUP_SECONDS}s; see $LOGS/$name.log" >&2
    exit 1
}

launch() {  # launch NAME COMMAND...: a job of its own, output to its log, pid to its file
    local name=$1; shift
    # job control gives the job its own process group and leaves it SIGINT: a plain background
    # job ignores SIGINT, and a Prefect worker stops on SIGTERM by sending itself SIGINT
    set -m
    "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$RUN/$name.pid"
    set +m
    echo "$name" >> "$RUN/order"
}

start() {
    [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
    [ ! -e "$RUN/order" ] || { echo "$DIR already runs a cluster: $0 stop $DIR" >&2; exit 1; }
    mkdir -p "$RUN" "$LOGS" "$SECRETS"
    chmod 700 "$SECRETS"
    local pg_dir="$DIR/pg"
    if [ "$(id -u)" = 0 ]; then
        # the postgres user cannot reach inside root's directories: the cluster lives in a
        # temporary directory of its own, removed by stop
        pg_dir=$(mktemp -d /tmp/dondoc-cluster-pg.XXXXXX)
        chown postgres "$pg_dir"
    fi
    mkdir -p "$pg_dir"
    echo "$pg_dir" > "$RUN/pg-dir"
    local password=${DONDOC_CLUSTER_DB_PASSWORD:-$("$BIN/python" -c 'import secrets; print(secrets.token_hex(16))')}
    local pg_port prefect_port portal_port proxy_port
    pg_port=$(free_port) prefect_port=$(free_port) portal_port=$(free_port) proxy_port=$(free_port)

    # PostgreSQL: a cluster of its own, password logins over 127.0.0.1 only
    (umask 077 && printf '%s\n' "$password" > "$pg_dir/pwfile")
    [ "$(id -u)" != 0 ] || chown postgres "$pg_dir/pwfile"
    as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U dondoc --pwfile="$pg_dir/pwfile" -A scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1
    rm -f "$pg_dir/pwfile"
    as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t "$STARTUP_SECONDS" start \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$pg_dir'" >/dev/null
    echo postgres >> "$RUN/order"
    for database in dondoc prefect; do
        PGPASSWORD=$password "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U dondoc "$database"
    done
    local dondoc_url="postgresql+psycopg://dondoc:$password@127.0.0.1:$pg_port/dondoc"
    (umask 077 && printf '%s\n' "$dondoc_url" > "$SECRETS/dondoc-database-url")

    export DONDOC_DATABASE_URL_FILE="$SECRETS/dondoc-database-url"
    unset DONDOC_DATABASE_URL
    export DONDOC_CONFIG="${DONDOC_CONFIG:-$ROOT/config}" DONDOC_ROOT="$ROOT"
    export PREFECT_API_URL="http://127.0.0.1:$prefect_port/api"
    export PREFECT_HOME="$DIR/prefect" DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
    export PREFECT_WORKER_QUERY_SECONDS="${PREFECT_WORKER_QUERY_SECONDS:-5}"

    # dondoc's schema and the agency tree, before anything reads them
    DONDOC_HOME="$DIR/portal" "$BIN/dondoc" init >"$LOGS/dondoc-init.log"

    # the Prefect server, its database on the same PostgreSQL
    PREFECT_API_DATABASE_CONNECTION_URL="postgresql+asyncpg://dondoc:$password@127.0.0.1:$pg_port/prefect" \
        launch prefect-server "$BIN/prefect" server start --host 127.0.0.1 --port "$prefect_port"
    wait_for prefect-server "$PREFECT_API_URL/health"
    "$BIN/prefect" work-pool create dondoc --type process >"$LOGS/work-pool.log" 2>&1 \
        || grep -q "already exists" "$LOGS/work-pool.log"
    (cd "$ROOT" && "$BIN/prefect" --no-prompt deploy --all >"$LOGS/deploy.log" 2>&1)
    if [ -n "${DONDOC_CLUSTER_PAUSE_SCHEDULES:-}" ]; then
        # before any worker starts: a test replays time itself, the cron would sweep today
        "$BIN/prefect" deployment schedule pause --all >>"$LOGS/deploy.log" 2>&1
    fi

    # the workers: on other machines in a real province, each with its own DONDOC_HOME
    local workers=${DONDOC_CLUSTER_WORKERS:-2}
    for n in $(seq "$workers"); do
        mkdir -p "$DIR/worker-$n"
        (cd "$ROOT" && DONDOC_HOME="$DIR/worker-$n" launch "worker-$n" "$BIN/prefect" worker start \
            --pool dondoc --type process --name "worker-$n" --limit "${DONDOC_CLUSTER_WORKER_LIMIT:-1}")
    done
    for n in $(seq "$workers"); do
        for _ in $(seq $((STARTUP_SECONDS * 2))); do
            grep -q "started!" "$LOGS/worker-$n.log" 2>/dev/null && break
            kill -0 "$(cat "$RUN/worker-$n.pid")" || { tail -n 20 "$LOGS/worker-$n.log" >&2; exit 1; }
            sleep 0.5
        done
    done

    # the portal: uvicorn's worker processes, behind nginx when there is one
    local public="http://127.0.0.1:$portal_port"
    command -v nginx >/dev/null && public="http://127.0.0.1:$proxy_port"
    DONDOC_HOME="$DIR/portal" DONDOC_PORTAL_URL="$public" launch portal "$BIN/uvicorn" --factory \
        dondoc.portal.app:create_app --host 127.0.0.1 --port "$portal_port" \
        --workers "${DONDOC_CLUSTER_PORTAL_WORKERS:-2}" --proxy-headers --forwarded-allow-ips 127.0.0.1
    wait_for portal "http://127.0.0.1:$portal_port/healthz"
    if command -v nginx >/dev/null; then
        mkdir -p "$DIR/nginx/tmp"
        chmod 1777 "$DIR/nginx/tmp"  # nginx's workers may run as nobody
        sed -e "s|@DIR@|$DIR/nginx|g" -e "s|@LISTEN@|127.0.0.1:$proxy_port|" -e "s|@PORTAL@|127.0.0.1:$portal_port|" \
            "$ROOT/deploy/nginx.conf" > "$DIR/nginx/nginx.conf"
        launch nginx nginx -c "$DIR/nginx/nginx.conf" -g "daemon off; pid $DIR/nginx/nginx.pid;"
        wait_for nginx "$public/healthz"
    fi

    cat > "$DIR/cluster.env" <<EOF
PREFECT_API_URL=$PREFECT_API_URL
DONDOC_DATABASE_URL_FILE=$DONDOC_DATABASE_URL_FILE
DONDOC_PORTAL_URL=$public
PORTAL_DIRECT_URL=http://127.0.0.1:$portal_port
POSTGRES_PORT=$pg_port
WORKERS=$workers
EOF
    echo "PostgreSQL: 127.0.0.1:$pg_port (databases dondoc, prefect)"
    echo "Prefect: ${PREFECT_API_URL%/api} ($workers workers on the pool 'dondoc')"
    echo "Portal: $public"
    echo "Settings for dondoc commands: $DIR/cluster.env; stop: $0 stop $DIR"
}

descendants() {  # every process below PID (flow runs start in sessions of their own)
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do
        echo "$child"
        descendants "$child"
    done
}

running() {  # any of these pids still running (an exited child no one reaped is not)
    local pid
    for pid in "$@"; do
        # the state follows the command name, which is in parentheses and may hold spaces
        [ -r "/proc/$pid/stat" ] && [ "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)" != Z ] && return 0
    done
    return 1
}

stop_together() {  # stop_together NAME...: SIGTERM to each one's process group, then wait;
    # then SIGKILL to whatever is left of them and below them (flow runs are sessions of their own)
    local name pid pids=""
    for name in "$@"; do
        pid=$(cat "$RUN/$name.pid" 2>/dev/null) || continue
        pids="$pids $pid $(descendants "$pid")"
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    [ -n "$pids" ] || return 0
    for _ in $(seq $((STOP_SECONDS * 2))); do
        # shellcheck disable=SC2086
        running $pids || break
        sleep 0.5
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    for name in "$@"; do rm -f "$RUN/$name.pid"; done
}

stop() {
    [ -f "$RUN/order" ] || { echo "nothing runs in $DIR" >&2; return 0; }
    # the way in first, then the workers (all at once), then what they use
    stop_together nginx portal
    # shellcheck disable=SC2046
    stop_together $(grep '^worker-' "$RUN/order")
    stop_together prefect-server
    if grep -q '^postgres$' "$RUN/order"; then
        local pg_dir
        pg_dir=$(cat "$RUN/pg-dir")
        as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
        cp "$pg_dir/postgres.log" "$LOGS/" 2>/dev/null || true
        [ "$pg_dir" = "$DIR/pg" ] || rm -rf "$pg_dir"
    fi
    rm -f "$RUN/order"
    echo "stopped"
}

case "$ACTION" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
