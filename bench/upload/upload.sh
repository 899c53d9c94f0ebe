#!/usr/bin/env bash
# Memory of the published app while a big file is uploaded through the streaming endpoint (POST /documenti/carica).
# Publishes the app, starts it on a fresh data folder, logs in as sua@demo.it with curl (cookie + antiforgery token),
# uploads a generated file (1 GiB by default: a ZIP header then zeros) and samples the process's VmRSS every 100 ms
# from /proc/<pid>/status, plus VmHWM (the kernel's peak). Target: RSS growth ≤ 64 MB.
# Usage: bench/upload/upload.sh [size in MiB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/risultati.sh
mib="${1:-1024}"
out=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT
port=5392
base="http://127.0.0.1:$port"

app="${BENCH_APP:-}"   # an already published folder, to skip the publish
if [ -z "$app" ]; then app="$out/app"; dotnet publish ProvincePortal -c Release -o "$app" -nologo -v q >/dev/null; fi
# From the app folder: the content root (appsettings.Development.json, demo accounts) is the working directory.
cd "$app"
repo=$OLDPWD
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" Documents__MaxUploadBytes=$(( (mib + 16) * 1024 * 1024 )) \
  dotnet ProvincePortal.dll --DataDirectory="$out/data" --Demo:Enabled=true >"$out/app.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "$base/account/accedi"; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/app.log" >&2; echo "l'applicazione si è fermata" >&2; exit 1; }
  sleep 0.1
done

# Login through the static form, as a browser does.
jar="$out/cookies"
form=$(curl -fs -c "$jar" -b "$jar" "$base/account/accedi")
field=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//')
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" "$base/account/accedi" \
  --data-urlencode "Input.Email=sua@demo.it" --data-urlencode "Input.Password=Demo-2026!" \
  --data-urlencode "_handler=accesso" --data-urlencode "__RequestVerificationToken=$field")
[ "$status" = 302 ] || { echo "accesso non riuscito (HTTP $status)" >&2; exit 1; }
token=$(curl -fs -c "$jar" -b "$jar" "$base/documenti/carica/token" | sed 's/.*"token":"\([^"]*\)".*/\1/')
# The SUA workspace of Treviso: the explorer creates it on its first listing.
curl -fs -o /dev/null -b "$jar" "$base/documenti"
workspace=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select Id from Workspaces where Key like 'P%:SUA' order by Id limit 1\").fetchone()[0])" "$out/data/provinceportal.db")

file="$out/grande.zip"
{ printf 'PK\003\004'; head -c $(( mib * 1024 * 1024 - 4 )) /dev/zero; } >"$file"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }
# Warm the endpoint (JIT, first EF queries) with a small file so that the big upload measures the streaming itself.
head -c 4096 "$file" >"$out/piccolo.zip"
curl -fs -o /dev/null -b "$jar" -H "RequestVerificationToken: $token" -F "file=@$out/piccolo.zip;type=application/zip" \
  "$base/documenti/carica?spazio=$workspace"
sleep 1
before=$(rss); hwm_before=$(hwm); peak=$before
start=$(date +%s%N)
curl -s -o "$out/answer.json" -w '%{http_code}' -b "$jar" -H "RequestVerificationToken: $token" \
  -F "file=@$file;type=application/zip" "$base/documenti/carica?spazio=$workspace" >"$out/status" &
upload=$!
while kill -0 "$upload" 2>/dev/null; do
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.1
done
wait "$upload"
end=$(date +%s%N)
sleep 1
after=$(rss); hwm_after=$(hwm)
[ "$(cat "$out/status")" = 200 ] || { echo "caricamento non riuscito: HTTP $(cat "$out/status") $(cat "$out/answer.json")" >&2; exit 1; }
ms=$(( (end - start) / 1000000 ))
stored=$(find "$out/data/documents" -type f -size +$(( mib / 2 ))M | head -1)
[ -n "$stored" ] && [ "$(stat -c %s "$stored")" = $(( mib * 1024 * 1024 )) ] || { echo "file archiviato mancante o di dimensione errata" >&2; exit 1; }

printf 'file caricato          %s MiB in %s ms (%s MiB/s), risposta %s\n' "$mib" "$ms" $(( mib * 1000 / (ms > 0 ? ms : 1) )) "$(cat "$out/answer.json")"
printf 'RSS prima              %6d MiB\n' $(( before / 1024 ))
printf 'RSS massimo (campioni) %6d MiB   crescita %d MiB\n' $(( peak / 1024 )) $(( (peak - before) / 1024 ))
printf 'RSS dopo               %6d MiB   crescita %d MiB\n' $(( after / 1024 )) $(( (after - before) / 1024 ))
printf 'VmHWM prima/dopo       %6d / %d MiB   crescita del picco %d MiB\n' $(( hwm_before / 1024 )) $(( hwm_after / 1024 )) $(( (hwm_after - hwm_before) / 1024 ))
# Budget 64 MB of growth of the peak; one upload, so p50 = p95.
growth=$(( (hwm_after - hwm_before) / 1024 ))
( cd "$repo" && risultato upload "caricamento di $mib MiB (POST /documenti/carica): crescita del picco di memoria (VmHWM)" \
  "$growth" "$growth" 64 "$ms ms per il caricamento; RSS prima $(( before / 1024 )) MiB" MiB )
