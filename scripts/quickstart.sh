#!/usr/bin/env bash
# The main job, on a fresh machine: builds the three tools, then runs them against the current kube context, or,
# when there is none (or with --local), against a local API server that scripts/local-apiserver.sh starts.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q --no-transfer-progress -DskipTests package
export PATH=$PWD/apply-cli/target:$PWD/get-cli/target:$PWD/wait-cli/target:$PATH

if [ "${1:-}" = --local ] || ! kubectl version --request-timeout=5s >/dev/null 2>&1; then
  echo "quickstart: no reachable cluster in the current kube context: starting a local API server" >&2
  export KUBECONFIG=$(scripts/local-apiserver.sh up)
  echo "quickstart: KUBECONFIG=$KUBECONFIG (stop it with scripts/local-apiserver.sh down)" >&2
fi

set -x
k8s-get --version
k8s-get ns/default
k8s-get ns kube-system -o json --output-file /tmp/kube-steps-quickstart/kube-system.json
