#!/usr/bin/env bash
# What CEL costs k8s-wait: the same verdict with a jsonpath --for, a cel= --for, and the kind's built-in rule (the
# catalogue's CEL), with --local (no API server, so only start-up and the evaluation are measured). Ratios are against
# the jsonpath run in the same run. Prints a Markdown section (also bench/target/cel.md).
. "$(dirname "$0")/lib.sh"
need_tools
cat >"$OUT/rayjob.yaml" <<YAML
apiVersion: ray.io/v1
kind: RayJob
metadata: {name: train, generation: 1}
status: {jobStatus: RUNNING, jobDeploymentStatus: Running, observedGeneration: 1}
YAML
jsonpath="$K8S_WAIT --local -f $OUT/rayjob.yaml --for jsonpath={.status.jobStatus}=RUNNING"
cel="$K8S_WAIT --local -f $OUT/rayjob.yaml --for cel=status.jobStatus=='RUNNING'"
rule="$K8S_WAIT --local -f $OUT/rayjob.yaml --fail-on cel=false"
load_before=$(load)
# the last one ends 4 (in progress: the catalogue's RayJob rule is not done while RUNNING): -i takes its exit code
hyperfine -N -i --warmup 3 --runs "$RUNS" --export-json "$OUT/cel.json" "$jsonpath" "$cel" "$rule" >&2
load_after=$(load)
j=$(hf_stat "$OUT/cel.json" 0 median); c=$(hf_stat "$OUT/cel.json" 1 median); r=$(hf_stat "$OUT/cel.json" 2 median)
{
  echo "### CEL in k8s-wait ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $load_after)"
  echo
  echo "hyperfine -N --warmup 3 --runs $RUNS; \`k8s-wait --local\` on one RayJob (no API server)."
  echo
  echo "| command | median ms | ratio to jsonpath |"
  echo "| --- | --- | --- |"
  echo "| \`--for jsonpath={.status.jobStatus}=RUNNING\` | $j | 1 |"
  echo "| \`--for cel=status.jobStatus=='RUNNING'\` | $c | $(ratio "$c" "$j") |"
  echo "| no --for: the catalogue's RayJob rule (CEL) | $r | $(ratio "$r" "$j") |"
} | tee "$OUT/cel.md"
