#!/usr/bin/env bash
# One OCI image index per tool, from the images Jib wrote for each platform, run by each tool module at `package`,
# after jib:buildTar (README "Images"):
#   images/oci-index.sh TARGET [ARM64_SKIP]
# (ARM64_SKIP true: the amd64 image alone, -Dimage.arm64.skip=true; an arm64 tarball of an earlier build is deleted)
# In:  TARGET/jib-image-amd64.tar, TARGET/jib-image-arm64.tar (when built): each an OCI layout in a tar with one
#      manifest (Jib's jib:buildTar takes one platform from a tarball base)
# Out: TARGET/jib-image.tar, an OCI layout in a tar as `docker buildx build --output type=oci` writes one: index.json
#      names one image index (annotated with the image's name, as Jib's was), and that index names each platform's
#      manifest with its platform (architecture and os from that manifest's own config); the blobs of both, each
#      once (the jar layers are the same blobs in both). `skopeo copy --all oci-archive:TARGET/jib-image.tar
#      docker://REGISTRY/NAME:TAG` pushes the index with both; a runtime that loads it takes its own platform.
# Reproducible: the same inputs give the same bytes (sorted entries, owner 0:0, time 0).
# Needs jq (installed from Debian when missing and root), GNU tar, sha256sum.
set -euo pipefail
umask 022
target=$(cd "${1:?usage: oci-index.sh TARGET [ARM64_SKIP]}" && pwd)
if [ "${2:-false}" = true ]; then rm -f "$target/jib-image-arm64.tar"; fi
fail() { echo "oci-index: $*" >&2; exit 1; }
if ! command -v jq >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "oci-index: installing jq (Debian package)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
fi
command -v jq >/dev/null || fail "jq is missing (apt-get install jq)"

inputs=()
for arch in amd64 arm64; do
  if [ -f "$target/jib-image-$arch.tar" ]; then inputs+=("$target/jib-image-$arch.tar"); fi
done
[ ${#inputs[@]} -gt 0 ] || fail "no $target/jib-image-amd64.tar (jib:buildTar writes it)"

work=$target/oci-index
rm -rf "$work"; mkdir -p "$work/layout/blobs/sha256" "$work/in"
descriptors='[]' ref=''
for tar in "${inputs[@]}"; do
  rm -rf "$work/in"; mkdir -p "$work/in"
  tar -xf "$tar" -C "$work/in"
  [ "$(jq '.manifests | length' "$work/in/index.json")" = 1 ] || fail "$tar: expected one manifest in index.json"
  manifest=$(jq -c '.manifests[0]' "$work/in/index.json")
  digest=$(jq -r '.digest' <<<"$manifest")
  config=$(jq -r '.config.digest' "$work/in/blobs/sha256/${digest#sha256:}")
  platform=$(jq -c '{architecture, os} + (if .variant then {variant} else {} end)' "$work/in/blobs/sha256/${config#sha256:}")
  if [ -z "$ref" ]; then ref=$(jq -r '.annotations["org.opencontainers.image.ref.name"] // ""' <<<"$manifest"); fi
  descriptors=$(jq -c --argjson m "$manifest" --argjson p "$platform" \
    '. + [$m | del(.annotations) | . + {platform: $p}]' <<<"$descriptors")
  cp -n "$work"/in/blobs/sha256/* "$work/layout/blobs/sha256/"
done
[ "$(jq '[.[].platform.architecture] | unique | length' <<<"$descriptors")" = ${#inputs[@]} ] ||
  fail "two inputs of the same architecture: $descriptors"

blob() { # JSON on stdin -> stored as a blob; prints its descriptor's digest and size
  local tmp=$work/blob.json d
  cat >"$tmp"
  d=$(sha256sum "$tmp" | cut -d' ' -f1)
  mv "$tmp" "$work/layout/blobs/sha256/$d"
  echo "sha256:$d $(stat -c %s "$work/layout/blobs/sha256/$d")"
}
read -r idigest isize < <(jq -cj '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' \
  <<<"$descriptors" | blob)
jq -cnj --arg d "$idigest" --argjson s "$isize" --arg ref "$ref" '{schemaVersion: 2,
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s}
    + (if $ref != "" then {annotations: {"org.opencontainers.image.ref.name": $ref}} else {} end)]}' \
  >"$work/layout/index.json"
printf '{"imageLayoutVersion": "1.0.0"}' >"$work/layout/oci-layout"
(cd "$work/layout" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
  tar --create --file - --no-recursion --files-from - --format=gnu --numeric-owner --owner=0 --group=0 \
    --mtime=@0) >"$target/jib-image.tar.tmp"
mv "$target/jib-image.tar.tmp" "$target/jib-image.tar"
rm -rf "$work"
echo "oci-index: $target/jib-image.tar ($ref: $(jq -r '[.[].platform | "\(.os)/\(.architecture)"] | join(", ")' \
  <<<"$descriptors"))" >&2
