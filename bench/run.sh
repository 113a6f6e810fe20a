#!/usr/bin/env bash
# Runs the benchmark workloads on this machine: a fresh PostgreSQL database, N nodes of raw Quartz
# and then N Carillon server processes, same settings; prints one line and one JSON record each.
# Usage: bench/run.sh [jobs] [nodes] [threads]     (defaults: 2000 3 10)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}; NODES=${2:-3}; THREADS=${3:-10}
DB=carillon_bench_$$
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}

mvn -B -q -pl bench -am package -DskipTests
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "CREATE DATABASE $DB"
trap 'psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT

java -cp "server/target/carillon.jar:bench/target/classes" io.carillon.bench.Bench \
  "jdbc:postgresql://$PGHOST:$PGPORT/$DB" "$PGUSER" "${PGPASSWORD:-}" \
  server/target/carillon.jar config.yml "$N" "$NODES" "$THREADS"
