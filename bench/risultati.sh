# Sourced by the shell benchmarks: risultato BENCH MISURA P50 P95 BUDGET NOTE [UNITA]
# appends one JSON line to $PP_BENCH_RISULTATI (set by bench/run), like BenchResults in the .NET benches.
# Empty P50/P95/BUDGET are written as null; UNITA defaults to ms (values then go in p50Ms/p95Ms/budgetMs as the others).
risultato() {
  [ -n "${PP_BENCH_RISULTATI:-}" ] || return 0
  python3 - "$@" >>"$PP_BENCH_RISULTATI" <<'PY'
import json, sys
bench, misura, p50, p95, budget, note = (sys.argv[1:] + [""] * 6)[:6]
unita = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] else "ms"
num = lambda v: float(v) if v not in ("", None) else None
line = {"bench": bench, "misura": misura, "p50Ms": num(p50), "p95Ms": num(p95), "budgetMs": num(budget), "note": note or None}
if unita != "ms":
    line["unita"] = unita
print(json.dumps(line, ensure_ascii=False))
PY
}
