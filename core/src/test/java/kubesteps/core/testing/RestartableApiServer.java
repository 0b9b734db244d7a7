package kubesteps.core.testing;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.EtcdProcess;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import java.util.List;

/**
 * etcd and a real kube-apiserver (kube-api-test's processes) whose API server a test can kill and start again while
 * etcd and its data stay, as in a control plane upgrade. A new API server listens on a new port: the tools reach it
 * through a {@link FaultProxy} in front, which this points at each new server, so their kubeconfig stays valid.
 */
public final class RestartableApiServer implements AutoCloseable {
  private final KubeAPIServerConfig config;
  private final BinaryManager binaries;
  private final CertManager certs;
  private final EtcdProcess etcd;
  private final int etcdPort;
  private final FaultProxy proxy;
  private KubeAPIServerProcess apiServer;
  private int port;

  public RestartableApiServer(String version, List<String> flags) {
    config = KubeAPIServerConfigBuilder.anAPIServerConfig().withApiServerVersion(version).withApiServerFlags(flags)
        .withUpdateKubeConfig(false).build();
    binaries = new BinaryManager(config);
    binaries.initAndDownloadIfRequired();
    certs = new CertManager(config.getKubeAPITestDir());
    certs.createCertificatesIfNeeded();
    etcd = new EtcdProcess(binaries, p -> { }, true, config.getStartupTimeout());
    etcdPort = etcd.startEtcd();
    startApiServer();
    proxy = new FaultProxy("127.0.0.1", port);
  }

  private void startApiServer() {
    apiServer = new KubeAPIServerProcess(certs, binaries, p -> { }, config);
    port = apiServer.startApiServer(etcdPort);
    apiServer.waitUntilReady();
  }

  /** Kills the API server (SIGKILL); etcd keeps running. */
  public void kill() {
    apiServer.stopApiServer();
  }

  /** Starts a new API server on the same etcd and waits until it is ready; the proxy forwards to it from now. */
  public void start() {
    startApiServer();
    proxy.upstream(port);
  }

  /** A kubeconfig for the API server as it is now (its own port: for the test's client, made after each start). */
  public String directKubeconfig() {
    return new KubeConfig(certs, binaries).generateKubeConfigYaml(port);
  }

  /** A kubeconfig that reaches every API server this starts, through the proxy. */
  public String kubeconfig() {
    return proxy.kubeconfig(directKubeconfig());
  }

  public FaultProxy proxy() {
    return proxy;
  }

  @Override
  public void close() {
    proxy.close();
    apiServer.stopApiServer();
    etcd.stopEtcd();
    etcd.cleanEtcdData();
  }
}
