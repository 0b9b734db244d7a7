#!/usr/bin/env bash
# Runs every benchmark in bench/ against this bench's own API server and writes bench/RESULTS.md.
# Build first: ./mvnw -B -q -o package -DskipTests (the images too, unless -Djib.skip=true; bench/image.sh needs root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${BENCH_OUT:-$here/target}; mkdir -p "$out"
start_load=$(uptime | sed 's/.*load average: //')
export BENCH_KEEP_SERVER=1   # one API server for all; stopped at the end
trap '"$here/../scripts/local-apiserver.sh" down >/dev/null 2>&1 || true' EXIT
export KUBE_STEPS_LOCAL=${BENCH_LOCAL:-/tmp/kube-steps-bench}
# BENCH_SKIP="startup levers": keep those sections from an earlier run (bench/target/*.md)
for b in startup levers wait cel scale image; do
  case " ${BENCH_SKIP:-} " in *" $b "*) continue ;; esac
  if [ $b = image ] && [ "$(id -u)" != 0 ]; then echo "(not root: no image figures)" >"$out/image.md"; continue; fi
  "$here/$b.sh" >/dev/null
done
{
  echo "# Benchmarks: kube-steps vs kubectl"
  echo
  echo "Made by \`bench/run-all.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo ?))."
  echo "Machine: $(nproc) cores shared with other jobs, load average at the start $start_load"
  echo "(1, 5, 15 min); $(java -version 2>&1 | head -1); kubectl $(/usr/bin/kubectl version --client 2>/dev/null | head -1 | sed 's/Client Version: //')."
  echo "API server: kube-apiserver 1.20.2 + etcd (scripts/local-apiserver.sh) on 127.0.0.1, TLS, token auth."
  echo "Under load every wall time stretches (kubectl's too): read the ratios, measured in the same run, not the"
  echo "milliseconds. Each script prints its own section: \`bench/startup.sh\`, \`bench/levers.sh\`, \`bench/wait.sh\`,"
  echo "\`bench/image.sh\` (root)."
  [ -n "${BENCH_SKIP:-}" ] && echo "Kept from an earlier run (each section says when it ran): ${BENCH_SKIP}."
  echo
  cat "$out/startup.md" "$out/levers.md" "$out/wait.md" "$out/cel.md" "$out/scale.md" "$out/image.md"
  [ -f "$here/NOTES.md" ] && cat "$here/NOTES.md"
} >"$here/RESULTS.md"
echo "bench: wrote $here/RESULTS.md" >&2
