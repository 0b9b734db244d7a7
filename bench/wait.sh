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
RUN=$(date +%s)   # object names unique to this run (the API server may be reused)

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
  while [ "$($KUBECTL get -n $NS sparkapp "$1" -o "jsonpath=$JP" ${POLL_V:-})" != COMPLETED ]; do
    [ "$(date +%s)" -lt $end ] || return 4
    sleep 5
  done
}
run_waiter() { # how name timeout -> runs it, writes the exit time (ms) to $OUT/end
  local cmd; cmd=$(waiter "$1" "$2" "$3")
  if [ "$1" = poll-5s ]; then poll "$2" "$3" 2>/dev/null; else $cmd >/dev/null 2>"$OUT/waiter.err"; fi
  now_ms >"$OUT/end"
}

declare -A LAT
for how in k8s-wait kubectl-wait poll-5s; do
  : >"$OUT/lat-$how"
  for i in $(seq 1 "$WAIT_RUNS"); do
    name="lat-$how-$i-$RUN"
    create "$name"
    rm -f "$OUT/end"
    run_waiter "$how" "$name" 60 &
    pid=$!
    sleep "${BENCH_WAIT_SETTLE:-6}"   # started and watching
    sleep "$(awk -v r=$RANDOM 'BEGIN{printf "%.3f", (r % 5000) / 1000}')"   # anywhere between two polls
    t0=$(now_ms); complete "$name"
    wait "$pid" || { echo "bench: $how exited $? for $name" >&2; cat "$OUT/waiter.err" >&2 || true; }
    echo $(( $(cat "$OUT/end") - t0 )) >>"$OUT/lat-$how"
  done
  LAT[$how]=$(median <"$OUT/lat-$how")
done

# API load of one 60-second wait each; the first line is the idle baseline
declare -A REQ CLIENT
TRACE_HTTP=-Dorg.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.http.HttpLoggingInterceptor=trace
client_requests() { grep -cE '(> |[0-9]\] )(GET|POST|PUT|PATCH|DELETE) https://' "$1" || true; }
base0=$(requests_total); sleep "$LOAD_SECONDS"; sleep 2; base1=$(requests_total)
REQ[idle]=$((base1 - base0))
for how in k8s-wait kubectl-wait poll-5s; do
  name="load-$how-$RUN"; create "$name"
  requests_by_kind >"$OUT/req-before-$how"
  r0=$(requests_total)
  # the clients' own request logs too: the API server does not count discovery (/api, /apis...) in that metric
  if [ "$how" = poll-5s ]; then POLL_V=-v=6 poll "$name" "$LOAD_SECONDS" 2>"$OUT/client-$how.log" || true
  elif [ "$how" = k8s-wait ]; then JAVA_OPTS="$TRACE_HTTP" $(waiter "$how" "$name" "$LOAD_SECONDS") >/dev/null 2>"$OUT/client-$how.log" || true
  else $(waiter "$how" "$name" "$LOAD_SECONDS") -v=6 >/dev/null 2>"$OUT/client-$how.log" || true; fi
  CLIENT[$how]=$(client_requests "$OUT/client-$how.log")
  sleep 2   # a watch is counted when it ends
  r1=$(requests_total)
  requests_by_kind >"$OUT/req-after-$how"
  REQ[$how]=$((r1 - r0 - REQ[idle]))
  by_key() { awk '{a[$1"/"$2]+=$3} END{for (k in a) print k, a[k]}' "$1" | sort; }
  join -j1 <(by_key "$OUT/req-before-$how") <(by_key "$OUT/req-after-$how") -a2 -e 0 -o 0,1.2,2.2 \
    | awk '$3-$2>0{printf "%s=%d ", $1, $3-$2}' >"$OUT/req-diff-$how"
done
# k8s-wait with no discovery cache (a fresh pod), by its type's short name and fully qualified: client-side counts
# of a short wait (the same requests as a long one: discovery, list, watch, the events of the timeout's diagnostics)
cold() { KUBE_STEPS_DISCOVERY_CACHE=off JAVA_OPTS="$TRACE_HTTP" $K8S_WAIT -n $NS "$1/load-k8s-wait-$RUN" \
  --for "jsonpath=$JP=COMPLETED" --timeout 5s -q 2>&1 >/dev/null | grep -cE '> (GET|POST|PUT|PATCH|DELETE) https://' || true; }
cold_short=$(cold sparkapp)
cold_full=$(cold sparkapplications.v1beta2.sparkoperator.k8s.io)

{
  echo "### Wait latency and API load ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(load))"
  echo
  echo "Latency: median of $WAIT_RUNS runs, from just before the status write (curl PATCH of /status) to the waiter's exit,"
  echo "the waiter started ${BENCH_WAIT_SETTLE:-6} to $((${BENCH_WAIT_SETTLE:-6} + 5)) s before (random). Requests: apiserver_request_total during one ${LOAD_SECONDS}-second wait"
  echo "that never completes, minus ${REQ[idle]} counted in an idle ${LOAD_SECONDS} s (the API server's own background)."
  echo
  echo "| waiter | latency median ms (all runs) | requests in ${LOAD_SECONDS} s, server metric | requests, client's log (discovery included) | server metric by verb/resource (background included) |"
  echo "| --- | --- | --- | --- | --- |"
  for how in k8s-wait kubectl-wait poll-5s; do
    echo "| $how | ${LAT[$how]} ($(tr '\n' ' ' <"$OUT/lat-$how" | sed 's/ $//')) | ${REQ[$how]} | ${CLIENT[$how]} | $(cat "$OUT/req-diff-$how") |"
  done
  echo
  echo "The server metric (apiserver_request_total) leaves out discovery (/api/v1, /apis, /apis/GROUP/VERSION are"
  echo "not instrumented in kube-apiserver 1.20); the clients' logs count every request they send (k8s-wait: fabric8's"
  echo "HttpLoggingInterceptor at trace; kubectl: -v=6). Discovery caches warm (the waits above ran before)."
  echo "A timed-out k8s-wait also lists the object's events for its diagnostics (LIST events)."
  echo
  echo "k8s-wait with no discovery cache (a fresh pod; KUBE_STEPS_DISCOVERY_CACHE=off), client's count: \`sparkapp/x\`:"
  echo "$cold_short requests; \`sparkapplications.v1beta2.sparkoperator.k8s.io/x\`: $cold_full requests."
  echo "Commands: \`$(waiter k8s-wait NAME 60)\`, \`$(waiter kubectl-wait NAME 60)\`,"
  echo "poll-5s: \`while [ \"\$(kubectl get -n $NS sparkapp NAME -o jsonpath=$JP)\" != COMPLETED ]; do sleep 5; done\`."
  echo
} | tee "$OUT/wait.md"
