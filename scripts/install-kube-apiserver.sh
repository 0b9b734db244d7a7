#!/usr/bin/env bash
# Provisions what fabric8 kube-api-test needs to run a real API server in tests:
#   etcd (Debian's etcd-server 3.4) and kube-apiserver v1.20.2 (built from Debian's `kubernetes` source package)
# into $KUBE_API_TEST_DIR/k8s/1.20.2-linux-amd64/ (default ~/.kubeapitest), with a kubectl beside them.
# Idempotent: returns in well under a second when everything is in place. Cold: about 3-4 minutes on 2 cores.
# Needs root (apt-get) and Debian's package mirrors; nothing else from the network.
set -euo pipefail
VERSION=1.20.2
DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$VERSION-linux-amd64

have() { [ -x "$DIR/etcd" ] && [ -x "$DIR/kube-apiserver" ] && [ -x "$DIR/kubectl" ]; }
if have; then exit 0; fi
echo "install-kube-apiserver: provisioning etcd and kube-apiserver $VERSION into $DIR" >&2

export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s etcd-server >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq etcd-server >/dev/null
fi
mkdir -p "$DIR"
[ -x "$DIR/etcd" ] || cp /usr/bin/etcd "$DIR/etcd"
if [ ! -x "$DIR/kubectl" ]; then
  if command -v kubectl >/dev/null; then ln -sf "$(command -v kubectl)" "$DIR/kubectl"; fi
fi

if [ ! -x "$DIR/kube-apiserver" ] || [ ! -x "$DIR/kubectl" ]; then
  # shellcheck source-path=SCRIPTDIR source=lib/k8s-source.sh
  . "$(dirname "$0")/lib/k8s-source.sh"
  targets=kube-apiserver
  [ -x "$DIR/kubectl" ] || targets="$targets kubectl"
  # shellcheck disable=SC2086 # word splitting of the list of targets is meant
  k8s_source_build "$DIR" $targets || { echo "install-kube-apiserver: build failed" >&2; exit 1; }
fi
have || { echo "install-kube-apiserver: $DIR is still incomplete" >&2; exit 1; }
echo "install-kube-apiserver: ready in $DIR" >&2
