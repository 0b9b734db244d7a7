#!/usr/bin/env bash
# Wait latency and API load: k8s-wait vs kubectl wait vs a 5-second polling loop of kubectl get, on a
# SparkApplication, in one run against the bench API server. Prints a Markdown section (also bench/target/wait.md).
#   latency: from just before the status write (curl PATCH .../status, COMPLETED) to the waiting process's exit
#   API load: apiserver_request_total during a 60-second wait that never completes, minus an idle 60 s measured
#   in the same run (the API server's own background requests)
. "$(dirname "$0")/lib.sh"
need_tools
server_up
trap server_down EXIT
WAIT_RUNS=${BENCH_WAIT_RUNS:-7}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-60}
JP='{.status.applicationState.state}'
GV=/apis/sparkoperator.k8s.io/v1beta2/namespaces/$NS/sparkapplications

create() { # a SparkApplication without status
  api POST "$GV" -H 'Content-Type: application/json' -o /dev/null -d "{\"apiVersion\":\"sparkoperator.k8s.io/v1beta2\",
    \"kind\":\"SparkApplication\",\"metadata\":{\"name\":\"$1\"},\"spec\":{\"type\":\"Scala\",\"mode\":\"cluster\"}}"
}
complete() {
  api PATCH "$GV/$1/status" -H 'Content-Type: application/merge-patch+json' -o /dev/null \
    -d '{"status":{"applicationState":{"state":"COMPLETED"}}}'
}
waiter() { # how NAME TIMEOUT_S: the waiting command
  case $1 in
    k8s-wait) echo "$K8S_WAIT -n $NS sparkapp/$2 --for jsonpath=$JP=COMPLETED --timeout ${3}s -q" ;;
    kubectl-wait) echo "$KUBECTL wait -n $NS sparkapp/$2 --for=jsonpath=$JP=COMPLETED --timeout=${3}s" ;;
    poll-5s) echo "poll $2 $3" ;;
  esac
}
poll() { # the seed's approach at its best: kubectl get every 5 s
  local end=$(( $(date +%s) + $2 ))
  while [ "$($KUBECTL get -n $NS sparkapp "$1" -o "jsonpath=$JP" 2>/dev/null)" != COMPLETED ]; do
    [ "$(date +%s)" -lt $end ] || return 4
    sleep 5
  done
}
run_waiter() { # how name timeout -> runs it, writes the exit time (ms) to $OUT/end
  local cmd; cmd=$(waiter "$1" "$2" "$3")
  if [ "$1" = poll-5s ]; then poll "$2" "$3"; else $cmd >/dev/null 2>"$OUT/waiter.err"; fi
  now_ms >"$OUT/end"
}

declare -A LAT
for how in k8s-wait kubectl-wait poll-5s; do
  : >"$OUT/lat-$how"
  for i in $(seq 1 "$WAIT_RUNS"); do
    name="lat-$how-$i"
    create "$name"
    rm -f "$OUT/end"
    run_waiter "$how" "$name" 60 &
    pid=$!
    sleep "${BENCH_WAIT_SETTLE:-6}"   # started and watching (or between two polls)
    t0=$(now_ms); complete "$name"
    wait "$pid" || { echo "bench: $how exited $? for $name" >&2; cat "$OUT/waiter.err" >&2 || true; }
    echo $(( $(cat "$OUT/end") - t0 )) >>"$OUT/lat-$how"
  done
  LAT[$how]=$(median <"$OUT/lat-$how")
done

# API load of one 60-second wait each; the first line is the idle baseline
declare -A REQ
base0=$(requests_total); sleep "$LOAD_SECONDS"; sleep 2; base1=$(requests_total)
REQ[idle]=$((base1 - base0))
for how in k8s-wait kubectl-wait poll-5s; do
  name="load-$how"; create "$name"
  requests_by_kind >"$OUT/req-before-$how"
  r0=$(requests_total)
  if [ "$how" = poll-5s ]; then poll "$name" "$LOAD_SECONDS" || true
  else $(waiter "$how" "$name" "$LOAD_SECONDS") >/dev/null 2>&1 || true; fi
  sleep 2   # a watch is counted when it ends
  r1=$(requests_total)
  requests_by_kind >"$OUT/req-after-$how"
  REQ[$how]=$((r1 - r0 - REQ[idle]))
  join -j1 <(awk '{print $1"/"$2, $3}' "$OUT/req-before-$how") <(awk '{print $1"/"$2, $3}' "$OUT/req-after-$how") -a2 -e 0 -o 0,1.2,2.2 \
    | awk '$3-$2>0{printf "%s=%d ", $1, $3-$2}' >"$OUT/req-diff-$how"
done
cold=$(
  rm -rf "$HOME/.kube/cache/discovery/127.0.0.1_$KUBE_STEPS_LOCAL_PORT"
  create load-cold; r0=$(requests_total)
  $(waiter k8s-wait load-cold "$LOAD_SECONDS") >/dev/null 2>&1 || true
  sleep 2; r1=$(requests_total); echo $((r1 - r0 - REQ[idle])))

{
  echo "### Wait latency and API load ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(load))"
  echo
  echo "Latency: median of $WAIT_RUNS runs, from just before the status write (curl PATCH of /status) to the waiter's exit,"
  echo "the waiter started ${BENCH_WAIT_SETTLE:-6} s before. Requests: apiserver_request_total during one ${LOAD_SECONDS}-second wait"
  echo "that never completes, minus ${REQ[idle]} counted in an idle ${LOAD_SECONDS} s (the API server's own background)."
  echo
  echo "| waiter | latency median ms (all runs) | requests in ${LOAD_SECONDS} s | which |"
  echo "| --- | --- | --- | --- |"
  for how in k8s-wait kubectl-wait poll-5s; do
    echo "| $how | ${LAT[$how]} ($(tr '\n' ' ' <"$OUT/lat-$how" | sed 's/ $//')) | ${REQ[$how]} | $(cat "$OUT/req-diff-$how") |"
  done
  echo
  echo "k8s-wait with an empty discovery cache (first run on a machine or in a fresh pod): $cold requests."
  echo "Commands: \`$(waiter k8s-wait NAME 60)\`, \`$(waiter kubectl-wait NAME 60)\`,"
  echo "poll-5s: \`while [ \"\$(kubectl get -n $NS sparkapp NAME -o jsonpath=$JP)\" != COMPLETED ]; do sleep 5; done\`."
  echo
} | tee "$OUT/wait.md"
