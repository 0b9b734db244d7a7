#!/bin/sh
# Spark Pi with the three tools in a shell: the steps of pipeline.py, one after the other.
#   submit (one SparkApplication per run) -> wait until COMPLETED, exit 1 on FAILED -> get the driver pod -> use it
# Environment: KUBECONFIG (or ~/.kube/config, or the pod's service account), NAMESPACE (default: the context's),
# TIMEOUT for the wait (default 2h). The tools are taken from PATH, else from the build output
# (apply-cli/target/k8s-apply etc. after ./mvnw package).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
for t in apply get wait; do
  command -v "k8s-$t" >/dev/null 2>&1 || PATH="$root/$t-cli/target:$PATH"
done
for t in k8s-apply k8s-get k8s-wait; do
  command -v "$t" >/dev/null 2>&1 || { echo "error: $t not found: put it on PATH, or build with ./mvnw package" >&2; exit 2; }
done

ns=${NAMESPACE:+--namespace=$NAMESPACE}
type=sparkapplications.sparkoperator.k8s.io
state='jsonpath={.status.applicationState.state}'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 1. submit: the server generates the name (spark-pi-xxxxx); k8s-apply writes it to a file, as a pipeline output
k8s-apply $ns -f "$here/sparkapplication.yaml" --output-name "$out/name"
name=$(cat "$out/name")

# 2. wait with one watch (no polling): COMPLETED goes on; FAILED ends the script here with exit code 1
#    (and the object's status, events and driver log on stderr), a timeout with 4
k8s-wait $ns "$type" "$name" --for "$state=COMPLETED" --fail-on "$state=FAILED" --timeout "${TIMEOUT:-2h}" \
  --delete-on timeout,cancel

# 3. the driver pod's name
driver=$(k8s-get $ns "$type" "$name" -o 'jsonpath={.status.driverInfo.podName}')

# 4. the downstream step
echo "Spark Pi driver pod: $driver"
