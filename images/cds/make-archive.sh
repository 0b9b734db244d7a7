#!/usr/bin/env bash
# Class-data sharing (AppCDS) archives, made at build time by one training run of the tool against a stand-in API
# server (TrainingServer.java), so that the tool's own classes and the JDK's load from a memory-mapped archive:
#   make-archive.sh launcher TARGET MAIN   -> TARGET/lib/app.jsa for the launcher (classpath TARGET/lib/*, this JDK)
#   make-archive.sh image TARGET MAIN [IMAGE_BASE] -> TARGET/image-extra/app/cds/{java-args,app.jsa} for the image: made in a
#        chroot of the image's own base (runtime and libc) with the jars at the paths and times Jib gives them; needs
#        root and chroot (skipped with a note otherwise: the image then runs without an archive)
#   make-archive.sh image-arch ARCH TARGET MAIN [IMAGE_BASE] -> TARGET/image-extra-ARCH/app/cds/{java-args,app.jsa}
#        for the image of another architecture (arm64): no training run there, the class list of the `image` mode's
#        run (TARGET/cds-work/classes.lst: class lists name classes, they do not depend on the architecture) dumped
#        in a chroot of images/target/base-ARCH by that architecture's JVM under qemu-user-static (Debian), then
#        mapped once with -Xshare:on; run after `image` (skipped with a note when that made no archive)
#   make-archive.sh installed LIBDIR TOOL  -> LIBDIR/cds/TOOL.jsa for an install (scripts/install.sh; LIBDIR is
#        PREFIX/lib/kube-steps): from the class list the launcher mode's training run wrote (TARGET/cds/classes.lst,
#        shipped in the release tarball as cds/TOOL.classlist), with the installed runtime and jars at their installed
#        paths; no training run there (it needs a JDK: keytool and a source-file launch of TrainingServer.java)
# An archive is used only with the same runtime and the same jar files (paths, sizes, times); anything else and the
# JVM ignores it (-Xshare:auto) and runs as without. KUBE_STEPS_CDS=off: make none.
set -euo pipefail
arch=''
if [ "${1:-}" = image-arch ]; then arch=${2:?usage: make-archive.sh image-arch ARCH TARGET MAIN}; shift 2; set -- image-arch "$@"; fi
mode=$1 target=$(cd "$2" && pwd) main=$3 image_base=${4:-tar://}
here=$(cd "$(dirname "$0")" && pwd)
# the launcher's flags, and those of the image's entrypoint and the installed launcher (an archive is made and used
# with the same ones)
FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ "$mode" = installed ]; then
  tool=$3 lib=$(cd "$2" && pwd -P)   # physical path: the installed launcher finds lib/ with `pwd -P` too
  list=$lib/cds/$tool.classlist jsa=$lib/cds/$tool.jsa launcher=$lib/../../bin/$tool
  rm -f "$jsa"
  [ "${KUBE_STEPS_CDS:-on}" = off ] && { echo "cds: KUBE_STEPS_CDS=off, no archive for $tool" >&2; exit 0; }
  [ -f "$list" ] || { echo "cds: no class list $list: $tool runs without an archive" >&2; exit 0; }
  log=$(mktemp); trap 'rm -f "$log"' EXIT
  # the class path exactly as the installed launcher (scripts/installed-launcher.sh.in) writes it
  "$lib/java/bin/java" "${FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$jsa" \
    -cp "$lib/tools/$tool.jar:$lib/lib/*" >"$log" 2>&1 ||
    { rm -f "$jsa"; echo "cds: dump for $tool failed (it runs without an archive):" >&2; tail -5 "$log" >&2; exit 1; }
  # proof, through the launcher itself: with -Xshare:on a JVM that cannot map the archive stops
  JAVA_OPTS=-Xshare:on "$launcher" --version >"$log" 2>&1 ||
    { rm -f "$jsa"; echo "cds: the launcher does not map $jsa (removed):" >&2; tail -5 "$log" >&2; exit 1; }
  exit 0
fi
if [ "$mode" = image-arch ]; then
  case $arch in
    arm64) qemu="qemu-aarch64-static" ;;
    *) echo "cds: no image archive for architecture $arch (arm64)" >&2; exit 2 ;;
  esac
  out=$target/image-extra-$arch/app/cds base=$here/../target/base-$arch work=$target/cds-work-$arch
  rm -rf "$out" "$work"; mkdir -p "$out" "$work"
  # the class path, the NOTICE: the same as the host image's (the same jars at the same paths)
  cp "$target/image-extra/app/cds/java-args" "$out/java-args" ||
    { echo "cds: no $target/image-extra/app/cds/java-args (make-archive.sh image first)" >&2; exit 1; }
  [ ! -f "$target/image-extra/app/NOTICE" ] || cp "$target/image-extra/app/NOTICE" "$target/image-extra-$arch/app/"
  [ "${KUBE_STEPS_CDS:-on}" = off ] && { echo "cds: KUBE_STEPS_CDS=off, no $arch image archive" >&2; exit 0; }
  case $image_base in tar://*) ;; *) echo "cds: base $image_base is not ours: no $arch image archive" >&2; exit 0 ;; esac
  list=$target/cds-work/classes.lst
  if [ ! -f "$target/image-extra/app/cds/app.jsa" ] || [ ! -f "$list" ]; then
    echo "cds: the $(uname -m) image has no archive: none for $arch either" >&2; exit 0
  fi
  q=$(command -v "$qemu") || { echo "cds: $qemu is missing (apt-get install qemu-user-static)" >&2; exit 1; }
  if [ ! -d "$base/rootfs" ] || [ ! -d "$base/runtime" ]; then
    echo "cds: no $base (images/build-base.sh tar:// $arch makes it)" >&2; exit 1
  fi
  root=$work/root
  mkdir -p "$root"
  cp -a "$base/rootfs/." "$root/"; cp -a "$base/runtime/." "$root/"
  mkdir -p "$root/app/classpath" "$root/app/libs" "$root/app/cds"
  for f in $(sed 's/^-cp //' "$out/java-args" | tr ':' ' '); do
    case $f in
      /app/libs/*) cp "$target/lib/${f#/app/libs/}" "$root/app/libs/" ;;
      /app/classpath/*) cp "$target/${f#/app/classpath/}" "$root/app/classpath/" ;;
    esac
  done
  cp "$out/java-args" "$root/app/cds/"
  find "$root/app" -exec touch -h -d @1 {} +   # Jib's times, as for the host image
  cp "$list" "$root/tmp/classes.lst"
  # qemu-user-static runs the arm64 JVM; static, so it runs inside the chroot as its first program
  cp "$q" "$root/$qemu"
  run() { env -i PATH=/opt/java/bin LANG=C.UTF-8 HOME=/tmp "$(command -v chroot)" "$root" "/$qemu" /opt/java/bin/java "$@"; }
  run "${FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile=/tmp/classes.lst -XX:SharedArchiveFile=/app/cds/app.jsa \
    @/app/cds/java-args >"$work/dump.log" 2>&1 || { echo "cds: $arch dump failed:" >&2; tail -20 "$work/dump.log" >&2; exit 1; }
  # proof that this runtime maps it with these jars (the class path is checked when the archive is mapped; the
  # tool's own run under -Xshare:on is ImageIT's)
  run "${FLAGS[@]}" -Xshare:on -XX:SharedArchiveFile=/app/cds/app.jsa @/app/cds/java-args -version \
    >"$work/check.out" 2>&1 || { echo "cds: the $arch image archive is refused:" >&2; cat "$work/check.out" >&2; exit 1; }
  cp "$root/app/cds/app.jsa" "$out/app.jsa"
  rm -rf "$root"
  echo "cds: $out/app.jsa ($(du -h "$out/app.jsa" | cut -f1), $(wc -l <"$list") classes; dumped under $qemu)" >&2
  exit 0
fi
if [ "$mode" = launcher ]; then rm -rf "$target/cds"; fi
# (the image mode goes on without an archive: the entrypoint reads its class path from java-args in any case)
if [ "${KUBE_STEPS_CDS:-on}" = off ] && [ "$mode" != image ]; then echo "cds: KUBE_STEPS_CDS=off, no archive" >&2; exit 0; fi
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
work=$target/cds-work
rm -rf "$work"; mkdir -p "$work"

# the image's archive is made in a chroot of our base only
no_image_archive=
if [ "$mode" = image ]; then
  mkdir -p "$target/image-extra/app/cds"   # the java-args file is written below in any case
  case $image_base in tar://*) ;; *) no_image_archive="base $image_base is not ours: no image archive" ;; esac
  if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null || [ ! -d "$here/../target/base/rootfs" ]; then
    no_image_archive="no image archive (needs root, chroot and images/target/base); the image runs without one"
  fi
  if [ "${KUBE_STEPS_CDS:-on}" = off ]; then no_image_archive="KUBE_STEPS_CDS=off, no image archive"; fi
fi
server=
if [ "$mode" = launcher ] || [ -z "$no_image_archive" ]; then
  # the stand-in API server (HTTPS, a throwaway self-signed key); stopped on exit
  "$jdk/bin/keytool" -genkeypair -keystore "$work/server.p12" -storetype PKCS12 -storepass training -alias server \
    -keyalg RSA -keysize 2048 -validity 2 -dname CN=training -ext san=ip:127.0.0.1 >/dev/null 2>&1
  "$jdk/bin/keytool" -exportcert -rfc -keystore "$work/server.p12" -storepass training -alias server \
    >"$work/ca.pem" 2>/dev/null
  ca=$(base64 -w0 <"$work/ca.pem")
  "$jdk/bin/java" "$here/TrainingServer.java" "$work/port" "$work/server.p12" training >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.2; done
  [ -s "$work/port" ] || { echo "cds: the training server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
  port=$(cat "$work/port")
fi

training_args() { # the tool's typical run, by its main class
  case $main in
    *.get.*) echo "cm/x -o jsonpath={.data.mode}" ;;
    # --wait too: the seed pipeline's step, which also makes fabric8's whole client (a plain apply needs none)
    *.apply.*) echo "-f /tmp/cds-training.yaml --wait --for jsonpath={.data.mode}=fast --timeout 20s" ;;
    # a CEL --fail-on too (optionals, a macro, in), so that a wait with CEL or a catalogue rule finds its classes in
    # the archive (no spaces: the words are split)
    *.wait.*) echo "cm/x --for jsonpath={.data.mode}=fast --fail-on cel=status.?phase.orValue('')in['Failed']||status.?conditions.orValue([]).exists(c,c.type=='Stalled') --timeout 20s" ;;
    *) echo "--help" ;;
  esac
}
write_inputs() { # DIR: the kubeconfig and manifest a training run reads
  cat >"$1/cds-training.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters: [{name: training, cluster: {server: "https://127.0.0.1:$port", certificate-authority-data: "$ca"}}]
users: [{name: training, user: {token: training}}]
contexts: [{name: training, context: {cluster: training, user: training, namespace: default}}]
current-context: training
YAML
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  mode: fast\n' >"$1/cds-training.yaml"
}

case $mode in
launcher)
  write_inputs "$work"
  cp="$target/lib/*"
  rm -f "$target/lib/app.jsa"
  # no discovery cache: the training run does the discovery a first run does
  (cd "$work" && KUBECACHEDIR="$work/cache" "$jdk/bin/java" "${FLAGS[@]}" -XX:DumpLoadedClassList="$work/classes.lst" \
    -cp "$cp" "$main" --kubeconfig "$work/cds-training.kubeconfig" $(training_args | sed "s|/tmp/|$work/|") \
    >"$work/train.out" 2>&1) || { echo "cds: training run failed:" >&2; cat "$work/train.out" >&2; exit 1; }
  "$jdk/bin/java" "${FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" \
    -XX:SharedArchiveFile="$target/lib/app.jsa" -cp "$cp" >"$work/dump.log" 2>&1 ||
    { echo "cds: dump failed:" >&2; tail -20 "$work/dump.log" >&2; exit 1; }
  # the class list, for the archive an install makes at its own paths (the release tarball's cds/TOOL.classlist)
  mkdir -p "$target/cds"; cp "$work/classes.lst" "$target/cds/classes.lst"
  echo "cds: $target/lib/app.jsa ($(du -h "$target/lib/app.jsa" | cut -f1), $(wc -l <"$work/classes.lst") classes)" >&2
  ;;
image)
  base=$here/../target/base
  out=$target/image-extra/app/cds
  rm -rf "$out"; mkdir -p "$out"   # only the archive's folder: the NOTICE is beside it
  # the classpath as Jib lays out a packaged app: the project jar in /app/classpath, the rest in /app/libs, named as
  # in target/lib; in a fixed order (a wildcard would follow the file system's order, which an archive must not)
  jar=$(cd "$target" && ls ./*.jar | grep -v -- '-tests.jar' | head -1); jar=${jar#./}
  cpath=/app/classpath/$jar
  for f in $(cd "$target/lib" && ls *.jar | LC_ALL=C sort); do
    case $f in "${jar%%-[0-9]*}.jar") continue ;; esac   # the launcher's copy of the project jar
    cpath=$cpath:/app/libs/$f
  done
  printf -- '-cp %s\n' "$cpath" >"$out/java-args"
  [ -n "$no_image_archive" ] && { echo "cds: $no_image_archive" >&2; exit 0; }
  root=$work/root
  mkdir -p "$root"
  cp -a "$base/rootfs/." "$root/"; cp -a "$base/runtime/." "$root/"
  mkdir -p "$root/app/classpath" "$root/app/libs" "$root/app/cds" "$root/proc" "$root/dev"
  cp "$target/$jar" "$root/app/classpath/"
  for f in ${cpath//:/ }; do [ "${f#/app/libs/}" != "$f" ] && cp "$target/lib/${f#/app/libs/}" "$root/app/libs/"; done
  cp "$out/java-args" "$root/app/cds/"
  # Jib's times (filesModificationTime EPOCH_PLUS_SECOND): the archive records each jar's size and time
  find "$root/app" -exec touch -h -d @1 {} +
  write_inputs "$root/tmp"
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"; mount -o remount,bind,ro "$root/dev"
  trap 'kill $server 2>/dev/null || true; umount "$root/dev" 2>/dev/null || true; umount "$root/proc" 2>/dev/null || true' EXIT
  chroot=$(command -v chroot)
  run() { env -i PATH=/opt/java/bin LANG=C.UTF-8 HOME=/tmp "$chroot" "$root" /opt/java/bin/java "$@"; }
  (cd "$root" && run "${FLAGS[@]}" -XX:DumpLoadedClassList=/tmp/classes.lst @/app/cds/java-args "$main" \
    --kubeconfig /tmp/cds-training.kubeconfig $(training_args) >"$work/train.out" 2>&1) ||
    { echo "cds: training run in the image failed:" >&2; cat "$work/train.out" >&2; exit 1; }
  run "${FLAGS[@]}" -Xshare:dump -XX:SharedClassListFile=/tmp/classes.lst -XX:SharedArchiveFile=/app/cds/app.jsa \
    @/app/cds/java-args >"$work/dump.log" 2>&1 || { echo "cds: dump failed:" >&2; tail -20 "$work/dump.log" >&2; exit 1; }
  # proof: the archive maps and the run is the same
  run "${FLAGS[@]}" -Xshare:on -XX:SharedArchiveFile=/app/cds/app.jsa @/app/cds/java-args "$main" --version \
    >"$work/check.out" 2>&1 || { echo "cds: the image archive is refused:" >&2; cat "$work/check.out" >&2; exit 1; }
  cp "$root/app/cds/app.jsa" "$out/app.jsa"; cp "$root/tmp/classes.lst" "$work/classes.lst"
  umount "$root/dev"; umount "$root/proc"
  rm -rf "$root"
  echo "cds: $out/app.jsa ($(du -h "$out/app.jsa" | cut -f1), $(wc -l <"$work/classes.lst" 2>/dev/null || echo ?) classes)" >&2
  ;;
*) echo "usage: $0 launcher|image TARGET MAIN | image-arch ARCH TARGET MAIN [IMAGE_BASE]" >&2; exit 2 ;;
esac
