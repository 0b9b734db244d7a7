#!/usr/bin/env bash
# The release tarball, images/target/kube-steps-VERSION-linux-ARCH.tar.gz, from the three tools' build output: run
# by the `images` module (after the tools' `package`), once for this machine's architecture and once for arm64, or by
# hand after `./mvnw package`:
#   scripts/release-tarball.sh VERSION [TIMESTAMP [ARCH]]
# ARCH (amd64 or arm64; this machine's by default) picks the Java runtime: images/build-base.sh tar:// ARCH makes it
# (for arm64 on an amd64 machine, from Debian's arm64 packages). Everything else is the same in both: the jars, the
# launchers (shell), the class lists (class names: the same for both architectures).
# It holds one folder, kube-steps-VERSION/, with the tree scripts/install.sh installs under its prefix:
#   bin/k8s-apply, bin/k8s-get, bin/k8s-wait   launchers (scripts/installed-launcher.sh.in) over the two below
#   lib/kube-steps/java/                        the Java runtime of the images (jlink; images/build-base.sh makes it)
#   lib/kube-steps/lib/*.jar                    the tools' third-party jars and core (k8s-get has fewer: get-cli/pom.xml)
#   lib/kube-steps/tools/TOOL.jar               each tool's own jar
#   lib/kube-steps/cds/TOOL.classlist           the classes the build's training run loaded (images/cds/make-archive.sh)
#   share/man/man1/TOOL.1                       man pages (TOOL/target/man: picocli + asciidoctor)
#   share/bash-completion/completions/TOOL      picocli's completion script, loaded by bash-completion on demand
#   share/zsh/site-functions/_TOOL              the same script for zsh (through bashcompinit), autoloaded by compinit
# and beside them LICENSE (the project's licence) and NOTICE (the third-party components in lib/ with their licences,
# made by license-maven-plugin: the images' /app/NOTICE), which install.sh puts in share/doc/kube-steps/.
# No class-data archive (TOOL.jsa): an archive records the absolute paths of the runtime and jars it was made with,
# and the JVM ignores it anywhere else; the install's paths are known only when installing, so install.sh makes it
# there from the class list (a dump of a few seconds, no training run: that needs a JDK).
# Reproducible: entries sorted, owner 0:0, every file dated TIMESTAMP (the build's project.build.outputTimestamp),
# gzip -n: the same build output gives the same bytes.
set -euo pipefail
umask 022
version=${1:?usage: release-tarball.sh VERSION [TIMESTAMP [ARCH]]}
stamp=${2:-1970-01-01T00:00:01Z}
host=$(dpkg --print-architecture 2>/dev/null || echo amd64)
arch=${3:-$host}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/images/target
name=kube-steps-$version
tools=(apply-cli:k8s-apply:kubesteps.apply.Main get-cli:k8s-get:kubesteps.get.Main wait-cli:k8s-wait:kubesteps.wait.Main)
fail() { echo "release-tarball: $*" >&2; exit 1; }
case $arch in amd64|arm64) ;; *) fail "no release for architecture '$arch' (amd64, arm64)" ;; esac

# the runtime: the images' (idempotent: returns at once when images/target/base or base-ARCH is up to date)
"$root/images/build-base.sh" tar:// "$arch"
base=$root/images/target/base
if [ "$arch" != "$host" ]; then base=$root/images/target/base-$arch; fi
runtime=$base/runtime/opt/java
[ -f "$runtime/bin/java" ] || fail "no Java runtime in $runtime (images/build-base.sh made none)"

work=$out/release-$arch
stage=$work/$name
rm -rf "$work"
mkdir -p "$stage/bin" "$stage/lib/kube-steps/lib" "$stage/lib/kube-steps/tools" "$stage/lib/kube-steps/cds" \
  "$stage/share/man/man1" "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions"
cp -a "$runtime" "$stage/lib/kube-steps/java"

# the jars: one lib/ holds every tool's (the launchers put all of it on the class path; k8s-get needs fewer, see
# get-cli/pom.xml). A jar of one name is the same bytes in each tool, and one tool's jars hold every other's: its
# NOTICE, which names them all, is the tarball's
all='' widest='' widest_count=0
for t in "${tools[@]}"; do
  IFS=: read -r module tool main <<<"$t"
  target=$root/$module/target
  for f in "$target/lib/$module.jar" "$target/man/$tool.1" "$target/completion/$tool.bash" \
    "$target/image-extra/app/NOTICE"; do
    [ -f "$f" ] || fail "missing $f (run ./mvnw package first)"
  done
  jars=$(cd "$target/lib" && find . -maxdepth 1 -name '*.jar' ! -name "$module.jar" -printf '%f\n' | LC_ALL=C sort |
    xargs sha256sum | sed "s|  |  $target/lib/|")
  all=$(printf '%s\n%s\n' "$all" "$jars" | sed '/^$/d')
  count=$(wc -l <<<"$jars")
  if [ "$count" -gt "$widest_count" ]; then widest=$module widest_count=$count; fi
done
dup=$(awk '{ n = $2; sub(".*/", "", n); print n, $1 }' <<<"$all" | LC_ALL=C sort -u | awk '{ print $1 }' | uniq -d)
[ -z "$dup" ] || fail "jars of the same name differ between the tools (target/lib): $dup"
names=$(awk '{ n = $2; sub(".*/", "", n); print n }' <<<"$all" | LC_ALL=C sort -u)
[ "$(wc -l <<<"$names")" = "$widest_count" ] ||
  fail "no tool's jars hold every other's ($widest has $widest_count of $(wc -l <<<"$names")): one NOTICE would not name them all"
awk '{ print $2 }' <<<"$all" | LC_ALL=C sort -u | awk -F/ '!seen[$NF]++' | xargs cp -t "$stage/lib/kube-steps/lib/"
cp "$root/$widest/target/image-extra/app/NOTICE" "$stage/NOTICE"

for t in "${tools[@]}"; do
  IFS=: read -r module tool main <<<"$t"
  target=$root/$module/target
  cp "$target/lib/$module.jar" "$stage/lib/kube-steps/tools/$tool.jar"
  # no class list when the build made no archive (KUBE_STEPS_CDS=off): the tool then starts without one
  if [ -f "$target/cds/classes.lst" ]; then cp "$target/cds/classes.lst" "$stage/lib/kube-steps/cds/$tool.classlist"; fi
  sed -e "s/@NAME@/$tool/g" -e "s/@MAIN@/$main/g" "$root/scripts/installed-launcher.sh.in" >"$stage/bin/$tool"
  chmod 755 "$stage/bin/$tool"
  cp "$target/man/$tool.1" "$stage/share/man/man1/"
  cp "$target/completion/$tool.bash" "$stage/share/bash-completion/completions/$tool"
  # zsh: compinit autoloads _TOOL (first line #compdef) as the function completing TOOL, the first time TOOL is
  # completed; it sources the bash script above through bashcompinit (sourced, not pasted in: the script defines an
  # alias that its functions use, which zsh expands only in code read after it), which registers its own completion
  # for TOOL, and completes this first time with it
  cat >"$stage/share/zsh/site-functions/_$tool" <<EOF
#compdef $tool
# $tool's zsh completion: picocli's bash completion script, share/bash-completion/completions/$tool, through zsh's
# bashcompinit. Loaded by compinit from a folder in \$fpath (e.g. PREFIX/share/zsh/site-functions).
autoload -U +X bashcompinit && bashcompinit
# the script's functions call compopt, an alias the script defines; completion code runs with aliases off, so they
# are turned on while the script is read (zsh expands aliases when it reads a function, not when it runs it)
setopt local_options aliases
source "\${\${(%):-%x}:A:h:h:h}/bash-completion/completions/$tool" || return 1
_bash_complete -F _complete_$tool -o default
EOF
done
cp "$root/LICENSE" "$stage/LICENSE"

tarball=$out/$name-linux-$arch.tar.gz
(cd "$work" && find "$name" | LC_ALL=C sort |
  tar --create --file - --no-recursion --files-from - --format=gnu --numeric-owner --owner=0 --group=0 \
    --mtime="$stamp" | gzip -n -6 >"$tarball.tmp")
mv "$tarball.tmp" "$tarball"
rm -rf "$work"
echo "release-tarball: $tarball ($(du -h "$tarball" | cut -f1))" >&2
