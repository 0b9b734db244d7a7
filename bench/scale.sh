#!/usr/bin/env bash
# Many objects: k8s-apply, k8s-get and k8s-wait beside kubectl on the same lists, in one run against the bench API
# server. Wall time (s) and peak RSS (MB, /usr/bin/time) per command, and the ratio to kubectl's in the same run.
#   apply: N ConfigMaps of 1 KB from one file into an empty namespace (k8s-apply, default --concurrency, vs kubectl
#          apply --server-side); N = 1, 500 and 5000 (BENCH_APPLY_COUNTS), median of BENCH_APPLY_RUNS (3) runs each,
#          alternating, a fresh namespace each; with CPU time (user+sys) beside wall time. And the floor no client can
#          go under on this machine: the API server alone taking the same N objects as N server-side-apply PATCHes
#          from curl, 16 at a time over one HTTP/2 connection (next to no client work)
#   get:   5000 ConfigMaps of 1 KB (BENCH_GET_COUNT), each output format; the outputs are compared byte for byte
#   wait:  500 ConfigMaps by label selector (BENCH_WAIT_COUNT), --for jsonpath until all say done; the time from the
#          end of the write that completes them to the waiter's exit, and its peak RSS (kubectl wait checks one object
#          after another, so its wait can take long)
# Prints a Markdown section (also bench/target/scale.md).
. "$(dirname "$0")/lib.sh"
need_tools
server_up
trap server_down EXIT
APPLY_COUNTS=${BENCH_APPLY_COUNTS:-1 500 5000}
APPLY_RUNS=${BENCH_APPLY_RUNS:-3}
GET_COUNT=${BENCH_GET_COUNT:-5000}
WAIT_COUNT=${BENCH_WAIT_COUNT:-500}
RUN=$(date +%s)
load_before=$(load)

configmaps() { # N PREFIX [DATA]: a file of N ConfigMaps of 1 KB (labelled set=PREFIX)
  python3 - "$1" "$2" "${3:-}" <<'PY'
import sys
n, prefix, extra = int(sys.argv[1]), sys.argv[2], sys.argv[3]
kb = "x" * 1000
for i in range(n):
    sys.stdout.write(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {prefix}-{i:05d}\n  labels: {{set: {prefix}}}\n"
                     f"data:\n  payload: \"{kb}\"\n{extra}---\n")
PY
}
timed() { # OUT_FILE cmd...: runs it, prints "seconds MB cpu-seconds" (wall, peak RSS, user+sys); its stdout to OUT_FILE
  local out=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$@" >"$out" 2>"$OUT/timed.err" || {
    echo "bench: failed: $* ($(head -3 "$OUT/timed.err"))" >&2; return 1; }
  awk '{printf "%s %.0f %.2f\n", $1, $2 / 1024, $3 + $4}' "$OUT/time.txt"
}
medians() { # lines of "s MB cpu" on stdin: their medians, column by column
  python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
s, mb, cpu = (st.median(c) for c in zip(*rows))
print(f"{s:.2f} {mb:.0f} {cpu:.2f}")'
}
row() { # what ours kubectl ("s MB cpu" each)
  local os om oc ks km kc; read -r os om oc <<<"$2"; read -r ks km kc <<<"$3"
  echo "| $1 | $os | $ks | $(ratio "$os" "$ks") | ${oc:--} | ${kc:--} | $om | $km | $(ratio "$om" "$km") |"
}

rows=()
drop_ns() { # NS: its ConfigMaps (one delete-collection request: this API server runs no namespace controller, which
  # would empty a deleted namespace, and what stays in etcd would slow the runs after it), then the namespace
  api DELETE "/api/v1/namespaces/$1/configmaps" >/dev/null
  "$KUBECTL" delete ns "$1" --wait=false >/dev/null
}

# --- apply
apply_once() { # who n: applies the file of n into a fresh namespace, prints "s MB cpu"
  local ns="$1-$2-$RUN-$((++APPLY_SEQ))" t
  "$KUBECTL" create ns "$ns" >/dev/null
  if [ "$1" = ours ]; then t=$(timed "$OUT/apply-ours.out" "$K8S_APPLY" -n "$ns" -f "$OUT/apply-$2.yaml")
  else t=$(timed "$OUT/apply-kubectl.out" "$KUBECTL" apply --server-side -n "$ns" -f "$OUT/apply-$2.yaml"); fi
  drop_ns "$ns"
  echo "$t"
}
# the API server alone: curl sends the n objects as server-side-apply PATCHes, 16 at a time over one HTTP/2
# connection; prints "s MB cpu" of curl (empty when this curl cannot: it needs --parallel and HTTP/2)
apply_floor() {
  curl --version | grep -q 'HTTP2' && curl --help all 2>/dev/null | grep -q -- '--parallel-max' || return 0
  local ns="floor-$1-$RUN-$((++APPLY_SEQ))"
  "$KUBECTL" create ns "$ns" >/dev/null
  python3 - "$OUT/apply-$1.json" "$SERVER/api/v1/namespaces/$ns/configmaps" "$KUBE_STEPS_LOCAL/apiserver.crt" \
    "$TOKEN" >"$OUT/floor.curl" <<'PY'
import json, sys
docs, base, ca, token = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
for i, d in enumerate(docs):
    if i: print("next")
    print(f'url = "{base}/{d["metadata"]["name"]}?fieldManager=bench-curl"')
    print("request = PATCH"); print("http2"); print("silent"); print("output = /dev/null")
    print(f'cacert = "{ca}"'); print(f'header = "Authorization: Bearer {token}"')
    print('header = "Content-Type: application/apply-patch+yaml"'); print('write-out = "%{http_code}\\n"')
    print("data-binary = " + json.dumps(json.dumps(d)))
PY
  local t; t=$(timed "$OUT/floor.out" curl --parallel --parallel-max 16 -K "$OUT/floor.curl")
  rm -f "$OUT/floor.curl" # it holds the bench server's token
  [ "$(grep -c '^20[01]$' "$OUT/floor.out")" = "$1" ] || { echo "bench: curl's PATCHes failed: $(sort "$OUT/floor.out" | uniq -c | tr '\n' ' ')" >&2; return 1; }
  drop_ns "$ns"
  echo "$t"
}
APPLY_SEQ=0
for n in $APPLY_COUNTS; do
  configmaps "$n" "apply$n" >"$OUT/apply-$n.yaml"
  python3 -c 'import sys, json; json.dump([{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"apply{sys.argv[1]}-{i:05d}", "labels": {"set": f"apply{sys.argv[1]}"}}, "data": {"payload": "x" * 1000}} for i in range(int(sys.argv[1]))], sys.stdout)' "$n" >"$OUT/apply-$n.json"
  : >"$OUT/apply-ours.runs"; : >"$OUT/apply-kubectl.runs"; : >"$OUT/apply-floor.runs"
  for ((r = 0; r < APPLY_RUNS; r++)); do
    apply_once ours "$n" >>"$OUT/apply-ours.runs"
    apply_once kubectl "$n" >>"$OUT/apply-kubectl.runs"
    [ "$n" -gt 1 ] && apply_floor "$n" >>"$OUT/apply-floor.runs"
  done
  theirs=$(medians <"$OUT/apply-kubectl.runs")
  if [ "$n" = 1 ]; then what="apply 1 ConfigMap: start-up and one request"
  else what="apply $n ConfigMaps"; fi
  rows+=("$(row "$what (\`k8s-apply\` / \`kubectl apply --server-side\`)" "$(medians <"$OUT/apply-ours.runs")" "$theirs")")
  if [ -s "$OUT/apply-floor.runs" ]; then
    rows+=("$(row "the API server alone: the same $n as PATCHes from curl, 16 at a time on one HTTP/2 connection (/ kubectl)" "$(medians <"$OUT/apply-floor.runs")" "$theirs")")
  fi
done

# --- get
GNS=get-$RUN
"$KUBECTL" create ns "$GNS" >/dev/null
configmaps "$GET_COUNT" get >"$OUT/get.yaml"
"$K8S_APPLY" -n "$GNS" -f "$OUT/get.yaml" -o name >/dev/null
same=()
for fmt in name 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}' '' json yaml; do
  label=${fmt:-table}; label=${label%%=*}
  args=(-n "$GNS" configmaps); [ -n "$fmt" ] && args+=(-o "$fmt")
  ours=$(timed "$OUT/get-ours.out" "$K8S_GET" "${args[@]}")
  theirs=$(timed "$OUT/get-kubectl.out" "$KUBECTL" get "${args[@]}")
  # the table's AGE column is the time of each run: compared without it
  strip=(cat); [ "$label" = table ] && strip=(awk '{NF--} 1')
  if cmp -s <("${strip[@]}" "$OUT/get-ours.out") <("${strip[@]}" "$OUT/get-kubectl.out"); then same+=("$label: same")
  else same+=("$label: DIFFERENT"); fi
  rows+=("$(row "get $GET_COUNT ConfigMaps, \`-o ${label}\`" "$ours" "$theirs")")
done
drop_ns "$GNS"

# --- wait
WNS=wait-$RUN
"$KUBECTL" create ns "$WNS" >/dev/null
configmaps "$WAIT_COUNT" wait >"$OUT/wait.yaml"
configmaps "$WAIT_COUNT" wait "  done: \"yes\"
" >"$OUT/wait-done.yaml"
wait_row() { # how: starts the waiter, completes every object, reports "seconds-after-last-write MB"
  "$KUBECTL" delete cm -n "$WNS" -l set=wait --wait=true >/dev/null
  "$K8S_APPLY" -n "$WNS" -f "$OUT/wait.yaml" -o name >/dev/null
  local cmd
  if [ "$1" = ours ]; then cmd=("$K8S_WAIT" -n "$WNS" cm -l set=wait --for 'jsonpath={.data.done}=yes' --timeout 10m -q)
  else cmd=("$KUBECTL" wait -n "$WNS" cm -l set=wait --for 'jsonpath={.data.done}=yes' --timeout 600s); fi
  ( /usr/bin/time -f "%e %M" -o "$OUT/wait-time.txt" "${cmd[@]}" >/dev/null 2>"$OUT/wait.err"; now_ms >"$OUT/wait-end" ) &
  local waiter=$!
  sleep 3 # the waiter has started and listed
  "$KUBECTL" apply --server-side --force-conflicts -n "$WNS" -f "$OUT/wait-done.yaml" >/dev/null
  local written; written=$(now_ms)
  wait "$waiter"
  awk -v w="$written" -v e="$(cat "$OUT/wait-end")" '{printf "%.3f %.0f\n", (e - w) / 1000, $2 / 1024}' \
    "$OUT/wait-time.txt"
}
ours=$(wait_row ours)
theirs=$(wait_row kubectl)
rows+=("$(row "wait for $WAIT_COUNT ConfigMaps by selector: exit after the last write (\`k8s-wait\` / \`kubectl wait\`)" "$ours" "$theirs")")
drop_ns "$WNS"
load_after=$(load)

{
  echo "### Many objects ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $load_after)"
  echo
  echo "Wall seconds, CPU seconds (user+sys) and peak RSS from /usr/bin/time; ratios ours / kubectl (below 1: ours is"
  echo "less). apply: median of $APPLY_RUNS runs each; the rest: one run each."
  echo
  echo "| what | ours s | kubectl s | time ratio | ours CPU s | kubectl CPU s | ours MB | kubectl MB | RSS ratio |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Outputs of \`k8s-get\` and \`kubectl get\` compared byte for byte (the table without its AGE column): $(printf '%s; ' "${same[@]}" | sed 's/; $//')."
  echo
} | tee "$OUT/scale.md"
