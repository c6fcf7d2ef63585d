#!/usr/bin/env bash
# Measures the indicator summary at N synthetic orgs (default 10000) on SQLite and on MariaDB,
# next to hand-written SQL, and prints the ratios. Usage: scripts/bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
MYSQL=${TIANBAO_TEST_MYSQL:-root@tcp(127.0.0.1:3306)/}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/tianbao" ./backend/cmd/tianbao

run() { # name dsn
	echo "== $1: seeding $N synthetic orgs"
	TIANBAO_DB="$2" TIANBAO_DEMO=1 TIANBAO_BCRYPT_COST=4 TIANBAO_DATA_DIR="$WORK" "$WORK/tianbao" seed --synthetic "$N" | tail -1
	TIANBAO_BENCH_DB="$2" go test ./backend/rollup/ -run '^$' -bench . -benchtime 20x | tee "$WORK/$1.txt" | grep Benchmark
	awk '/^BenchmarkSummary/{s=$3} /^BenchmarkHandSQL-/{h=$3} /^BenchmarkHandSQLTotals/{t=$3}
		END{printf "%s: summary %.1f ms; hand SQL over facts %.1f ms (summary/hand = %.3f); hand SQL over totals %.2f ms (summary/hand = %.1f)\n",
			name, s/1e6, h/1e6, s/h, t/1e6, s/t}' name="$1" "$WORK/$1.txt"
}

run sqlite "sqlite:$WORK/bench.db"
DB=tianbao_bench_$$
mysql -h127.0.0.1 -uroot -e "CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
trap 'mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $DB"; rm -rf "$WORK"' EXIT
run mariadb "mysql:${MYSQL%/}/$DB"
