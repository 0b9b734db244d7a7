#!/usr/bin/env bash
# The main job, on a fresh machine: builds the three tools, then runs the seed's pipeline with them:
#   k8s-apply submits the Spark Pi SparkApplication (generateName) -> k8s-wait waits for COMPLETED, failing on FAILED
#   -> k8s-get reads the driver pod's name.
# Against the current kube context; or, when there is none reachable (or with --local), against a local one-node
# cluster that scripts/local-cluster.sh starts (Linux, root), else (or with --apiserver) against a local API server
# that scripts/local-apiserver.sh starts. Where no Spark operator runs (the local clusters have none), this script
# plays the operator's part, writing the states it would write, so the wait has something to watch.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q --no-transfer-progress -DskipTests -Djib.skip=true package
export PATH=$PWD/apply-cli/target:$PWD/get-cli/target:$PWD/wait-cli/target:$PATH
out=${KUBE_STEPS_QUICKSTART_OUT:-/tmp/kube-steps-quickstart}
ns=kube-steps-quickstart
rm -rf "$out"

if [ "${1:-}" = --local ] || [ "${1:-}" = --apiserver ] || ! kubectl version --request-timeout=5s >/dev/null 2>&1; then
  # a real one-node cluster where the machine can run one (Linux, root, Debian packages), else the light fallback:
  # an API server alone (no nodes: pods stay Pending)
  if [ "${1:-}" != --apiserver ] && why=$(scripts/local-cluster.sh check) \
      && echo "quickstart: no reachable cluster in the current kube context: starting a local one-node cluster" >&2 \
      && KUBECONFIG=$(scripts/local-cluster.sh up); then
    echo "quickstart: KUBECONFIG=$KUBECONFIG (stop it with scripts/local-cluster.sh down)" >&2
  else
    echo "quickstart: ${why:-the local node did not start}: starting a local API server instead" >&2
    [ -n "${why:-}" ] || scripts/local-cluster.sh down >/dev/null 2>&1 || true
    KUBECONFIG=$(scripts/local-apiserver.sh up)
    echo "quickstart: KUBECONFIG=$KUBECONFIG (stop it with scripts/local-apiserver.sh down)" >&2
  fi
  export KUBECONFIG
fi

step() { printf '\n# %s\n' "$*" >&2; }

step "a namespace, and the SparkApplication CRD if the cluster has none"
k8s-apply --manifest "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"$ns\"}}"
if ! k8s-get crd/sparkapplications.sparkoperator.k8s.io -o name >/dev/null 2>&1; then
  k8s-apply -f examples/spark-pi/crd.yaml
fi

step "1. k8s-apply: submit Spark Pi (generateName: one per run)"
k8s-apply -n "$ns" -f examples/spark-pi/sparkapplication.yaml --label kube-steps/run=quickstart \
  --output-name "$out/name" --output-manifest "$out/applied.yaml"
name=$(cat "$out/name")

operator=""
if ! kubectl get deployments -A -o name 2>/dev/null | grep -q spark-operator; then
  step "(no Spark operator here: this script writes the states it would write)"
  (
    for state in SUBMITTED RUNNING COMPLETED; do
      sleep 2
      kubectl -n "$ns" patch sparkapplication "$name" --subresource=status --type=merge -p \
        "{\"status\": {\"applicationState\": {\"state\": \"$state\"}, \"driverInfo\": {\"podName\": \"$name-driver\"}}}" \
        >/dev/null
    done
  ) &
  operator=$!
fi

step "2. k8s-wait: until COMPLETED, failing fast on FAILED (one watching step, no polling)"
k8s-wait -f "$out/applied.yaml" \
  --for "jsonpath={.status.applicationState.state}=COMPLETED" \
  --fail-on "jsonpath={.status.applicationState.state}=FAILED" \
  --timeout 10m --output-state "$out/state" --output-result "$out/result.json"
[ -n "$operator" ] && wait "$operator"

step "3. k8s-get: the driver pod's name, for the next step"
k8s-get -f "$out/applied.yaml" -o "jsonpath={.status.driverInfo.podName}" --output-file "$out/driver-pod"
echo
# shellcheck disable=SC2012 # the names, as ls sorts and prints them, for a person to read
step "done: outputs in $out ($(ls "$out" | tr '\n' ' '))"
