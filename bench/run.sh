#!/usr/bin/env bash
# Runs benchmark workloads on this machine (SPEC §11) against Carillon, raw Quartz and db-scheduler:
# for each system a fresh PostgreSQL database and a cluster of node processes with the same node
# count, threads, pool and scheduler settings; prints result lines with the systems side by side
# and Carillon's ratio to each, and one JSON record per workload (appended to bench/results/).
# Every node and database it starts is killed or dropped before it exits.
#
# Usage: bench/run.sh WORKLOAD [--option=value ...]       (bench/run.sh --help lists the options)
#   WORKLOAD: burst | scaling | steady | runnow | failover | api | all, or several: steady,runnow
#   all = scaling (burst at 1 node, then at --nodes) + steady + runnow + failover + api
# BENCH_SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOAD=${1:---help}; shift || true
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}

bench() {
  java -cp "server/target/carillon.jar:bench/target/classes:bench/target/lib/*" io.carillon.bench.Bench \
    "jdbc:postgresql://$PGHOST:$PGPORT/" "$PGUSER" "${PGPASSWORD:-}" \
    server/target/carillon.jar config.yml bench/results/results.jsonl "$@"
}
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -d bench/target/lib ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
case "$WORKLOAD" in -h|--help|help) bench help; exit 0 ;; esac
START=$(date +%s)
bench "$WORKLOAD" "$@" | grep --line-buffered -v -E '^[0-9:.]+ \[|^SLF4J'
echo "# $WORKLOAD took $(( $(date +%s) - START )) s; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
