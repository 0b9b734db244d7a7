# Shared by the bench scripts (sourced). Starts this bench's own API server (scripts/local-apiserver.sh with its own
# folder and ports, so it does not collide with other users of the machine), finds the tools and kubectl, and helps
# with numbers. Settings (environment):
#   BENCH_LOCAL (/tmp/kube-steps-bench)  BENCH_PORT (17443)  BENCH_ETCD_PORT (13379)
#   BENCH_RUNS (hyperfine runs, 20)      BENCH_KEEP_SERVER=1 (leave the API server running at the end)
#   KUBECTL (/usr/bin/kubectl)
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
export KUBE_STEPS_LOCAL=${BENCH_LOCAL:-/tmp/kube-steps-bench}
export KUBE_STEPS_LOCAL_PORT=${BENCH_PORT:-17443}
export KUBE_STEPS_LOCAL_ETCD_PORT=${BENCH_ETCD_PORT:-13379}
RUNS=${BENCH_RUNS:-20}
KUBECTL=${KUBECTL:-/usr/bin/kubectl}
K8S_GET=$REPO/get-cli/target/k8s-get
K8S_APPLY=$REPO/apply-cli/target/k8s-apply
K8S_WAIT=$REPO/wait-cli/target/k8s-wait
NS=bench
OUT=${BENCH_OUT:-$REPO/bench/target}
mkdir -p "$OUT"

need_tools() {
  for t in "$K8S_GET" "$K8S_APPLY" "$K8S_WAIT"; do
    [ -x "$t" ] || { echo "bench: $t missing: build first (./mvnw -B -q -o package -DskipTests)" >&2; exit 1; }
  done
  [ -x "$KUBECTL" ] || { echo "bench: no kubectl at $KUBECTL" >&2; exit 1; }
  command -v hyperfine >/dev/null || {
    echo "bench: installing hyperfine (apt-get)" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
    else sudo apt-get install -y -qq hyperfine >/dev/null; fi
  }
  [ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
}

# starts (or reuses) the bench API server; sets KCFG, TOKEN, SERVER; creates the namespace and the SparkApplication CRD
server_up() {
  KCFG=$("$REPO/scripts/local-apiserver.sh" up | tail -1)
  export KUBECONFIG=$KCFG
  TOKEN=$(cut -d, -f1 "$KUBE_STEPS_LOCAL/tokens.csv")
  SERVER=https://127.0.0.1:$KUBE_STEPS_LOCAL_PORT
  "$KUBECTL" get ns "$NS" >/dev/null 2>&1 || "$KUBECTL" create ns "$NS" >/dev/null
  "$KUBECTL" apply -f "$REPO/examples/spark-pi/crd.yaml" >/dev/null
  "$KUBECTL" wait --for condition=established crd/sparkapplications.sparkoperator.k8s.io --timeout=60s >/dev/null
  "$KUBECTL" -n "$NS" create configmap x --from-literal=mode=fast --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
}

server_down() {
  [ "${BENCH_KEEP_SERVER:-}" = 1 ] || "$REPO/scripts/local-apiserver.sh" down >/dev/null 2>&1 || true
}

# curl against the bench API server as admin: api METHOD PATH [curl args...]
api() {
  local m=$1 p=$2; shift 2
  curl -sS --fail --cacert "$KUBE_STEPS_LOCAL/apiserver.crt" -H "Authorization: Bearer $TOKEN" -X "$m" "$@" "$SERVER$p"
}

# the sum of apiserver_request_total
requests_total() {
  api GET /metrics | awk '/^apiserver_request_total\{/{s+=$NF} END{printf "%d\n", s}'
}

# apiserver_request_total as "verb resource code value" lines, for a breakdown of a difference
requests_by_kind() {
  api GET /metrics | awk '/^apiserver_request_total\{/{
      match($0,/verb="[^"]*"/); v=substr($0,RSTART+6,RLENGTH-7);
      r=""; if (match($0,/resource="[^"]*"/)) r=substr($0,RSTART+10,RLENGTH-11);
      g=""; if (match($0,/group="[^"]*"/)) g=substr($0,RSTART+7,RLENGTH-8);
      print v, (r==""?"-":r) "." (g==""?"core":g), $NF}' | sort
}

load() { uptime | sed 's/.*load average: //'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END{if(NR==0){print "nan"} else if(NR%2){print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.1f' % (a/b) if b else 'nan')" "$1" "$2"; }

# hyperfine mean/median (ms) of command N in an exported JSON: hf_stat FILE N mean|median|stddev
hf_stat() { jq -r ".results[$2].$3 * 1000 | . * 10 | round / 10" "$1"; }
