# Sourced by scripts/test.sh: a throwaway PostgreSQL server for the store's tests.
# Installs Debian's postgresql if missing (root only), starts (or reuses) a cluster on
# 127.0.0.1 at a free port and exports RASD_TEST_PG_URL. Without PostgreSQL it prints
# one notice and leaves the variable unset (those tests then skip). A server it starts is
# stopped when the suite ends (scripts/test.sh runs `cleanups`); one already running (a
# developer's, or another run's) is reused and left alone.
rasd_pg_setup() {
  local dir=${RASD_PG_DIR:-/tmp/rasd-test-pg} bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $bin ]] && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "postgres: installing Debian's postgresql (for the store's tests)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 || true
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [[ -z $bin ]]; then
    echo "postgres: not available; PostgreSQL store tests will skip"
    return 0
  fi
  local run=()
  if [[ $(id -u) -eq 0 ]]; then run=(runuser -u postgres --); fi
  if [[ ! -s $dir/PG_VERSION ]]; then
    rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
      || { echo "postgres: initdb failed; PostgreSQL store tests will skip"; return 0; }
  fi
  if ! "${run[@]}" "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$dir/rasd.port"
    "${run[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
      || { echo "postgres: server did not start (see $dir/server.log); PostgreSQL store tests will skip"; return 0; }
    cleanups+=("$(printf '%q ' "${run[@]}" "$bin/pg_ctl" -D "$dir" -m fast -w stop) >/dev/null 2>&1")
  fi
  port=$(cat "$dir/rasd.port")
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres rasd_test 2>/dev/null || true
  export RASD_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/rasd_test"
  echo "postgres: $RASD_TEST_PG_URL"
}
rasd_pg_setup
unset -f rasd_pg_setup
