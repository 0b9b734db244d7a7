# shellcheck shell=bash
# Sourced by install-kube-apiserver.sh and local-cluster.sh: builds Kubernetes v1.20.2 binaries from Debian's
# `kubernetes` source package (its orig tarball carries the full source with vendor/), the one recipe both use.
#
#   k8s_source_build DEST TARGET...
#
# TARGET is a command under cmd/ (kube-apiserver, kubelet, kubectl...), built and copied into DEST (each replaced
# atomically), or pause.c (the pause container's source, copied as is). Needs root (apt-get) and Debian's mirrors.
# Returns non-zero, with the end of the build log on stderr, when the build fails.
k8s_source_build() {
  local dest=$1; shift
  local pkgs="golang-go rsync golang-github-modern-go-reflect2-dev"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # word splitting of the list of packages is meant (here and in apt-get install)
  if ! dpkg -s $pkgs >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq $pkgs >/dev/null
  fi
  # source packages need a deb-src line for the same mirror and suites as the system's deb lines
  if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      >/etc/apt/sources.list.d/kube-steps-debian-src.sources
    apt-get update -qq
  fi
  mkdir -p "$dest"
  local work; work=$(mktemp -d)
  (
    # explicit exits: callers write `k8s_source_build ... || die`, where bash ignores set -e
    trap 'rm -rf "$work"' EXIT
    cd "$work" || exit 1
    apt-get source --download-only kubernetes >/dev/null 2>&1 || { echo "apt-get source kubernetes failed" >&2; exit 1; }
    tar xzf kubernetes_*.orig.tar.gz && cd kubernetes-1.20.2 || exit 1
    # The vendored github.com/modern-go/reflect2 v1.0.1 crashes Go >= 1.18 programs as soon as they serialise a map
    # (any custom resource): use Debian's v1.0.2 in its place.
    local r=/usr/share/gocode/src/github.com/modern-go/reflect2
    rm -f vendor/github.com/modern-go/reflect2/*.go vendor/github.com/modern-go/reflect2/*.s
    cp "$r"/*.go "$r"/*.s vendor/github.com/modern-go/reflect2/ || exit 1
    # Kubernetes 1.20 builds in GOPATH mode, as Debian's own rules do.
    export GOPATH=$PWD/.go CGO_ENABLED=0
    mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes || exit 1
    local t cmds=""
    for t in "$@"; do [ "$t" = pause.c ] || cmds="$cmds cmd/$t"; done
    if [ -n "$cmds" ] && ! HOME=$work make WHAT="${cmds# }" >"$work/make.log" 2>&1; then
      tail -30 "$work/make.log" >&2
      exit 1
    fi
    for t in "$@"; do
      if [ "$t" = pause.c ]; then cp build/pause/linux/pause.c "$dest/pause.c" || exit 1
      else cp "_output/bin/$t" "$dest/$t.tmp" && mv "$dest/$t.tmp" "$dest/$t" || exit 1; fi
    done
  )
}
