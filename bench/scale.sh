#!/usr/bin/env bash
# Many objects: k8s-apply, k8s-get and k8s-wait beside kubectl on the same lists, in one run against the bench API
# server. Wall time (s) and peak RSS (MB, /usr/bin/time) per command, and the ratio to kubectl's in the same run.
#   apply: N ConfigMaps of 1 KB from one file into an empty namespace (k8s-apply, default --concurrency, vs kubectl
#          apply --server-side); N = 500 and 5000 (BENCH_APPLY_COUNTS)
#   get:   5000 ConfigMaps of 1 KB (BENCH_GET_COUNT), each output format; the outputs are compared byte for byte
#   wait:  500 ConfigMaps by label selector (BENCH_WAIT_COUNT), --for jsonpath until all say done; the time from the
#          end of the write that completes them to the waiter's exit, and its peak RSS (kubectl wait checks one object
#          after another, so its wait can take long)
# Prints a Markdown section (also bench/target/scale.md).
. "$(dirname "$0")/lib.sh"
need_tools
server_up
trap server_down EXIT
APPLY_COUNTS=${BENCH_APPLY_COUNTS:-500 5000}
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
timed() { # OUT_FILE cmd...: runs it, prints "seconds MB" (wall, peak RSS) on stdout; its stdout to OUT_FILE
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$out" 2>"$OUT/timed.err" || {
    echo "bench: failed: $* ($(head -3 "$OUT/timed.err"))" >&2; return 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$OUT/time.txt"
}
row() { # what ours kubectl ("s MB" each)
  local os om ks km; read -r os om <<<"$2"; read -r ks km <<<"$3"
  echo "| $1 | $os | $ks | $(ratio "$os" "$ks") | $om | $km | $(ratio "$om" "$km") |"
}

rows=()
# --- apply
for n in $APPLY_COUNTS; do
  configmaps "$n" "apply$n" >"$OUT/apply-$n.yaml"
  "$KUBECTL" create ns "ours-$n-$RUN" >/dev/null; "$KUBECTL" create ns "kubectl-$n-$RUN" >/dev/null
  ours=$(timed "$OUT/apply-ours.out" "$K8S_APPLY" -n "ours-$n-$RUN" -f "$OUT/apply-$n.yaml")
  theirs=$(timed "$OUT/apply-kubectl.out" "$KUBECTL" apply --server-side -n "kubectl-$n-$RUN" -f "$OUT/apply-$n.yaml")
  rows+=("$(row "apply $n ConfigMaps (\`k8s-apply\` / \`kubectl apply --server-side\`)" "$ours" "$theirs")")
  "$KUBECTL" delete ns "ours-$n-$RUN" "kubectl-$n-$RUN" --wait=false >/dev/null
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
"$KUBECTL" delete ns "$GNS" --wait=false >/dev/null

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
"$KUBECTL" delete ns "$WNS" --wait=false >/dev/null
load_after=$(load)

{
  echo "### Many objects ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $load_after)"
  echo
  echo "One run each; wall seconds and peak RSS from /usr/bin/time; ratios ours / kubectl (below 1: ours is less)."
  echo
  echo "| what | ours s | kubectl s | time ratio | ours MB | kubectl MB | RSS ratio |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Outputs of \`k8s-get\` and \`kubectl get\` compared byte for byte (the table without its AGE column): $(printf '%s; ' "${same[@]}" | sed 's/; $//')."
  echo
} | tee "$OUT/scale.md"
