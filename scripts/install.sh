#!/usr/bin/env bash
# Installs k8s-apply, k8s-get and k8s-wait with a Java runtime of their own (no Java needed afterwards):
#   scripts/install.sh [--prefix DIR] [--from TARBALL]    install (again: the earlier install is replaced)
#   scripts/install.sh [--prefix DIR] --uninstall         remove exactly what the install put there
# DIR defaults to ~/.local. The machine's architecture (uname -m: x86_64 or aarch64) picks the tarball,
# kube-steps-VERSION-linux-amd64.tar.gz or -linux-arm64.tar.gz. Without --from, that release tarball is built first when
# it is missing or older than any file of the checkout (./mvnw package -DskipTests -Djib.skip=true
# -Drelease.arm64.skip=true -pl images -am; scripts/release-tarball.sh); with --from, the given tarball is installed and
# nothing is built; a tarball for another architecture than the machine's is refused before anything is written.
# What goes where (README "Install"): DIR/bin/TOOL, DIR/lib/kube-steps/ (runtime, jars, class-data archives),
# DIR/share/man/man1/TOOL.1, DIR/share/bash-completion/completions/TOOL, DIR/share/zsh/site-functions/_TOOL,
# DIR/share/doc/kube-steps/{LICENSE,NOTICE}. Every file and every folder the install created is listed in
# DIR/lib/kube-steps/installed-files; --uninstall removes those files and those folders (when empty) and nothing else.
# A file already at one of those paths that no earlier install listed stops the install before anything is written.
set -euo pipefail
umask 022
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "install: $*" >&2; exit 1; }

prefix=$HOME/.local from='' uninstall=''
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || fail "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --from) [ $# -ge 2 ] || fail "--from needs a tarball"; from=$2; shift 2 ;;
    --from=*) from=${1#--from=}; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (usage: install.sh [--prefix DIR] [--from TARBALL] [--uninstall])" ;;
  esac
done
[ -n "$prefix" ] || fail "--prefix is empty"
[ -z "$uninstall" ] || [ -z "$from" ] || fail "--uninstall and --from do not go together"
case $prefix in /*) ;; *) prefix=$PWD/$prefix ;; esac
manifest=lib/kube-steps/installed-files

# --- uninstall: the files the manifest lists, then its folders, deepest first, those that are empty
remove_installed() { # quiet: 1 when replacing an install
  local line n=0 listed
  [ -f "$prefix/$manifest" ] || fail "nothing to uninstall: no $prefix/$manifest"
  mapfile -t listed <"$prefix/$manifest"
  # a listed path is relative and stays inside the prefix (the manifest is a file anyone could have edited)
  for line in "${listed[@]}"; do
    [ "$line" = ./ ] && continue
    case /${line%/}/ in *//*|*/../*|*/./*) fail "$prefix/$manifest: refusing the path '$line'" ;; esac
  done
  for line in "${listed[@]}"; do
    case $line in */) ;; *) rm -f -- "${prefix:?}/$line"; n=$((n + 1)) ;; esac
  done
  # folders deepest first (a folder sorts before what is in it); one someone put other files in stays
  while IFS= read -r line; do
    [ "$line" = ./ ] || rmdir -- "${prefix:?}/$line" 2>/dev/null || true
  done < <(printf '%s\n' "${listed[@]}" | grep '/$' | LC_ALL=C sort -r)
  # the prefix itself, when the install created it (listed as ./) and it is empty now
  for line in "${listed[@]}"; do
    if [ "$line" = ./ ]; then rmdir -- "$prefix" 2>/dev/null || true; fi
  done
  [ -n "${1:-}" ] || echo "install: removed kube-steps from $prefix ($n files)" >&2
}
if [ -n "$uninstall" ]; then remove_installed; exit 0; fi

# --- the machine's architecture, as the release tarballs name it
machine=$(uname -m)
case $machine in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) fail "no kube-steps release for this machine ($machine): there are linux-amd64 (x86_64) and linux-arm64 (aarch64)" ;;
esac

# --- the tarball: given, or built from this checkout when missing or older than a file of it
if [ -z "$from" ]; then
  if [ ! -f "$root/pom.xml" ] || [ ! -x "$root/mvnw" ]; then fail "no --from and no checkout to build in $root"; fi
  version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$root/pom.xml" | head -1)
  [ -n "$version" ] || fail "no project version in $root/pom.xml"
  from=$root/images/target/kube-steps-$version-linux-$arch.tar.gz
  newer=''
  if [ -f "$from" ]; then
    newer=$(find "$root" \( -name target -o -name .git -o -name .idea -o -name .vscode \) -prune -o -type f \
      -newer "$from" -print -quit)
  fi
  if [ ! -f "$from" ] || [ -n "$newer" ]; then
    echo "install: building (./mvnw package -DskipTests -Djib.skip=true -Drelease.arm64.skip=true -pl images -am)" >&2
    # the tarball of this machine's architecture only (on an arm64 machine that one is the build's own)
    (cd "$root" && ./mvnw -B -q --no-transfer-progress package -DskipTests -Djib.skip=true -Drelease.arm64.skip=true \
      -pl images -am) ||
      fail "the build failed (above)"
    [ -f "$from" ] || fail "the build made no $from"
  fi
fi
[ -f "$from" ] || fail "no such tarball: $from"

work=$(mktemp -d "${TMPDIR:-/tmp}/kube-steps-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/x"
tar -xzf "$from" -C "$work/x" 2>"$work/tar.err" || fail "cannot unpack $from: $(grep -m1 . "$work/tar.err")"
tops=("$work"/x/*)
if [ ${#tops[@]} != 1 ] || [ ! -x "${tops[0]}/bin/k8s-get" ] || [ ! -x "${tops[0]}/lib/kube-steps/java/bin/java" ]; then
  fail "$from is not a kube-steps release tarball (one folder kube-steps-VERSION/ with bin/ and lib/kube-steps/)"
fi
tree=${tops[0]}
version=${tree##*/kube-steps-}
# the runtime's architecture (the ELF machine of its java: 62 x86-64, 183 AArch64) against the machine's: another
# one would not start here
tarch=$(od -An -tu2 -j18 -N2 "$tree/lib/kube-steps/java/bin/java" 2>/dev/null | tr -d ' ')
case $tarch in 62) tarch=amd64 ;; 183) tarch=arm64 ;; *) tarch='' ;; esac
[ "$tarch" = "$arch" ] || fail "$from is for linux-${tarch:-unknown}, this machine is linux-$arch ($machine):" \
  "take kube-steps-$version-linux-$arch.tar.gz"
mkdir -p "$tree/share/doc/kube-steps"
for f in LICENSE NOTICE; do [ ! -f "$tree/$f" ] || mv "$tree/$f" "$tree/share/doc/kube-steps/"; done
mapfile -t tools < <(cd "$tree/bin" && ls)

# --- what it will write: no file of someone else's is overwritten (files of an earlier install are replaced)
earlier=''
if [ -f "$prefix/$manifest" ]; then earlier=$prefix/$manifest; fi
mapfile -t files < <(cd "$tree" && find . \( -type f -o -type l \) -printf '%P\n' | LC_ALL=C sort)
mapfile -t dirs < <(cd "$tree" && find . -mindepth 1 -type d -printf '%P/\n' | LC_ALL=C sort)
for f in "${files[@]}" "$manifest"; do
  if [ -e "$prefix/$f" ] || [ -L "$prefix/$f" ]; then
    { [ -n "$earlier" ] && grep -qxF -- "$f" "$earlier"; } ||
      fail "$prefix/$f exists and is not from an earlier kube-steps install: remove it or choose another --prefix"
  fi
done
if [ -n "$earlier" ]; then remove_installed quiet; fi

# --- the folders it creates (the prefix too, when it is new: listed as ./), then the manifest, then the files
created=()
if [ ! -d "$prefix" ]; then
  [ ! -e "$prefix" ] || fail "$prefix is not a folder"
  [ -d "$(dirname "$prefix")" ] || fail "no folder $(dirname "$prefix") to make $prefix in (create it first)"
  mkdir "$prefix" || fail "cannot create $prefix"
  created+=(./)
fi
prefix=$(cd "$prefix" && pwd -P)
[ -w "$prefix" ] || fail "cannot write in $prefix (choose another --prefix)"
for d in "${dirs[@]}"; do [ -d "$prefix/$d" ] || created+=("$d"); done
{
  printf '%s\n' "${created[@]}" "${files[@]}"
  for t in "${tools[@]}"; do printf 'lib/kube-steps/cds/%s.jsa\n' "$t"; done
  echo "$manifest"
} | LC_ALL=C sort -u >"$work/installed-files"
mkdir -p "$prefix/lib/kube-steps"
cp "$work/installed-files" "$prefix/$manifest"
# GNU tar into the prefix: folders that exist keep their mode and times (--no-overwrite-dir)
(cd "$tree" && tar -cf - .) | tar -xf - -C "$prefix" --no-overwrite-dir --no-same-owner ||
  fail "copying into $prefix failed (scripts/install.sh --prefix $prefix --uninstall removes what was copied)"

# --- the class-data archives, here: one records the absolute paths of the runtime and jars it was made with and the
# JVM ignores it anywhere else, so the tarball holds only the class lists (images/cds/make-archive.sh "installed")
for t in "${tools[@]}"; do
  "$root/images/cds/make-archive.sh" installed "$prefix/lib/kube-steps" "$t" ||
    echo "install: note: $t starts without a class-data archive (slower start, same behaviour)" >&2
done

echo "install: kube-steps $version in $prefix: ${tools[*]} in $prefix/bin" >&2
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "install: note: $prefix/bin is not in PATH" >&2 ;; esac
