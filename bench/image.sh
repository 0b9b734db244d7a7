#!/usr/bin/env bash
# Start-up inside the images, as pipelines run them: each tool image (MODULE/target/jib-image.tar; its amd64 image) unpacked, /proc and
# /dev mounted inside, its entrypoint run with chroot as user 65532 with only the image's environment (as the images
# module's ImageIT does), vs kubectl on the host, in one run. Needs root. Prints a Markdown section
# (also bench/target/image.md).
#   BASELINE=DIR bench/image.sh   also runs the k8s-get image of another checkout's build (DIR/get-cli/target/
#                                 jib-image.tar) in the same runs: a change to the image measured against the one before
. "$(dirname "$0")/lib.sh"
need_tools
[ "$(id -u)" = 0 ] || { echo "bench/image.sh: needs root (chroot, mount)" >&2; exit 1; }
server_up
ROOTS=()
cleanup() {
  for r in "${ROOTS[@]}"; do umount "$r/dev" 2>/dev/null || true; umount "$r/proc" 2>/dev/null || true; done
  server_down
}
trap cleanup EXIT

unpack() { # NAME [TARBALL]: the image of NAME/target/jib-image.tar (or TARBALL) into $OUT/NAME-root; the entrypoint
  # (one word a line) in ROOT.entrypoint
  local name=$1 tarball=${2:-$REPO/$1/target/jib-image.tar}
  local oci=$OUT/$name-oci root=$OUT/$name-root
  for m in "$root/dev" "$root/proc"; do umount "$m" 2>/dev/null || true; done
  rm -rf "$oci" "$root"; mkdir -p "$oci" "$root"
  tar -xf "$tarball" -C "$oci"
  # the tarball is an OCI index (images/oci-index.sh): index.json names the index, which names a manifest a platform
  local index manifest
  index=$(jq -r '.manifests[0].digest' "$oci/index.json" | sed 's/sha256://')
  manifest=$(jq -r '.manifests[] | select(.platform.os == "linux" and .platform.architecture == "amd64") | .digest' \
    "$oci/blobs/sha256/$index" | sed 's/sha256://')
  for l in $(jq -r '.layers[].digest' "$oci/blobs/sha256/$manifest" | sed 's/sha256://'); do
    tar --warning=no-unknown-keyword --numeric-owner -xzf "$oci/blobs/sha256/$l" -C "$root"
  done
  local config; config=$(jq -r '.config.digest' "$oci/blobs/sha256/$manifest" | sed 's/sha256://')
  jq -r '.config.Entrypoint[]' "$oci/blobs/sha256/$config" >"$root.entrypoint"
  jq -r '.config.Env[]' "$oci/blobs/sha256/$config" >"$root.env"
  mkdir -p "$root/proc" "$root/dev"
  mount -t proc proc "$root/proc"; mount --bind /dev "$root/dev"; mount -o remount,bind,ro "$root/dev"
  ROOTS+=("$root")
  # the kubeconfig with the CA inlined, readable by the image's user
  sed "s|certificate-authority: .*|certificate-authority-data: $(base64 -w0 "$KUBE_STEPS_LOCAL/apiserver.crt")|" \
    "$KCFG" >"$root/tmp/kubeconfig"
  chown 65532:65532 "$root/tmp/kubeconfig"; chmod 600 "$root/tmp/kubeconfig"
}
in_image() { # module args...: the command line that runs the image's entrypoint with args
  local root=$OUT/$1-root; shift
  echo "env -i $(tr '\n' ' ' <"$root.env") $(command -v chroot) --userspec=65532:65532 $root $(tr '\n' ' ' <"$root.entrypoint") --kubeconfig /tmp/kubeconfig $*"
}
unpack get-cli
unpack apply-cli
if [ -n "${BASELINE:-}" ]; then
  unpack baseline-get-cli "$BASELINE/get-cli/target/jib-image.tar"
  baseline_rev=$(git -C "$BASELINE" rev-parse --short HEAD 2>/dev/null || echo "$BASELINE")
fi
cp "$OUT/cm.yaml" "$OUT/apply-cli-root/tmp/cm.yaml" 2>/dev/null || cat >"$OUT/apply-cli-root/tmp/cm.yaml" <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: applied, namespace: $NS}
data: {mode: fast}
YAML
JP='{.data.mode}'
get_img=$(in_image get-cli -n $NS cm/x -o jsonpath=$JP)
apply_img=$(in_image apply-cli -f /tmp/cm.yaml)
get_kubectl="$KUBECTL -n $NS get cm x -o jsonpath=$JP"
apply_kubectl="$KUBECTL apply --server-side -f $OUT/apply-cli-root/tmp/cm.yaml"
[ "$($get_img)" = fast ] || { echo "bench: k8s-get in the image failed: $get_img" >&2; $get_img; exit 1; }
# the archive is mapped, not refused
cds=$($(in_image get-cli --version | sed 's| -Xlog:cds=off -Xlog:cds+dynamic=off| -Xshare:on|') >/dev/null 2>&1 && echo "used (-Xshare:on starts)" || echo "NOT used")
$apply_img >/dev/null; $apply_kubectl >/dev/null
load_before=$(load)
base_img=()
if [ -n "${BASELINE:-}" ]; then
  base_img=("$(in_image baseline-get-cli -n $NS cm/x -o jsonpath=$JP)")
  [ "$(${base_img[0]})" = fast ] || { echo "bench: the baseline's k8s-get image failed" >&2; exit 1; }
fi
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/image-get.json" "$get_img" "$get_kubectl" "${base_img[@]}" >&2
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/image-apply.json" "$apply_img" "$apply_kubectl" >&2
rss() { for _ in $(seq 1 "${RSS_RUNS:-9}"); do /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/{print $NF}'; done | median | awk '{printf "%.0f", $1/1024}'; }
rg=$(rss $get_img); rk=$(rss $get_kubectl)
if [ -n "${BASELINE:-}" ]; then rb=$(rss ${base_img[0]}); g3=$(hf_stat "$OUT/image-get.json" 2 median); fi
g1=$(hf_stat "$OUT/image-get.json" 0 median); g2=$(hf_stat "$OUT/image-get.json" 1 median)
a1=$(hf_stat "$OUT/image-apply.json" 0 median); a2=$(hf_stat "$OUT/image-apply.json" 1 median)
{
  echo "### Inside the images ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $(load))"
  echo
  echo "Each image unpacked and run with \`chroot --userspec=65532:65532\` and only its own environment (its entrypoint:"
  echo "\`$(tr '\n' ' ' <"$OUT/get-cli-root.entrypoint" | sed 's/ $//')\`); class-data archive: $cds."
  echo "No discovery cache there (the home folder is not writable), as in a fresh pod. kubectl on the host."
  echo
  echo "| command | median ms | ratio | peak RSS MB | ratio |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| k8s-get image: \`-n $NS cm/x -o jsonpath=$JP\` | $g1 | **$(ratio "$g1" "$g2")x** | $rg | **$(ratio "$rg" "$rk")x** |"
  echo "| \`kubectl -n $NS get cm x -o jsonpath=$JP\` | $g2 | 1 | $rk | 1 |"
  if [ -n "${BASELINE:-}" ]; then
    echo "| the same in the k8s-get image of $baseline_rev (BASELINE) | $g3 | **$(ratio "$g3" "$g2")x** | $rb | **$(ratio "$rb" "$rk")x** |"
  fi
  echo "| k8s-apply image: \`-f /tmp/cm.yaml\` | $a1 | **$(ratio "$a1" "$a2")x** | | |"
  echo "| \`kubectl apply --server-side -f cm.yaml\` | $a2 | 1 | | |"
  echo
} | tee "$OUT/image.md"
