#!/usr/bin/env bash
# Start-up + one request, and peak RSS: k8s-get vs kubectl get, k8s-apply vs kubectl apply --server-side, in one run
# against the bench API server. Prints a Markdown section (also to bench/target/startup.md).
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
apply_kubectl="$KUBECTL apply --server-side -f $OUT/cm.yaml"
[ "$($get_ours)" = fast ] && [ "$($get_kubectl)" = fast ] || { echo "bench: the two gets disagree" >&2; exit 1; }
$apply_ours >/dev/null && $apply_kubectl >/dev/null

load_before=$(load)
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/get.json" "$get_ours" "$get_kubectl" >&2
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/apply.json" "$apply_ours" "$apply_kubectl" >&2

rss() { # median peak RSS in MB of N runs of a command
  for _ in $(seq 1 "${RSS_RUNS:-9}"); do
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/{print $NF}'
  done | median | awk '{printf "%.0f", $1/1024}'
}
rss_get_ours=$(rss $get_ours); rss_get_kubectl=$(rss $get_kubectl)
rss_apply_ours=$(rss $apply_ours); rss_apply_kubectl=$(rss $apply_kubectl)
load_after=$(load)

g1=$(hf_stat "$OUT/get.json" 0 median); g2=$(hf_stat "$OUT/get.json" 1 median)
a1=$(hf_stat "$OUT/apply.json" 0 median); a2=$(hf_stat "$OUT/apply.json" 1 median)
g1m=$(hf_stat "$OUT/get.json" 0 mean); g2m=$(hf_stat "$OUT/get.json" 1 mean)
a1m=$(hf_stat "$OUT/apply.json" 0 mean); a2m=$(hf_stat "$OUT/apply.json" 1 mean)
{
  echo "### Start-up + one request, peak RSS ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $load_after)"
  echo
  echo "hyperfine -N --warmup 3 --runs $RUNS; RSS: median of ${RSS_RUNS:-9} runs of /usr/bin/time -v. Discovery caches warm (kubectl's and ours, the same folder)."
  echo
  echo "| command | median ms | mean ms | ratio (median) | peak RSS MB | ratio |"
  echo "| --- | --- | --- | --- | --- | --- |"
  echo "| \`k8s-get -n $NS cm/x -o jsonpath=$JP\` | $g1 | $g1m | **$(ratio "$g1" "$g2")x** | $rss_get_ours | **$(ratio "$rss_get_ours" "$rss_get_kubectl")x** |"
  echo "| \`kubectl -n $NS get cm x -o jsonpath=$JP\` | $g2 | $g2m | 1 | $rss_get_kubectl | 1 |"
  echo "| \`k8s-apply -f cm.yaml\` | $a1 | $a1m | **$(ratio "$a1" "$a2")x** | $rss_apply_ours | **$(ratio "$rss_apply_ours" "$rss_apply_kubectl")x** |"
  echo "| \`kubectl apply --server-side -f cm.yaml\` | $a2 | $a2m | 1 | $rss_apply_kubectl | 1 |"
  echo
} | tee "$OUT/startup.md"
