#!/usr/bin/env bash
# The image's bill of materials (CycloneDX JSON), run by each tool module at `package`, before jib:buildTar:
#   images/sbom.sh TARGET [IMAGE_BASE] [ARCH]
# ARCH (another architecture's image, e.g. arm64): the base's list is images/target/base-ARCH/packages.tsv and the
# output TARGET/image-extra-ARCH/app/sbom.cdx.json and TARGET/sbom-ARCH.cdx.json.
# In:  TARGET/bom.json, the jars: the tool's own module and every runtime dependency (cyclonedx-maven-plugin makeBom,
#      at prepare-package; reproducible: no serial number, time = project.build.outputTimestamp)
#      images/target/base/packages.tsv, the base: the Debian packages of the os layer and the one jlink made the Java
#      runtime from, with their versions, as images/build-base.sh downloaded or found them
# Out: TARGET/image-extra/app/sbom.cdx.json (/app/sbom.cdx.json in the image) and TARGET/sbom.cdx.json (beside
#      target/jib-image.tar): the jars' BOM with a component per Debian package added (purl pkg:deb/...).
# With a registry base (IMAGE_BASE not tar://) the base is not ours to list: the BOM holds the jars only.
# Needs jq (installed from Debian when missing and root).
set -euo pipefail
target=$(cd "$1" && pwd) image_base=${2:-tar://} arch=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "sbom: $*" >&2; exit 1; }
bom=$target/bom.json
out=$target/image-extra/app beside=$target/sbom.cdx.json base=$here/target/base
if [ -n "$arch" ]; then
  out=$target/image-extra-$arch/app beside=$target/sbom-$arch.cdx.json base=$here/target/base-$arch
fi
rm -f "$out/sbom.cdx.json" "$beside"
if [ ! -f "$bom" ]; then
  # cyclonedx-maven-plugin's goals require Maven's online mode: `./mvnw -o` skips them (nothing is downloaded when
  # the plugin is in ~/.m2 already; it is only marked so)
  [ "${CI:-}" = true ] && fail "no $bom (cyclonedx-maven-plugin makeBom: it is skipped in Maven's offline mode, -o)"
  echo "sbom: note: no $bom (Maven's offline mode, -o, skips cyclonedx-maven-plugin): the image has no /app/sbom.cdx.json" >&2
  exit 0
fi
if ! command -v jq >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "sbom: installing jq (Debian package)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
fi
command -v jq >/dev/null || fail "jq is missing (apt-get install jq)"

debs='[]'
case $image_base in
  tar://*)
    list=$base/packages.tsv
    [ -f "$list" ] || fail "no $list (images/build-base.sh writes it)"
    # name, version, architecture, os|java, distribution -> CycloneDX components with Debian package URLs
    debs=$(jq -R -s '
      split("\n") | map(select(length > 0) | split("\t")) | map(
        (if .[4] != "" then
          "pkg:deb/debian/\(.[0])@\(.[1] | @uri)?arch=\(.[2])&distro=\(.[4])"
        else null end) as $purl
        | {type: (if .[3] == "java" then "framework" else "library" end),
           "bom-ref": ($purl // "java-runtime:\(.[0])@\(.[1])"),
           name: .[0], version: .[1]}
        + (if $purl then {purl: $purl} else {} end)
        + {properties: [{name: "io.github.kubesteps:layer", value: .[3]},
            {name: "io.github.kubesteps:where",
             value: (if .[3] == "java" then "/opt/java: jlink runtime from this package'"'"'s jmods"
                     else "os layer: shared libraries, locale and copyright files from this package" end)}]})' "$list")
    ;;
esac
mkdir -p "$out"
jq --argjson debs "$debs" '.components = ((.components // []) + $debs)' "$bom" >"$out/sbom.cdx.json.tmp"
mv "$out/sbom.cdx.json.tmp" "$out/sbom.cdx.json"
cp "$out/sbom.cdx.json" "$beside"
echo "sbom: $beside ($(jq '.components | length' "$out/sbom.cdx.json") components," \
  "$(jq 'length' <<<"$debs") of them Debian packages)" >&2
