#!/usr/bin/env bash
# The base image the three tool images are built on, as a `docker save` tarball that Jib takes as
# <from><image>tar://...</image></from>:
#   layer 1 "os":   libc and the few libraries a JVM needs, from Debian packages (apt-get download + dpkg -x),
#                   /etc/passwd and /etc/group with the user nonroot (65532), /tmp (1777), copyright files
#   layer 2 "java": a jlink-trimmed Java runtime at /opt/java (from the JDK that runs this script's jlink)
#   config:         user 65532, working dir /tmp, PATH, JAVA_HOME, LANG=C.UTF-8
# Output (git-ignored): images/target/base/base-image.tar, and the unpacked folders beside it.
# For another architecture (build-base.sh tar:// arm64): images/target/base-arm64/, made on this machine from Debian's
# packages of that architecture, downloaded with a throwaway apt state in base-arm64/apt (this machine's apt sources,
# its own lists; the machine's apt and dpkg are left alone), the runtime linked by jlink from that architecture's jmods
# (openjdk-17-jdk-headless:arm64) with the jlink of the same JDK build for this machine (openjdk-17-jdk-headless:amd64
# and its jre, unpacked beside it), its native code stripped with binutils-aarch64-linux-gnu, and its version read by
# running it under qemu-user-static (Debian packages installed when missing and root).
# Idempotent: returns at once when the tarball was made from the same script, packages and JDK.
# Reproducible: same .deb files + same JDK -> same layer digests (sorted tar entries, fixed times and owners, gzip -n).
# Needs: apt-get and dpkg (Debian or Ubuntu), GNU tar, gzip, sha256sum, a JDK 17+ with jmods; root only when the
# apt package lists are empty (then it runs apt-get update). Network: Debian's mirror, the first time only.
set -euo pipefail
umask 022
here=$(cd "$(dirname "$0")" && pwd)
# called by the Maven build with the image.base property: a registry base needs nothing from here
case "${1:-tar://}" in tar://*) ;; *) exit 0 ;; esac
host=$(dpkg --print-architecture)
ARCH=${2:-$host}
case $ARCH in
  amd64) triplet=x86_64-linux-gnu qemu='' ;;
  arm64) triplet=aarch64-linux-gnu qemu=qemu-aarch64-static ;;
  *) echo "build-base: no base for architecture $ARCH (amd64, arm64)" >&2; exit 2 ;;
esac
if [ "$ARCH" = "$host" ]; then
  OUT=${KUBE_STEPS_BASE_DIR:-$here/target/base}
else
  OUT=${KUBE_STEPS_BASE_DIR:-$here/target/base-$ARCH}
fi
DEBS=$OUT/debs
# libc6 (libc, libm, the loader), zlib1g (the JDK's libzip), libstdc++6 + libgcc-s1 (Debian's libjvm.so links them),
# and gcc-N-base only for the copyright file the two gcc libraries point to
gccbase=$(apt-cache depends libgcc-s1 2>/dev/null | awk '/Depends: gcc-[0-9]+-base/{print $2; exit}')
# and libc-bin only for the C.UTF-8 locale (LANG=C.UTF-8: without it Java 17 writes non-ASCII text as '?')
PKGS="libc6 libgcc-s1 libstdc++6 zlib1g ${gccbase:-} libc-bin"
# apt for ARCH: the machine's own, or for another architecture one with its own lists and cache under $OUT/apt
apt_opts=()
if [ "$ARCH" != "$host" ]; then
  mkdir -p "$OUT/apt/lists/partial" "$OUT/apt/cache/archives/partial"
  apt_opts=(-o "Dir::State::Lists=$OUT/apt/lists" -o "Dir::Cache=$OUT/apt/cache" -o "Dir::State::status=/dev/null"
    -o "APT::Architectures::=$ARCH" -o "APT::Architectures::=$host" -o "APT::Architecture=$ARCH")
  PKGS=$(for p in $PKGS; do printf '%s:%s ' "$p" "$ARCH"; done)
fi
as_root_install() { # PACKAGE COMMAND: installs a Debian package when COMMAND is missing and this is root
  command -v "$2" >/dev/null && return 0
  [ "$(id -u)" = 0 ] || return 1
  echo "build-base: installing $1 (Debian package)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; } || true
  command -v "$2" >/dev/null
}
# The Java modules the tools need, found by running them (k8s-get -o yaml/json/name, not found, -v, -vv against a
# kube-apiserver over TLS), not by jdeps alone: jdeps lists java.desktop and java.sql (optional Jackson handlers),
# which the tools run without, and misses java.xml (Jackson 3's OptionalHandlerFactory loads org.w3c.dom.Node:
# NoClassDefFoundError without it) and jdk.crypto.ec (TLS with EC keys). java.logging and jdk.unsupported are small
# and kept for the JDK HTTP client's logger and libraries that probe sun.misc.Unsafe.
MODULES=${KUBE_STEPS_JLINK_MODULES:-java.base,java.logging,java.net.http,java.xml,jdk.crypto.ec,jdk.unsupported}

jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}
[ -x "$jdk/bin/jlink" ] || { echo "build-base: no jlink in $jdk (set JAVA_HOME to a JDK 17 or newer)" >&2; exit 1; }
[ -d "$jdk/jmods" ] || { echo "build-base: no jmods in $jdk (Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

# strip --strip-unneeded for every .so and program of a runtime, with binutils (installed when missing and root; without
# it the runtime keeps its symbol tables, 4 MB more)
strip_native() {
  local strip=strip pkg=binutils
  if [ "$ARCH" != "$host" ]; then strip=$triplet-strip pkg=binutils-$triplet; fi
  as_root_install "$pkg" "$strip" ||
    { echo "build-base: note: no $strip ($pkg): symbol tables kept" >&2; return 0; }
  find "$1" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec "$strip" --strip-unneeded {} +
}

# one build at a time (mvn -T runs the three tool modules at once)
mkdir -p "$(dirname "$OUT")"
if command -v flock >/dev/null; then exec 9>"$OUT.lock"; flock 9; fi

# what the base is made from: this script, the JDK, the package versions apt would download
candidates() { apt-cache "${apt_opts[@]}" policy $PKGS 2>/dev/null | awk '/^[^ ]/{p=$1} /Candidate:/{print p $2}' | tr '\n' ' '; }
cands=$(candidates)
if ! echo "$cands" | grep -Eq 'libc6(:[a-z0-9]+)?:[0-9]'; then
  if [ "$ARCH" != "$host" ]; then apt-get "${apt_opts[@]}" update -qq; cands=$(candidates)
  elif [ "$(id -u)" = 0 ]; then apt-get update -qq; cands=$(candidates); fi
fi
echo "$cands" | grep -Eq 'libc6(:[a-z0-9]+)?:[0-9]' || {
  echo "build-base: apt knows no libc6 candidate (run apt-get update as root)" >&2; exit 1; }
# another architecture: its jmods, and the jlink of the same JDK build for this machine (jlink links only jmods of
# its own build), both unpacked from the Debian packages under $OUT/jdk (kept: they are the largest download)
jmods=$jdk/jmods jlink=$jdk/bin/jlink
if [ "$ARCH" != "$host" ]; then
  jdkpkg=openjdk-17-jdk-headless
  jver=$(apt-cache "${apt_opts[@]}" policy "$jdkpkg:$ARCH" 2>/dev/null | awk '/Candidate:/{print $2}')
  [ -n "$jver" ] && [ "$jver" != "(none)" ] || { echo "build-base: apt knows no $jdkpkg:$ARCH" >&2; exit 1; }
  jdir=$OUT/jdk/$jver
  if [ ! -f "$jdir/done" ]; then
    rm -rf "$OUT/jdk"; mkdir -p "$jdir/debs"
    (cd "$jdir/debs" && apt-get "${apt_opts[@]}" download "$jdkpkg:$ARCH=$jver" "$jdkpkg:$host=$jver" \
      "openjdk-17-jre-headless:$host=$jver" >/dev/null 2>"$OUT/apt.log") ||
      { cat "$OUT/apt.log" >&2; echo "build-base: apt-get download of the JDK failed" >&2; exit 1; }
    for deb in "$jdir"/debs/*_"$ARCH".deb; do dpkg-deb -x "$deb" "$jdir/target"; done
    for deb in "$jdir"/debs/*_"$host".deb; do dpkg-deb -x "$deb" "$jdir/host"; done
    touch "$jdir/done"
  fi
  jmods=$jdir/target/usr/lib/jvm/java-17-openjdk-$ARCH/jmods
  jlink=$jdir/host/usr/lib/jvm/java-17-openjdk-$host/bin/jlink
  [ -d "$jmods" ] && [ -x "$jlink" ] || { echo "build-base: no $jmods or $jlink" >&2; exit 1; }
  cands="$cands $jdkpkg:$ARCH$jver"
  as_root_install qemu-user-static "$qemu" || { echo "build-base: $qemu is missing (apt-get install qemu-user-static)" >&2; exit 1; }
fi
key=$( { sha256sum "$0" | cut -d' ' -f1; cat "$jdk/release"; echo "$ARCH $cands $MODULES"; } | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/base-image.tar" ] && [ "$(cat "$OUT/key" 2>/dev/null)" = "$key" ]; then exit 0; fi
echo "build-base: making the base image in $OUT" >&2

rm -rf "$OUT/rootfs" "$OUT/runtime" "$OUT/layers" "$OUT/base-image.tar" "$OUT/key" "$OUT/packages.tsv"
mkdir -p "$DEBS" "$OUT/layers"
# only the package versions apt would download now (drop older ones left from earlier runs)
(cd "$DEBS" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download $PKGS >/dev/null 2>"$OUT/apt.log") || {
  cat "$OUT/apt.log" >&2; echo "build-base: apt-get download failed" >&2; exit 1; }
# the build's own package list, for each image's bill of materials (images/sbom.sh): one line a package, name,
# version, architecture, what it gives (os: the os layer; java: the package whose jmods jlink made the runtime
# from), distribution (apt's origin here: this machine's os-release)
distro=$( . /etc/os-release 2>/dev/null && echo "${ID:-debian}-${VERSION_ID:-unknown}")
{
  for deb in "$DEBS"/*.deb; do
    printf '%s\t%s\t%s\tos\t%s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" \
      "$(dpkg-deb -f "$deb" Architecture)" "$distro"
  done
  jdk_pkg=$(dpkg -S "$(readlink -f "$jdk")/jmods" 2>/dev/null | head -1 | sed 's/: .*//') || true
  if [ "$ARCH" != "$host" ]; then
    printf '%s\t%s\t%s\tjava\t%s\n' "$jdkpkg" "$jver" "$ARCH" "$distro"
  elif [ -n "$jdk_pkg" ]; then
    printf '%s\tjava\t%s\n' "$(dpkg-query -W -f='${Package}\t${Version}\t${Architecture}' "$jdk_pkg")" "$distro"
  else # a JDK from elsewhere: its release file names it
    printf '%s\t%s\t%s\tjava\t\n' "$(. "$jdk/release" && echo "${IMPLEMENTOR:-java} JDK" | tr ' ' '-')" \
      "$(. "$jdk/release" && echo "${JAVA_RUNTIME_VERSION:-$JAVA_VERSION}")" "$(dpkg --print-architecture)"
  fi
} >"$OUT/packages.tsv"

# --- layer 1: os
fs=$OUT/rootfs
mkdir -p "$fs"
for deb in "$DEBS"/*.deb; do
  case "$(basename "$deb")" in
    libc-bin_*) rm -rf "$OUT/libc-bin"; dpkg-deb -x "$deb" "$OUT/libc-bin"
      mkdir -p "$fs/usr/lib/locale" && cp -a "$OUT/libc-bin/usr/lib/locale/C.utf8" "$fs/usr/lib/locale/"
      rm -rf "$OUT/libc-bin" ;;
    *) dpkg-deb -x "$deb" "$fs" ;;
  esac
done
# keep the libraries and their copyright files; drop tools, locales, gconv, docs, debugger helpers
find "$fs/usr/share" -mindepth 1 -maxdepth 1 ! -name doc -exec rm -rf {} +
find "$fs/usr/share/doc" -type f ! -name copyright -delete
find "$fs/usr/share/doc" -type l -delete
rm -rf "$fs/usr/bin" "$fs/usr/sbin" "$fs/sbin" "$fs/usr/libexec" "$fs/etc/ld.so.conf.d" \
  "$fs/usr/lib/$triplet/gconv" "$fs/usr/lib/$triplet/audit" "$fs/lib/$triplet/audit"
rm -f "$fs"/lib/"$triplet"/{libBrokenLocale.so.1,libc_malloc_debug.so.0,libmemusage.so,libpcprofile.so,libthread_db.so.1}
# libraries nothing in the image links or opens (readelf -d of the runtime's .so files: libc, libm, libz, libstdc++,
# libgcc_s, the loader; glibc 2.36 has nss files/dns and libresolv's resolver inside libc): the vector maths library
# (1 MB), NIS, hesiod and compat NSS modules, libanl, libutil
rm -f "$fs"/lib/"$triplet"/{libmvec.so.1,libnsl.so.1,libnss_compat.so.2,libnss_hesiod.so.2,libanl.so.1,libutil.so.1}
find "$fs" -depth -type d -empty -delete
mkdir -p "$fs/etc" "$fs/tmp" "$fs/home/nonroot" "$fs/proc" "$fs/dev" "$fs/sys"
cat >"$fs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$fs/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$fs/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$fs/etc/hosts"
chmod 1777 "$fs/tmp"
chmod 755 "$fs/home/nonroot"

# --- layer 2: java
rt=$OUT/runtime/opt/java
mkdir -p "$(dirname "$rt")"
# --compress=2 (zip) takes lib/modules from 36 to 20 MB for no start-up time we could measure; no default CDS
# archive (--generate-cds-archive): +21 MB for no gain we could measure either
# (for another architecture --strip-java-debug-attributes only: --strip-debug runs this machine's objcopy on its .so)
link_opts=(--strip-debug)
if [ "$ARCH" != "$host" ]; then link_opts=(--module-path "$jmods" --strip-java-debug-attributes); fi
"$jlink" "${link_opts[@]}" --add-modules "$MODULES" --no-man-pages --no-header-files --compress=2 \
  --dedup-legal-notices=error-if-not-same-content --output "$rt"
rm -f "$rt"/bin/{keytool,jrunscript,rmiregistry,jfr}
# files the runtime never reads here: the JDK's default class list (only -Xshare:dump without
# -XX:SharedClassListFile reads it; images/cds/make-archive.sh passes its own), the jrt file system for other JDKs'
# tools, the signal-chaining library (only for LD_PRELOAD by native code), jexec (runs jar files through binfmt_misc)
rm -f "$rt"/lib/classlist "$rt"/lib/jrt-fs.jar "$rt"/lib/libjsig.so "$rt"/lib/server/libjsig.so "$rt"/lib/jexec
# the symbol tables of the native libraries (jlink's --strip-debug drops only their debug sections): 4 MB of
# libjvm.so; the JVM names its own frames in a crash report from its dynamic symbols and keeps running as before
strip_native "$rt"

# --- deterministic layer tarballs and the docker-save tarball around them
layer() { # name dir
  (cd "$2" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
    tar --create --file - --no-recursion --files-from - --format=gnu --numeric-owner --owner=0 --group=0 \
      --mtime=@0) >"$OUT/layers/$1.tar"
  diff=$(sha256sum "$OUT/layers/$1.tar" | cut -d' ' -f1)
  gzip -n -6 -f "$OUT/layers/$1.tar"
  echo "$diff"
}
os_diff=$(layer os "$fs")
java_diff=$(layer java "$OUT/runtime")
run_java() { if [ -n "$qemu" ]; then "$qemu" -L "$fs" "$rt/bin/java" "$@"; else "$rt/bin/java" "$@"; fi; }
java_version=$(run_java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/{print $2}')
deb_list=$(cd "$DEBS" && ls *.deb | tr '\n' ' ' | sed 's/ $//')
cat >"$OUT/layers/config.json" <<EOF
{"architecture":"$ARCH",$([ "$ARCH" = arm64 ] && echo '"variant":"v8",')"os":"linux","created":"1970-01-01T00:00:00Z",
"config":{"User":"65532","WorkingDir":"/tmp",
"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
"Labels":{"io.github.kubesteps.base.debs":"$deb_list","io.github.kubesteps.base.java":"$java_version $MODULES"}},
"rootfs":{"type":"layers","diff_ids":["sha256:$os_diff","sha256:$java_diff"]},
"history":[{"created":"1970-01-01T00:00:00Z","created_by":"images/build-base.sh: os layer from $deb_list"},
{"created":"1970-01-01T00:00:00Z","created_by":"images/build-base.sh: jlink --add-modules $MODULES"}]}
EOF
echo '[{"Config":"config.json","RepoTags":["kube-steps-base:local-'"$ARCH"'"],"Layers":["os.tar.gz","java.tar.gz"]}]' \
  >"$OUT/layers/manifest.json"
tar --create --file "$OUT/base-image.tar.tmp" -C "$OUT/layers" --format=gnu --numeric-owner --owner=0 --group=0 \
  --mtime=@0 manifest.json config.json os.tar.gz java.tar.gz
mv "$OUT/base-image.tar.tmp" "$OUT/base-image.tar"
echo "$key" >"$OUT/key"
echo "build-base: $OUT/base-image.tar (os $(du -sh "$fs" | cut -f1), java $(du -sh "$rt" | cut -f1) unpacked;" \
  "layers $(du -ch "$OUT"/layers/*.tar.gz | tail -1 | cut -f1) compressed)" >&2
