#!/usr/bin/env bash
# Runs benchmark workloads on this machine (SPEC §11): for each, a fresh PostgreSQL database, a
# cluster of raw Quartz nodes and then of Carillon server processes with the same settings; prints
# one result line and one JSON record per workload and appends the records to bench/results/.
#
# Usage: bench/run.sh burst|steady|failover|api|all [--n=2000] [--nodes=3] [--threads=10]
#          [--rates=50,100,200] [--duration=20] [--api-jobs=100000] [--api-samples=200] [--jfr]
# BENCH_SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOAD=${1:-all}; shift || true
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}

[ -n "${BENCH_SKIP_BUILD:-}" ] || mvn -B -q -pl bench -am package -DskipTests
START=$(date +%s)
java -cp "server/target/carillon.jar:bench/target/classes" io.carillon.bench.Bench \
  "jdbc:postgresql://$PGHOST:$PGPORT/" "$PGUSER" "${PGPASSWORD:-}" \
  server/target/carillon.jar config.yml bench/results/results.jsonl "$WORKLOAD" "$@" \
  | grep -v -E '^[0-9:.]+ \[|^SLF4J'
echo "# $WORKLOAD took $(( $(date +%s) - START )) s; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
