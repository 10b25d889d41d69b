#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster (loopback/unix socket only) for the collector tests.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "start-postgres: not root; assuming PostgreSQL is managed elsewhere" >&2
  exit 0
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version *main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
# The tests connect over the unix socket as the invoking user (root in CI): give it a role.
me=$(id -un)
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1; then
  su postgres -c "createuser --superuser $me"
fi
