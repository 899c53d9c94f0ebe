#!/usr/bin/env bash
# Published app: time from process start to the first page served (login page, HTTP 200), on a fresh data folder
# (first start: migrations + ISTAT territory + demo accounts) and on a warm one (second start).
# Usage: bench/startup.sh [runs]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/risultati.sh
runs="${1:-3}"
out=$(mktemp -d)
# The deployment publish (docs/operations.md): ReadyToRun, so start-up does not wait for the JIT. R2R=0 measures the plain one.
# BENCH_APP: an already published folder (bench/run publishes once, ReadyToRun, for this and upload.sh).
app="${BENCH_APP:-$out/app}"
if [ -z "${BENCH_APP:-}" ] && [ "${R2R:-1}" = 1 ]; then
  dotnet publish ProvincePortal -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$app" -nologo -v q >/dev/null
elif [ -z "${BENCH_APP:-}" ]; then
  dotnet publish ProvincePortal -c Release -o "$app" -nologo -v q >/dev/null
fi
port=5391
measure() { # $1 data dir; prints milliseconds
  local data="$1" start end pid
  start=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet "$app/ProvincePortal.dll" --DataDirectory="$data" >"$data.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/account/accedi"; do
    kill -0 "$pid" 2>/dev/null || { echo "l'applicazione si è fermata: vedere $data.log" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}
printf '%-6s %-28s %-28s\n' run "primo avvio (ms)" "avvio successivo (ms)"
firsts=() seconds=()
for i in $(seq 1 "$runs"); do
  data="$out/data-$i"
  first=$(measure "$data")
  second=$(measure "$data")
  printf '%-6s %-28s %-28s\n' "$i" "$first" "$second"
  firsts+=("$first"); seconds+=("$second")
done
rm -rf "$out"
# p50 = median (lower middle), p95 = the slowest of these few runs.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
slowest() { printf '%s\n' "$@" | sort -n | tail -1; }
kind=$([ "${R2R:-1}" = 1 ] && echo "ReadyToRun" || echo "senza ReadyToRun")
risultato startup "avvio dell'app pubblicata ($kind), cartella dati nuova: fino alla pagina di accesso" \
  "$(median "${firsts[@]}")" "$(slowest "${firsts[@]}")" 5000 "$runs prove; migrazioni, territorio ISTAT, account demo"
risultato startup "avvio dell'app pubblicata ($kind), avvio successivo" \
  "$(median "${seconds[@]}")" "$(slowest "${seconds[@]}")" 5000 "$runs prove"
