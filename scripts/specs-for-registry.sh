#!/usr/bin/env bash
# The Kubeflow component specs with the images of a registry, for a team that pushes the images there:
#   scripts/specs-for-registry.sh OUTDIR REGISTRY/
# writes OUTDIR/k8s-apply/component.yaml (KFP v2) and component-kfp-v1.yaml (KFP v1), the same for k8s-get and
# k8s-wait, each with "image: REGISTRY/k8s-apply:VERSION" (VERSION as in the committed specs, the build's version).
# The build runs it with -Dimage.registry=REGISTRY/ into component-specs/target/specs/.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUTDIR [REGISTRY/]   (e.g. /tmp/specs registry.example.com/team/; no REGISTRY keeps the names)" >&2
  exit 2
fi
out=$1
registry=${2:-}
case "$registry" in
  "" | */) ;;
  *) echo "error: REGISTRY must end in / (e.g. registry.example.com/team/), got '$registry'" >&2; exit 2 ;;
esac
# shellcheck disable=SC1003 # '\' is a pattern for a literal backslash, not an attempt to escape a quote
case "$registry" in
  *'|'* | *' '* | *'&'* | *'\'*) echo "error: REGISTRY has a character an image name cannot have: '$registry'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
for spec in "$root"/component-specs/k8s-*/component*.yaml; do
  tool=$(basename "$(dirname "$spec")")
  n=$(grep -c "^    image: $tool:" "$spec" || true)
  if [ "$n" != 1 ]; then
    echo "error: $spec: expected one line 'image: $tool:VERSION', found $n" >&2
    exit 2
  fi
  mkdir -p "$out/$tool"
  sed "s|^    image: $tool:|    image: $registry$tool:|" "$spec" >"$out/$tool/$(basename "$spec")"
done
