#!/usr/bin/env bash
# The test command: installs what the tests need (etcd and kube-apiserver for kube-api-test), then runs every test,
# unit and real-API-server, through the Maven Wrapper. Extra arguments go to Maven (e.g. -pl core, -Dtest=...).
set -euo pipefail
cd "$(dirname "$0")/.."

# Every shell script under scripts/ through ShellCheck, first (it takes a second), installed from Debian when missing
# as install-kube-apiserver.sh installs its packages (CI runs as root). Default severity, style notes included; a
# deliberate exception is a `# shellcheck disable=SCxxxx # reason` line in the script itself.
if ! command -v shellcheck >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing shellcheck (Debian package)" >&2
    (
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq shellcheck >/dev/null
    )
    command -v shellcheck >/dev/null || { echo "test: shellcheck is still missing after apt-get install" >&2; exit 1; }
  elif [ "${CI:-}" = true ]; then
    echo "test: shellcheck is missing and installing it needs root (apt-get install shellcheck)" >&2
    exit 1
  else
    echo "test: note: shellcheck is missing (apt-get install shellcheck, as root): not checking scripts/" >&2
  fi
fi
if command -v shellcheck >/dev/null; then
  # the shell scripts: *.sh, and any other file whose first line is a sh/bash/dash/ksh shebang (launcher.sh.in)
  shell_files=()
  while IFS= read -r -d '' f; do shell_files+=("$f"); done < <(
    find scripts -type f \( -name '*.sh' -o -exec sh -c \
      'head -n 1 "$1" | grep -Eq "^#!.*[/[:space:]](sh|bash|dash|ksh)([[:space:]]|\$)"' sh {} \; \) -print0 | sort -z)
  [ ${#shell_files[@]} -gt 0 ] || { echo "test: no shell scripts found under scripts/" >&2; exit 1; }
  # -x: follow the `. lib/k8s-source.sh` lines (their `# shellcheck source=` directives say where it is)
  shellcheck -x "${shell_files[@]}" || { echo "test: shellcheck found problems in scripts/ (above)" >&2; exit 1; }
fi

scripts/install-kube-apiserver.sh
./mvnw -B --no-transfer-progress verify "$@"
# the tools as a person runs them, from the build output
for tool in apply-cli/target/k8s-apply get-cli/target/k8s-get wait-cli/target/k8s-wait; do
  "$tool" --help >/dev/null
  "$tool" --version
done
