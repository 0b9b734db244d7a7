#!/usr/bin/env bash
# A local Kubernetes API server (etcd + kube-apiserver v1.20.2, no nodes) for trying the tools by hand when there
# is no cluster at hand. State and a kubeconfig in $KUBE_STEPS_LOCAL (default /tmp/kube-steps-local).
#   scripts/local-apiserver.sh up     # idempotent; prints the kubeconfig path
#   scripts/local-apiserver.sh down   # stops only what `up` started and removes its state
# Pods stay Pending and Jobs do not run here (no kubelet, no controllers); objects, CRDs, watches and RBAC are real.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LOCAL=${KUBE_STEPS_LOCAL:-/tmp/kube-steps-local}
BIN=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.20.2-linux-amd64
PORT=${KUBE_STEPS_LOCAL_PORT:-16443}
ETCD_PORT=${KUBE_STEPS_LOCAL_ETCD_PORT:-12379}
KUBECONFIG_OUT=$LOCAL/kubeconfig

alive() { [ -f "$LOCAL/$1.pid" ] && kill -0 "$(cat "$LOCAL/$1.pid")" 2>/dev/null; }

up() {
  "$here/install-kube-apiserver.sh"
  mkdir -p "$LOCAL"
  cd "$LOCAL"
  if ! alive etcd; then
    "$BIN/etcd" --data-dir "$LOCAL/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
      --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls http://127.0.0.1:0 \
      >"$LOCAL/etcd.log" 2>&1 &
    echo $! >"$LOCAL/etcd.pid"
  fi
  if [ ! -f apiserver.crt ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.crt -days 365 \
      -subj /CN=kube-apiserver -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    echo "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'),admin,admin,system:masters" >tokens.csv
  fi
  if ! alive apiserver; then
    "$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" --bind-address=127.0.0.1 \
      --secure-port="$PORT" --tls-cert-file=apiserver.crt --tls-private-key-file=apiserver.key \
      --token-auth-file=tokens.csv --authorization-mode=RBAC --service-account-issuer=https://kubernetes.default.svc \
      --service-account-key-file=sa.pub --service-account-signing-key-file=sa.key \
      --service-cluster-ip-range=10.0.0.0/24 --advertise-address=127.0.0.1 >"$LOCAL/apiserver.log" 2>&1 &
    echo $! >"$LOCAL/apiserver.pid"
  fi
  token=$(cut -d, -f1 tokens.csv)
  cat >"$KUBECONFIG_OUT" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: kube-steps-local
  cluster:
    server: https://127.0.0.1:$PORT
    certificate-authority: $LOCAL/apiserver.crt
users:
- name: admin
  user:
    token: $token
contexts:
- name: kube-steps-local
  context:
    cluster: kube-steps-local
    user: admin
    namespace: default
current-context: kube-steps-local
YAML
  chmod 600 "$KUBECONFIG_OUT"
  for _ in $(seq 1 120); do
    if curl -sf --cacert apiserver.crt -H "Authorization: Bearer $token" "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1
    then echo "$KUBECONFIG_OUT"; return 0; fi
    alive apiserver || { tail -20 "$LOCAL/apiserver.log" >&2; echo "local-apiserver: kube-apiserver exited" >&2; exit 1; }
    sleep 0.5
  done
  echo "local-apiserver: kube-apiserver not ready after 60s (see $LOCAL/apiserver.log)" >&2
  exit 1
}

down() {
  for p in apiserver etcd; do
    if alive "$p"; then kill "$(cat "$LOCAL/$p.pid")"; fi
  done
  sleep 1
  rm -rf "$LOCAL"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
