#!/usr/bin/env bash
# What each start-up lever gives, one k8s-get (cm/x -o jsonpath) in one hyperfine run: plain java, the launcher's
# JVM flags without the class-data archive, the launcher as shipped (with lib/app.jsa), kubectl. Prints a Markdown
# section (also bench/target/levers.md).
. "$(dirname "$0")/lib.sh"
need_tools
server_up
trap server_down EXIT
LIB=$REPO/get-cli/target/lib
ARGS="-n $NS cm/x -o jsonpath={.data.mode}"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
plain="$java -cp $LIB/* kubesteps.get.Main $ARGS"
flags="$java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $LIB/* kubesteps.get.Main $ARGS"
shipped="$K8S_GET $ARGS"
kc="$KUBECTL -n $NS get cm x -o jsonpath={.data.mode}"
load_before=$(load)
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/levers.json" "$plain" "$flags" "$shipped" "$kc" >&2
n_plain=$($java -Xlog:class+load -cp "$LIB/*" kubesteps.get.Main $ARGS | grep -c 'class,load' || true)
n_shipped=$(JAVA_OPTS=-Xlog:class+load $K8S_GET $ARGS | grep -c 'class,load' || true)
n_archived=$(JAVA_OPTS=-Xlog:class+load $K8S_GET $ARGS | grep -c 'shared objects file' || true)
kcm=$(hf_stat "$OUT/levers.json" 3 median)
row() { local m u; m=$(hf_stat "$OUT/levers.json" "$1" median); u=$(jq -r ".results[$1] | (.user + .system) * 1000 | round" "$OUT/levers.json")
  echo "| $2 | $m | $u | $(ratio "$m" "$kcm")x |"; }
{
  echo "### Start-up levers, k8s-get ($(date -u '+%Y-%m-%d %H:%M UTC'), load $load_before -> $(load), $($java -version 2>&1 | head -1))"
  echo
  echo "| variant | median ms | CPU ms (user+sys, mean) | vs kubectl |"
  echo "| --- | --- | --- | --- |"
  row 0 "plain \`java -cp lib/* ...\`"
  row 1 "+ \`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto\`"
  row 2 "+ the build's AppCDS archive \`-XX:SharedArchiveFile=lib/app.jsa\` (the launcher as shipped)"
  row 3 "kubectl"
  echo
  echo "Classes loaded by one run: $n_plain; $n_archived of them from the archive (the JDK's and the app's)."
  echo
} | tee "$OUT/levers.md"
