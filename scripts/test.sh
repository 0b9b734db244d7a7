#!/usr/bin/env bash
# The test command: installs what the tests need (etcd and kube-apiserver for kube-api-test), then runs every test,
# unit and real-API-server, through the Maven Wrapper. Extra arguments go to Maven (e.g. -pl core, -Dtest=...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-kube-apiserver.sh
./mvnw -B --no-transfer-progress verify "$@"
# the tools as a person runs them, from the build output
for tool in apply-cli/target/k8s-apply get-cli/target/k8s-get wait-cli/target/k8s-wait; do
  "$tool" --help >/dev/null
  "$tool" --version
done
