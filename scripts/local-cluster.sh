#!/usr/bin/env bash
# A real one-node Kubernetes v1.20.2 cluster on this machine (Linux, root, Debian packages; no internet, no
# registry): etcd, kube-apiserver, controller-manager, scheduler, containerd + runc + CNI bridge, kubelet, kube-proxy.
# Pods, Jobs, service accounts (in-cluster config through the `kubernetes` Service) and RBAC are real.
#
#   scripts/local-cluster.sh up              # idempotent, ~20 s once built; prints the admin kubeconfig's path
#   scripts/local-cluster.sh import-images   # the three tools' images (./mvnw package) into the node's containerd
#   scripts/local-cluster.sh kubeconfig      # prints the admin kubeconfig's path (fails when the node is down)
#   scripts/local-cluster.sh down [--purge]  # stops only what `up` started, undoes its host changes, wipes its state
#                                            # (but the images made for it, in $KUBE_STEPS_NODE/build, unless --purge)
#   scripts/local-cluster.sh status | check | build
#
# The first `up` builds kube-controller-manager, kube-scheduler, kubelet and kube-proxy from Debian's `kubernetes`
# source package, beside the kube-apiserver that scripts/install-kube-apiserver.sh builds (~5 minutes on 2 cores),
# and installs containerd, runc and the CNI plugins from Debian. Images with no registry: k8s.local/pause:3.4.1 and
# k8s.local/busybox:1.35 (also docker.io/library/busybox:1.35) are made here; pods must use imagePullPolicy Never or
# IfNotPresent. The tools' images are k8s-apply:VERSION, k8s-get:VERSION, k8s-wait:VERSION.
#
# The node's network is a network namespace of its own, kube-steps-node (/run/netns/kube-steps-node), joined to the
# host by one veth pair: ksn-host (10.88.255.1/30, on the host) and ksn-node (10.88.255.2/30, in the namespace).
# In it: the bridge ksn0 (10.89.0.1/16, the node's IP), the pods' veths, the route for the Services (10.97.0.0/24),
# the iptables rules of kube-proxy, the kubelet and CNI, and the net.* sysctls they set; `down` deletes the
# namespace and all of that goes with it (the pair too), so the host's firewall rules are never touched. Every
# process of the node runs in it (nsenter --net: the host's mounts and files, the namespace's network), the
# control plane too: its ports are the namespace's, and the host reaches the API server at 10.88.255.2:36443 over
# the pair (the admin kubeconfig says so); the host needs no route, no forwarding and no rule for that.
# Host changes left (all undone by `down`): the veth ksn-host (goes with the namespace), bind mounts on /var/log/pods
# and /var/log/containers (kubelet 1.20 writes there), the kubelet's cgroups, the pods' network namespaces in
# /run/netns (cni-*), and the vm.* and kernel.* sysctls the kubelet sets (not per namespace: saved first, restored
# once the node is Ready and again by `down`). `up` loads br_netfilter when it is not loaded (left loaded).
# State in $KUBE_STEPS_NODE (default /tmp/kube-steps-node). Ports, in the namespace (127.0.0.1 unless said): API
# 36443 (all its addresses), etcd 36379/36380, controller-manager 36257, scheduler 36259, kubelet 36250 (node IP)
# and 36248, kube-proxy 36256/36249. One kubelet per machine: `up` refuses when another kubelet is running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
VERSION=1.20.2
LN=${KUBE_STEPS_NODE:-/tmp/kube-steps-node}
BIN=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$VERSION-linux-amd64
NODE_NAME=kube-steps-node
BRIDGE=ksn0 NODE_IP=10.89.0.1 POD_CIDR=10.89.0.0/16 POD_START=10.89.0.10
SVC_CIDR=10.97.0.0/24 SVC_API_IP=10.97.0.1
NETNS=kube-steps-node VETH_HOST=ksn-host VETH_NODE=ksn-node HOST_VETH_IP=10.88.255.1 NODE_VETH_IP=10.88.255.2
NETNS_PATH=/run/netns/kube-steps-node
API_PORT=36443 ETCD_PORT=36379 ETCD_PEER_PORT=36380 KCM_PORT=36257 SCHED_PORT=36259
KUBELET_PORT=36250 KUBELET_HEALTHZ_PORT=36248 PROXY_HEALTHZ_PORT=36256 PROXY_METRICS_PORT=36249
TAG=kube-steps-node
PKI=$LN/pki ETC=$LN/etc VAR=$LN/var RUN=$LN/run LOG=$LN/logs BUILD=$LN/build
CTR_SOCK=$RUN/containerd/containerd.sock
NODE_PKGS="containerd runc containernetworking-plugins iptables conntrack socat ethtool ebtables busybox-static umoci
  skopeo openssl curl gcc libc6-dev iproute2 util-linux nftables"
NODE_BINS="kube-controller-manager kube-scheduler kubelet kube-proxy"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

T0=${EPOCHREALTIME/[.,]/}
say() { local t=${EPOCHREALTIME/[.,]/}; printf 'local-cluster [%3d.%ds] %s\n' $(((t - T0) / 1000000)) $(((t - T0) / 100000 % 10)) "$*" >&2; }
die() { say "error: $*"; exit 1; }
kc() { kubectl --kubeconfig "$LN/kubeconfig" --request-timeout=10s "$@"; }
ctrx() { ctr --address "$CTR_SOCK" -n k8s.io "$@"; }
innet() { nsenter --net="$NETNS_PATH" -- "$@"; }   # in the node's network namespace, otherwise as the host

# ------------------------------------------------------------------------------------------------ check and build
# check: why this machine cannot run the node (one line), or nothing
problem() {
  [ "$(uname -s)" = Linux ] || { echo "not Linux ($(uname -s))"; return; }
  [ "$(id -u)" = 0 ] || { echo "not root (uid $(id -u)): the node needs root (containers, network, mounts)"; return; }
  # shellcheck disable=SC2015 # the message is meant when either command is missing, not an if-then-else
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "no apt-get/dpkg (Debian packages needed)"; return; }
  [ -d /sys/fs/cgroup ] || { echo "no /sys/fs/cgroup"; return; }
  [ "$(uname -m)" = x86_64 ] || { echo "not x86_64 ($(uname -m))"; return; }
  [ -e /proc/self/ns/net ] || { echo "no network namespaces (/proc/self/ns/net)"; return; }
}

packages() {
  local need=() p
  for p in $NODE_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  ((${#need[@]})) || return 0
  say "apt-get install ${need[*]}"
  mkdir -p "$LOG"
  apt-get update -qq >"$LOG/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >>"$LOG/apt.log" 2>&1 \
    || die "apt-get install failed, see $LOG/apt.log"
}

# the node's binaries from Debian's kubernetes source package, beside kube-apiserver (the same source, the same fix)
build() {
  local missing="" b
  "$here/install-kube-apiserver.sh"
  for b in $NODE_BINS; do [ -x "$BIN/$b" ] || missing="$missing $b"; done
  [ -f "$BIN/pause.c" ] || missing="$missing pause.c"
  packages
  [ -z "$missing" ] && return 0
  exec 9>"$BIN/.local-cluster-build.lock"; flock 9   # one build at a time
  missing=""; for b in $NODE_BINS; do [ -x "$BIN/$b" ] || missing="$missing $b"; done
  [ -n "$missing" ] || [ ! -f "$BIN/pause.c" ] || return 0
  say "building${missing:- pause.c} $VERSION from Debian's kubernetes source into $BIN (about 5 minutes on 2 cores)"
  # shellcheck source-path=SCRIPTDIR source=lib/k8s-source.sh
  . "$here/lib/k8s-source.sh"
  # shellcheck disable=SC2086 # word splitting of the list is meant
  k8s_source_build "$BIN" $missing pause.c || die "build failed"
  say "built into $BIN"
}

# ------------------------------------------------------------------------------------------------ helpers
alive() { # NAME MATCH: the pidfile's process is alive and is what we started
  local pf=$RUN/$1.pid pid
  [ -f "$pf" ] || return 1
  pid=$(cat "$pf"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | grep -q -- "$2"
}
start() { # NAME MATCH cmd...: a daemon in its own session (it outlives the caller), pid recorded, in the namespace
  local name=$1 match=$2; shift 2
  if alive "$name" "$match"; then return 0; fi
  [ -f "$LOG/$name.log" ] && mv -f "$LOG/$name.log" "$LOG/$name.log.prev"
  # in the node's network namespace (nsenter execs the command: the pid is the daemon's)
  setsid nsenter --net="$NETNS_PATH" -- "$@" >"$LOG/$name.log" 2>&1 </dev/null 8>&- 9>&- &   # not holding our locks
  echo $! >"$RUN/$name.pid"
  say "started $name (pid $!)"
}
wait_for() { # SECONDS WHAT cmd...
  local n=$1 what=$2 i; shift 2
  for ((i = 0; i < n * 5; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "timed out waiting for $what (logs in $LOG)"
}
other_kubelet() { # a kubelet that is not ours (nor ours just stopped, a zombie until it is reaped)
  local p
  for p in $(pgrep -x kubelet 2>/dev/null); do
    [ -f "$RUN/kubelet.pid" ] && [ "$p" = "$(cat "$RUN/kubelet.pid")" ] && continue
    [ "$(awk '{print $3}' /proc/"$p"/stat 2>/dev/null)" = Z ] && continue
    echo "$p"; return 0
  done
  return 1
}

# ------------------------------------------------------------------------------------------------ PKI
gen_cert() { # name CN O(or -) client|server|both [SANs]  (signed by $CA, default ca)
  local n=$1 cn=$2 o=$3 kind=$4 sans=${5:-} subj eku ca=${CA:-ca}
  [ -s "$PKI/$n.crt" ] && return 0
  subj="/CN=$cn"; [ "$o" != - ] && subj="/O=$o/CN=$cn"
  case $kind in client) eku=clientAuth;; server) eku=serverAuth;; both) eku=serverAuth,clientAuth;; esac
  openssl genrsa -out "$PKI/$n.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$n.key" -subj "$subj" -out "$PKI/$n.csr" 2>/dev/null
  { echo "[v3]"; echo "basicConstraints=critical,CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"; [ -n "$sans" ] && echo "subjectAltName=$sans"; } >"$PKI/$n.ext"
  openssl x509 -req -in "$PKI/$n.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial -days 3650 \
    -extfile "$PKI/$n.ext" -extensions v3 -out "$PKI/$n.crt" 2>/dev/null
  rm -f "$PKI/$n.csr" "$PKI/$n.ext"
}
mk_kubeconfig() { # file user cert [server address: 127.0.0.1, in the namespace]
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $TAG
  cluster: {certificate-authority: $PKI/ca.crt, server: "https://${4:-127.0.0.1}:$API_PORT"}
users:
- name: $2
  user: {client-certificate: $PKI/$3.crt, client-key: $PKI/$3.key}
contexts:
- name: $2@$TAG
  context: {cluster: $TAG, user: $2, namespace: default}
current-context: $2@$TAG
EOF
  chmod 600 "$1"
}
pki() {
  local ca
  for ca in ca front-proxy-ca; do
    [ -s "$PKI/$ca.crt" ] && continue
    openssl genrsa -out "$PKI/$ca.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$PKI/$ca.key" -subj "/CN=$TAG-$ca" -days 3650 -out "$PKI/$ca.crt" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  done
  CA=front-proxy-ca gen_cert front-proxy-client front-proxy-client - client
  gen_cert apiserver kube-apiserver - server "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,DNS:$NODE_NAME,IP:127.0.0.1,IP:$NODE_IP,IP:$SVC_API_IP,IP:$NODE_VETH_IP"
  gen_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters client
  gen_cert admin admin system:masters client
  gen_cert kcm system:kube-controller-manager - client
  gen_cert scheduler system:kube-scheduler - client
  gen_cert kubelet "system:node:$NODE_NAME" system:nodes client
  gen_cert kubelet-serving "$NODE_NAME" - server "DNS:$NODE_NAME,DNS:localhost,IP:$NODE_IP,IP:127.0.0.1"
  gen_cert proxy system:kube-proxy - client
  if [ ! -s "$PKI/sa.key" ]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  chmod 600 "$PKI"/*.key
  mk_kubeconfig "$ETC/admin.kubeconfig" admin admin "$NODE_VETH_IP"   # for the host
  mk_kubeconfig "$ETC/kcm.kubeconfig" kcm kcm
  mk_kubeconfig "$ETC/scheduler.kubeconfig" scheduler scheduler
  mk_kubeconfig "$ETC/kubelet.kubeconfig" kubelet kubelet
  mk_kubeconfig "$ETC/proxy.kubeconfig" proxy proxy
}

# ------------------------------------------------------------------------------------------------ base images
base_images() {
  local B=$BUILD
  [ -s "$B/pause.tar" ] && [ -s "$B/busybox.tar" ] && return 0
  [ -x "$B/pause" ] || { gcc -Os -static -DVERSION=v3.4.1-kube-steps -o "$B/pause" "$BIN/pause.c" && strip "$B/pause"; }
  rm -rf "$B/oci" "$B/rootfs-pause" "$B/rootfs-busybox"
  mkdir -p "$B/rootfs-pause" "$B/rootfs-busybox/bin" "$B/rootfs-busybox/etc" "$B/rootfs-busybox/tmp"
  cp "$B/pause" "$B/rootfs-pause/pause"
  cp /bin/busybox "$B/rootfs-busybox/bin/busybox"
  local a; for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$B/rootfs-busybox/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$B/rootfs-busybox/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$B/rootfs-busybox/etc/group"
  chmod 1777 "$B/rootfs-busybox/tmp"
  umoci init --layout "$B/oci" >/dev/null
  umoci new --image "$B/oci:pause" && umoci insert --image "$B/oci:pause" "$B/rootfs-pause" / >/dev/null
  umoci config --image "$B/oci:pause" --config.entrypoint /pause --config.user 65535:65535 --os linux --architecture amd64
  umoci new --image "$B/oci:busybox" && umoci insert --image "$B/oci:busybox" "$B/rootfs-busybox" / >/dev/null
  umoci config --image "$B/oci:busybox" --config.cmd sh --os linux --architecture amd64 \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  skopeo copy -q --insecure-policy "oci:$B/oci:pause" "docker-archive:$B/pause.tar:k8s.local/pause:3.4.1"
  skopeo copy -q --insecure-policy "oci:$B/oci:busybox" "docker-archive:$B/busybox.tar:k8s.local/busybox:1.35"
  rm -rf "$B/oci" "$B/rootfs-pause" "$B/rootfs-busybox"
}

# ------------------------------------------------------------------------------------------------ up
up() {
  local why; why=$(problem) && [ -n "$why" ] && die "cannot run a node here: $why"
  if p=$(other_kubelet); then die "another kubelet runs on this machine (pid $p): one node per machine"; fi
  build
  [ -x "$BIN/kube-apiserver" ] || die "missing $BIN/kube-apiserver"
  mkdir -p "$PKI" "$ETC/cni/net.d" "$VAR" "$RUN/containerd" "$LOG" "$BUILD"
  pki
  base_images

  # containerd, on its own socket and state (not the machine's /run/containerd)
  cat >"$ETC/containerd.toml" <<EOF
version = 2
root = "$VAR/containerd"
state = "$RUN/containerd/state"
[grpc]
  address = "$CTR_SOCK"
[ttrpc]
  address = "$CTR_SOCK.ttrpc"
[debug]
  address = "$RUN/containerd/debug.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "k8s.local/pause:3.4.1"
  enable_selinux = false
  disable_apparmor = true
  # root here may lack CAP_SYS_RESOURCE: runc then cannot lower oom_score_adj below containerd's own
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "/usr/sbin/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$ETC/cni/net.d"
EOF
  cat >"$ETC/cni/net.d/10-$TAG.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "$TAG",
  "plugins": [
    { "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "$VAR/cni/networks",
                "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP", "rangeStart": "$POD_START" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF

  # sysctls the kubelet sets that are the host's whatever the network namespace (vm.*, kernel.*): saved once, before
  # anything runs; net.bridge.* too, which are the host's before Linux 5.3 (per namespace since)
  local SYSCTLS="vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables"
  if [ ! -f "$RUN/sysctl.saved" ]; then
    [ -e /proc/sys/net/bridge ] || modprobe br_netfilter 2>/dev/null || true
    for s in $SYSCTLS; do echo "$s $(cat "/proc/sys/$s" 2>/dev/null || echo -)"; done >"$RUN/sysctl.saved"
  fi

  # network: a namespace of its own joined to the host by one veth pair; in it the bridge is the node, and Service
  # IPs and pod traffic never leave it (no default route, and pods' packets are not forwarded off the bridge).
  # The control plane runs in it too rather than on the host: then pods reach the API server on the bridge, the
  # apiserver the kubelet there, and the only traffic over the pair is the host's own connections to 10.88.255.2
  # (replies come back on the pair's connected route): the host gets no route, no forwarding, no firewall rule.
  # whether /run/netns was there and a mount point before (`ip netns` and CNI may make it one; down undoes that)
  if [ ! -f "$RUN/netns.saved" ]; then
    if findmnt -rn /run/netns >/dev/null; then echo mounted; elif [ -d /run/netns ]; then echo -; else echo absent; fi \
      >"$RUN/netns.saved"
  fi
  if ! innet true 2>/dev/null; then
    mkdir -p /run/netns && rm -f "$NETNS_PATH" && : >"$NETNS_PATH"
    unshare --net="$NETNS_PATH" true || die "cannot make the network namespace $NETNS ($NETNS_PATH)"
    say "made the network namespace $NETNS"
  fi
  innet ip link set lo up
  ip link show "$VETH_HOST" >/dev/null 2>&1 || ip link add "$VETH_HOST" type veth peer name "$VETH_NODE" netns "$NETNS"
  ip addr replace "$HOST_VETH_IP/30" dev "$VETH_HOST" && ip link set "$VETH_HOST" up
  innet ip addr replace "$NODE_VETH_IP/30" dev "$VETH_NODE" && innet ip link set "$VETH_NODE" up
  innet ip link show "$BRIDGE" >/dev/null 2>&1 || innet ip link add "$BRIDGE" type bridge
  innet ip addr replace "$NODE_IP/16" dev "$BRIDGE" && innet ip link set "$BRIDGE" up
  innet ip route replace "$SVC_CIDR" dev "$BRIDGE"
  innet sh -c 'echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables' 2>/dev/null || true   # this namespace's
  innet iptables -C FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$TAG" -j DROP 2>/dev/null \
    || innet iptables -I FORWARD 1 -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$TAG" -j DROP
  start containerd "containerd --config $ETC/containerd.toml" containerd --config "$ETC/containerd.toml"

  # control plane
  mkdir -p "$VAR/etcd"
  start etcd "etcd --name $TAG" "$BIN/etcd" --name "$TAG" --data-dir "$VAR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$TAG=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" --log-level warn
  wait_for 30 etcd innet curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  start kube-apiserver "kube-apiserver.*secure-port=$API_PORT" "$BIN/kube-apiserver" \
    --advertise-address="$NODE_IP" --bind-address=0.0.0.0 --secure-port="$API_PORT" --insecure-port=0 \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SVC_CIDR" --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction,ServiceAccount --allow-privileged=true \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key"
  wait_for 60 kube-apiserver curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://$NODE_VETH_IP:$API_PORT/readyz"   # from the host, over the pair
  start kube-controller-manager "kube-controller-manager.*$ETC/kcm.kubeconfig" "$BIN/kube-controller-manager" \
    --kubeconfig="$ETC/kcm.kubeconfig" --authentication-kubeconfig="$ETC/kcm.kubeconfig" \
    --authorization-kubeconfig="$ETC/kcm.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 --leader-elect=false \
    --use-service-account-credentials=true --service-account-private-key-file="$PKI/sa.key" \
    --root-ca-file="$PKI/ca.crt" --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range="$SVC_CIDR" --cluster-cidr="$POD_CIDR" --allocate-node-cidrs=false \
    --controllers='*,bootstrapsigner,tokencleaner' --cluster-name="$TAG"
  start kube-scheduler "kube-scheduler.*$ETC/scheduler.kubeconfig" "$BIN/kube-scheduler" \
    --kubeconfig="$ETC/scheduler.kubeconfig" --authentication-kubeconfig="$ETC/scheduler.kubeconfig" \
    --authorization-kubeconfig="$ETC/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 --leader-elect=false

  # base images into containerd
  wait_for 30 containerd ctr --address "$CTR_SOCK" version
  ctrx images ls -q | grep -qx k8s.local/pause:3.4.1 || ctrx images import "$BUILD/pause.tar" >/dev/null
  ctrx images ls -q | grep -qx k8s.local/busybox:1.35 || ctrx images import "$BUILD/busybox.tar" >/dev/null
  ctrx images tag --force k8s.local/busybox:1.35 docker.io/library/busybox:1.35 >/dev/null

  # kubelet (1.20 writes container logs to /var/log/pods and /var/log/containers: ours are bind-mounted there)
  local d
  for d in pods containers; do
    mkdir -p "$VAR/log/$d" "/var/log/$d"
    findmnt -rn -o SOURCE "/var/log/$d" 2>/dev/null | grep -q "$LN" || mount --bind "$VAR/log/$d" "/var/log/$d"
  done
  mkdir -p "$VAR/kubelet"
  cat >"$ETC/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failSwapOn: false
address: $NODE_IP
port: $KUBELET_PORT
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
readOnlyPort: 0
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: AlwaysAllow}
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
serializeImagePulls: false
evictionHard: {memory.available: "100Mi", nodefs.available: "2%", imagefs.available: "2%", nodefs.inodesFree: "2%"}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
nodeStatusUpdateFrequency: 2s
nodeStatusReportFrequency: 1m
EOF
  start kubelet "kubelet --config=$ETC/kubelet.yaml" "$BIN/kubelet" --config="$ETC/kubelet.yaml" \
    --kubeconfig="$ETC/kubelet.kubeconfig" --root-dir="$VAR/kubelet" --cert-dir="$VAR/kubelet/pki" \
    --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
    --container-runtime=remote --container-runtime-endpoint="unix://$CTR_SOCK" --containerd="$CTR_SOCK" \
    --runtime-request-timeout=5m --pod-infra-container-image=k8s.local/pause:3.4.1 --oom-score-adj=0 -v=1
  start kube-proxy "kube-proxy --kubeconfig=$ETC/proxy.kubeconfig" "$BIN/kube-proxy" \
    --kubeconfig="$ETC/proxy.kubeconfig" --hostname-override="$NODE_NAME" --bind-address="$NODE_IP" \
    --proxy-mode=iptables --cluster-cidr="$POD_CIDR" --oom-score-adj=0 \
    --healthz-bind-address="127.0.0.1:$PROXY_HEALTHZ_PORT" --metrics-bind-address="127.0.0.1:$PROXY_METRICS_PORT" \
    --conntrack-max-per-core=0 --conntrack-min=0 \
    --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0

  cp "$ETC/admin.kubeconfig" "$LN/kubeconfig"
  wait_for 120 "node $NODE_NAME Ready" sh -c "kubectl --kubeconfig '$LN/kubeconfig' get node $NODE_NAME \
    -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  # the kubelet sets vm.overcommit_memory, kernel.panic, kernel.panic_on_oops once at start: put this machine's back
  grep -E '^(vm|kernel)/' "$RUN/sysctl.saved" | while read -r k v; do
    [ "$v" = - ] || echo "$v" >/proc/sys/"$k" 2>/dev/null || true
  done
  wait_for 60 "the default service account's token" sh -c \
    "kubectl --kubeconfig '$LN/kubeconfig' get sa default -o jsonpath='{.secrets[0].name}' | grep -q ."
  wait_for 60 "kube-proxy's rules for $SVC_API_IP" \
    innet sh -c "iptables-save -t nat | grep -q -- '-d $SVC_API_IP/32.*KUBE-SVC'"
  import_images quiet
  say "node up: KUBECONFIG=$LN/kubeconfig (https://$NODE_VETH_IP:$API_PORT); stop it with scripts/local-cluster.sh down"
  echo "$LN/kubeconfig"
}

# ------------------------------------------------------------------------------------------------ the tools' images
import_images() {
  local quiet=${1:-} tool tar name sum version
  alive containerd "containerd --config" || die "the node is not up (scripts/local-cluster.sh up)"
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
  mkdir -p "$RUN/images"
  for tool in apply get wait; do
    tar=$root/$tool-cli/target/jib-image.tar name=k8s-$tool:$version
    if [ ! -f "$tar" ]; then
      [ -n "$quiet" ] || die "no $tar: build the images first (./mvnw package)"
      continue
    fi
    sum=$(cksum <"$tar")
    if [ "$(cat "$RUN/images/k8s-$tool" 2>/dev/null)" = "$sum" ] && ctrx images ls -q | grep -qx "docker.io/library/$name"; then
      continue
    fi
    # the tarball is an OCI index of the amd64 and arm64 images (images/oci-index.sh); skopeo takes this machine's
    # platform's image into a docker-archive with the name in it, which containerd imports (cached by checksum)
    if [ "$(cat "$BUILD/k8s-$tool.sum" 2>/dev/null)" != "$sum" ] || [ ! -s "$BUILD/k8s-$tool.tar" ]; then
      rm -f "$BUILD/k8s-$tool.tar"
      skopeo copy -q --insecure-policy "oci-archive:$tar" "docker-archive:$BUILD/k8s-$tool.tar:$name"
      echo "$sum" >"$BUILD/k8s-$tool.sum"
    fi
    ctrx images import "$BUILD/k8s-$tool.tar" >/dev/null
    echo "$sum" >"$RUN/images/k8s-$tool"
    say "imported $name (from $tar)"
  done
}

# ------------------------------------------------------------------------------------------------ down
pid_of() { alive "$1" "$2" && cat "$RUN/$1.pid"; }
stop() { # NAME:MATCH...: SIGTERM, up to 10 s, then SIGKILL
  local spec name match pid pids=() names=() i j alive_any
  for spec in "$@"; do
    name=${spec%%:*} match=${spec#*:}
    if pid=$(pid_of "$name" "$match"); then kill -TERM "$pid" 2>/dev/null; pids+=("$pid"); names+=("$name"); fi
    rm -f "$RUN/$name.pid"
  done
  for ((i = 0; i < 100; i++)); do
    alive_any=0
    for pid in "${pids[@]}"; do
      [ -e /proc/"$pid" ] && [ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ] && alive_any=1
    done
    [ $alive_any = 0 ] && break; sleep 0.1
  done
  for j in "${!pids[@]}"; do
    pid=${pids[$j]}
    if [ -e /proc/"$pid" ] && [ "$(awk '{print $3}' /proc/"$pid"/stat 2>/dev/null)" != Z ]; then
      kill -KILL "$pid" 2>/dev/null; say "${names[$j]} ($pid) killed"
    else say "stopped ${names[$j]}"; fi
  done
}
down() {
  [ -d "$RUN" ] || { say "nothing to stop"; [ "${1:-}" != --purge ] || rm -rf "$LN"; return 0; }
  set +e
  # 1. pods first, through the kubelet (CNI DEL: veths, netns, IPs)
  if alive kubelet "kubelet --config=" && alive kube-apiserver kube-apiserver; then
    stop kube-controller-manager:kube-controller-manager
    if kc delete pods --all -A --wait=false --grace-period=1 >/dev/null 2>&1; then
      for ((i = 0; i < 100; i++)); do
        [ "$(ctrx tasks ls -q 2>/dev/null | wc -l)" = 0 ] && break; sleep 0.3
      done
    fi
  fi
  # 2. node agents and control plane
  stop "kube-proxy:kube-proxy --kubeconfig=" "kubelet:kubelet --config=" kube-scheduler:kube-scheduler \
    kube-controller-manager:kube-controller-manager kube-apiserver:kube-apiserver
  stop "etcd:etcd --name $TAG"
  # 3. containers left behind, containerd, its shims (found by our socket in their command line)
  if alive containerd "containerd --config"; then
    for t in $(ctrx tasks ls -q 2>/dev/null); do ctrx tasks kill -s SIGKILL "$t" >/dev/null 2>&1; done
    sleep 0.5
    for t in $(ctrx tasks ls -q 2>/dev/null); do ctrx tasks delete -f "$t" >/dev/null 2>&1; done
  fi
  stop "containerd:containerd --config"
  for p in $(pgrep -f containerd-shim 2>/dev/null); do
    tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | grep -q -- "$CTR_SOCK" && kill -KILL "$p" 2>/dev/null
  done
  # 4. mounts under our state, our /var/log bind mounts, our pods' network namespaces (theirs, not children of the
  #    node's: found by their address, while their veth still joins them to the node's bridge)
  findmnt -rn -o TARGET | grep "^$LN/" | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  for m in /var/log/containers /var/log/pods; do
    findmnt -rn -o SOURCE "$m" 2>/dev/null | grep -q "$LN" && umount "$m"
  done
  # shellcheck disable=SC2010 # netns names (cni-<uuid>) have no blanks or glob characters; no /run/netns lists none
  for ns in $(ls /run/netns 2>/dev/null | grep '^cni-'); do
    ip netns exec "$ns" ip -4 addr 2>/dev/null | grep -q "inet ${NODE_IP%.*}\." && ip netns delete "$ns" 2>/dev/null
  done
  # 5. the kubelet's empty cgroups (cgroupfs driver), unless another kubelet uses them
  if ! other_kubelet >/dev/null; then
    for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
      [ -d "$h/kubepods" ] && find "$h/kubepods" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  fi
  # 6. network: the namespace, and with it the pair, the bridge, the pods' veths, the routes, the iptables rules and
  #    its sysctls. Any process still in it was started by up (nothing else runs there): killed first, else it
  #    would keep the namespace, and the pair, alive
  if [ -e "$NETNS_PATH" ]; then
    left=$(ip netns pids "$NETNS" 2>/dev/null | tr '\n' ' ')
    if [ -n "${left// /}" ]; then
      # shellcheck disable=SC2086 # a list of pids
      kill -KILL $left 2>/dev/null; say "killed what was left in the namespace $NETNS (pids $left)"; sleep 0.3
    fi
    ip netns delete "$NETNS" && say "deleted the network namespace $NETNS"
  fi
  rm -f "$NETNS_PATH"
  for ((i = 0; i < 50; i++)); do ip link show "$VETH_HOST" >/dev/null 2>&1 || break; sleep 0.1; done
  if ip link show "$VETH_HOST" >/dev/null 2>&1; then   # the namespace outlives its name (held open): cut the pair
    ip link delete "$VETH_HOST" && say "warning: the namespace $NETNS was still held; deleted $VETH_HOST"
  fi
  # /run/netns as it was, when it is empty: `ip netns` and CNI may make it a mount point, and up may make it
  netns_was=$(cat "$RUN/netns.saved" 2>/dev/null)
  if [ -d /run/netns ] && [ -z "$(ls -A /run/netns 2>/dev/null)" ] && [ -n "$netns_was" ]; then
    [ "$netns_was" = mounted ] || ! findmnt -rn /run/netns >/dev/null || umount /run/netns
    [ "$netns_was" != absent ] || rmdir /run/netns
  fi
  # 7. sysctls (the host's ones the kubelet sets; the namespace's went with it)
  if [ -f "$RUN/sysctl.saved" ]; then
    while read -r k v; do [ "$v" = - ] || echo "$v" >/proc/sys/"$k" 2>/dev/null; done <"$RUN/sysctl.saved"
    say "sysctls restored"
  fi
  # 8. state; the images made from packages and tarballs stay in $BUILD for the next up (--purge removes them too)
  if [ "${1:-}" = --purge ]; then rm -rf "$LN"; say "down: removed $LN"
  else find "$LN" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +; say "down: removed $LN (but $BUILD)"; fi
  set -e
}

status() {
  local n ok=0
  for n in containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
    if [ -f "$RUN/$n.pid" ] && kill -0 "$(cat "$RUN/$n.pid")" 2>/dev/null; then echo "$n running (pid $(cat "$RUN/$n.pid"))"
    else echo "$n stopped"; ok=1; fi
  done
  return $ok
}

# one up, down or import at a time (two checkouts may share the node)
lock() { mkdir -p "$(dirname "$LN")"; exec 8>"$LN.lock"; flock 8; }
case ${1:-} in
  up) lock; up ;;
  down) lock; down "${2:-}" ;;
  import-images) lock; import_images ;;
  kubeconfig)
    # shellcheck disable=SC2015 # die is meant when either test fails, not an if-then-else
    alive kube-apiserver kube-apiserver && [ -f "$LN/kubeconfig" ] || die "the node is not up (scripts/local-cluster.sh up)"
    echo "$LN/kubeconfig" ;;
  status) status ;;
  check) why=$(problem); [ -z "$why" ] || { echo "$why"; exit 1; } ;;
  build) why=$(problem); [ -z "$why" ] || die "cannot run a node here: $why"; build ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
