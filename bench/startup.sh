#!/usr/bin/env bash
# Start-up + one request, and peak RSS: k8s-get vs kubectl get, k8s-apply vs kubectl apply --server-side, and a wait
# whose condition is already true (k8s-wait vs k8s-get on the same object, and vs kubectl wait), in one run against
# the bench API server. Prints a Markdown section (also to bench/target/startup.md).
#   BASELINE=DIR bench/startup.sh   also runs another checkout's k8s-get launcher (DIR/get-cli/target/k8s-get) in the
#                                   same get runs: a change measured against the build before it
. "$(dirname "$0")/lib.sh"
need_tools
server_up
trap server_down EXIT
JP='{.data.mode}'
cat >"$OUT/cm.yaml" <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: $NS
data:
  mode: fast
YAML
get_ours="$K8S_GET -n $NS cm/x -o jsonpath=$JP"
get_kubectl="$KUBECTL -n $NS get cm x -o jsonpath=$JP"
apply_ours="$K8S_APPLY -f $OUT/cm.yaml"
# the wait is already over: one list (no watch), then exit; -q: no progress lines, as kubectl wait prints none
wait_ours="$K8S_WAIT -n $NS cm/x --for=jsonpath=$JP=fast --timeout=30s -q"
wait_kubectl="$KUBECTL -n $NS wait cm/x --for=jsonpath=$JP=fast --timeout=30s"
apply_kubectl="$KUBECTL apply --server-side -f $OUT/cm.yaml"
[ "$($get_ours)" = fast ] && [ "$($get_kubectl)" = fast ] || { echo "bench: the two gets disagree" >&2; exit 1; }
$apply_ours >/dev/null && $apply_kubectl >/dev/null
$wait_ours >/dev/null && $wait_kubectl >/dev/null || { echo "bench: a wait did not end at once" >&2; exit 1; }

load_before=$(load)
get_base=()
if [ -n "${BASELINE:-}" ]; then
  get_base=("$BASELINE/get-cli/target/k8s-get -n $NS cm/x -o jsonpath=$JP")
  [ "$(${get_base[0]})" = fast ] || { echo "bench: the baseline's k8s-get failed" >&2; exit 1; }
  baseline_rev=$(git -C "$BASELINE" rev-parse --short HEAD 2>/dev/null || echo "$BASELINE")
fi
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/get.json" "$get_ours" "$get_kubectl" "${get_base[@]}" >&2
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/apply.json" "$apply_ours" "$apply_kubectl" >&2
# the wait beside k8s-get's read of the same object, in one hyperfine run (kubectl's two alike, for scale)
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/wait-start.json" "$wait_ours" "$get_ours" "$wait_kubectl" \
  "$get_kubectl" >&2

rss() { # median peak RSS in MB of N runs of a command
  for _ in $(seq 1 "${RSS_RUNS:-9}"); do
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/{print $NF}'
  done | median | awk '{printf "%.0f", $1/1024}'
}
rss_get_ours=$(rss $get_ours); rss_get_kubectl=$(rss $get_kubectl)
if [ -n "${BASELINE:-}" ]; then rss_get_base=$(rss ${get_base[0]}); fi
rss_apply_ours=$(rss $apply_ours); rss_apply_kubectl=$(rss $apply_kubectl)
load_after=$(load)

g1=$(hf_stat "$OUT/get.json" 0 median); g2=$(hf_stat "$OUT/get.json" 1 median)
a1=$(hf_stat "$OUT/apply.json" 0 median); a2=$(hf_stat "$OUT/apply.json" 1 median)
g1m=$(hf_stat "$OUT/get.json" 0 mean); g2m=$(hf_stat "$OUT/get.json" 1 mean)
a1m=$(hf_stat "$OUT/apply.json" 0 mean); a2m=$(hf_stat "$OUT/apply.json" 1 mean)
w1=$(hf_stat "$OUT/wait-start.json" 0 median); w2=$(hf_stat "$OUT/wait-start.json" 1 median)
w3=$(hf_stat "$OUT/wait-start.json" 2 median); w4=$(hf_stat "$OUT/wait-start.json" 3 median)
{
  echo "### Start-up + one request, peak RSS ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $load_after)"
  echo
  echo "hyperfine -N --warmup 3 --runs $RUNS; RSS: median of ${RSS_RUNS:-9} runs of /usr/bin/time -v. Discovery caches warm (kubectl's and ours, the same folder)."
  echo
  echo "| command | median ms | mean ms | ratio (median) | peak RSS MB | ratio |"
  echo "| --- | --- | --- | --- | --- | --- |"
  echo "| \`k8s-get -n $NS cm/x -o jsonpath=$JP\` | $g1 | $g1m | **$(ratio "$g1" "$g2")x** | $rss_get_ours | **$(ratio "$rss_get_ours" "$rss_get_kubectl")x** |"
  echo "| \`kubectl -n $NS get cm x -o jsonpath=$JP\` | $g2 | $g2m | 1 | $rss_get_kubectl | 1 |"
  if [ -n "${BASELINE:-}" ]; then
    g3=$(hf_stat "$OUT/get.json" 2 median); g3m=$(hf_stat "$OUT/get.json" 2 mean)
    echo "| the same k8s-get, built from $baseline_rev (BASELINE) | $g3 | $g3m | **$(ratio "$g3" "$g2")x** | $rss_get_base | **$(ratio "$rss_get_base" "$rss_get_kubectl")x** |"
  fi
  echo "| \`k8s-apply -f cm.yaml\` | $a1 | $a1m | **$(ratio "$a1" "$a2")x** | $rss_apply_ours | **$(ratio "$rss_apply_ours" "$rss_apply_kubectl")x** |"
  echo "| \`kubectl apply --server-side -f cm.yaml\` | $a2 | $a2m | 1 | $rss_apply_kubectl | 1 |"
  echo
  echo "A wait whose condition already holds, beside a read of the same object (one hyperfine run of the four, medians):"
  echo
  echo "| command | median ms | ratio to the get beside it |"
  echo "| --- | --- | --- |"
  echo "| \`k8s-wait -n $NS cm/x --for=jsonpath=$JP=fast --timeout=30s -q\` | $w1 | **$(ratio "$w1" "$w2")x** |"
  echo "| \`k8s-get -n $NS cm/x -o jsonpath=$JP\` | $w2 | 1 |"
  echo "| \`kubectl -n $NS wait cm/x --for=jsonpath=$JP=fast --timeout=30s\` | $w3 | $(ratio "$w3" "$w4")x |"
  echo "| \`kubectl -n $NS get cm x -o jsonpath=$JP\` | $w4 | 1 |"
  echo
  echo "k8s-wait against kubectl wait: $(ratio "$w1" "$w3")x."
  echo
} | tee "$OUT/startup.md"
