#!/usr/bin/env bash
# The images' sizes, per tool and platform, from the build's tarballs (MODULE/target/jib-image.tar, an OCI index):
# each layer's compressed size (its blob) and unpacked size (the bytes of its tar, what a node's disk holds), bottom
# first, and the sums. MB = 10^6 bytes. Needs jq, GNU tar, gzip. Prints a Markdown table.
#   bench/image-sizes.sh [MODULE...]        (default: apply-cli get-cli wait-cli)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(apply-cli get-cli wait-cli)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo "| image | platform | layers, unpacked MB (bottom first) | unpacked | compressed |"
echo "| --- | --- | --- | --- | --- |"
for module in "${modules[@]}"; do
  tar=$REPO/$module/target/jib-image.tar
  [ -f "$tar" ] || { echo "image-sizes: no $tar (./mvnw package)" >&2; exit 1; }
  oci=$work/$module; mkdir -p "$oci"; tar -xf "$tar" -C "$oci"
  name=$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"] // "?"' "$oci/index.json")
  index=$(jq -r '.manifests[0].digest' "$oci/index.json"); index=${index#sha256:}
  jq -r '.manifests[] | "\(.platform.os)/\(.platform.architecture) \(.digest)"' "$oci/blobs/sha256/$index" |
  while read -r platform digest; do
    manifest=$oci/blobs/sha256/${digest#sha256:}
    layers='' unpacked=0 compressed=0
    for l in $(jq -r '.layers[].digest' "$manifest"); do
      blob=$oci/blobs/sha256/${l#sha256:}
      u=$(gzip -dc "$blob" | wc -c) c=$(stat -c %s "$blob")
      unpacked=$((unpacked + u)) compressed=$((compressed + c))
      layers="$layers${layers:+, }$(mb "$u")"
    done
    echo "| \`${name%%:*}\` | $platform | $layers | $(mb $unpacked) MB | $(mb $compressed) MB |"
  done
done
