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
pkgs="etcd-server golang-go rsync golang-github-modern-go-reflect2-dev"
if ! dpkg -s $pkgs >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq $pkgs >/dev/null
fi
mkdir -p "$DIR"
[ -x "$DIR/etcd" ] || cp /usr/bin/etcd "$DIR/etcd"
if [ ! -x "$DIR/kubectl" ]; then
  if command -v kubectl >/dev/null; then ln -sf "$(command -v kubectl)" "$DIR/kubectl"; fi
fi

if [ ! -x "$DIR/kube-apiserver" ] || [ ! -x "$DIR/kubectl" ]; then
  src=/etc/apt/sources.list.d/kube-steps-debian-src.sources
  if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src"
    apt-get update -qq
  fi
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  cd "$work"
  apt-get source --download-only kubernetes >/dev/null 2>&1
  tar xzf kubernetes_*.orig.tar.gz
  cd kubernetes-$VERSION
  # The vendored github.com/modern-go/reflect2 v1.0.1 crashes Go >= 1.18 programs as soon as they serialise a map
  # (any custom resource): use Debian's v1.0.2 in its place.
  r=/usr/share/gocode/src/github.com/modern-go/reflect2
  rm -f vendor/github.com/modern-go/reflect2/*.go vendor/github.com/modern-go/reflect2/*.s
  cp "$r"/*.go "$r"/*.s vendor/github.com/modern-go/reflect2/
  # Kubernetes 1.20 builds in GOPATH mode, as Debian's own rules do.
  export GOPATH=$PWD/.go CGO_ENABLED=0
  mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
  targets=cmd/kube-apiserver
  [ -x "$DIR/kubectl" ] || targets="$targets cmd/kubectl"
  if ! HOME=$work make WHAT="$targets" >"$work/make.log" 2>&1; then
    tail -30 "$work/make.log" >&2
    echo "install-kube-apiserver: build failed" >&2
    exit 1
  fi
  cp _output/bin/kube-apiserver "$DIR/kube-apiserver.tmp" && mv "$DIR/kube-apiserver.tmp" "$DIR/kube-apiserver"
  [ -x "$DIR/kubectl" ] || cp _output/bin/kubectl "$DIR/kubectl"
fi
have || { echo "install-kube-apiserver: $DIR is still incomplete" >&2; exit 1; }
echo "install-kube-apiserver: ready in $DIR" >&2
