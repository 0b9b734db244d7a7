package kubesteps.apply;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kubesteps.core.cli.Environment;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.Parity;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s-apply beside {@code kubectl apply --server-side}: every line of parity/k8s-apply.txt run through both against the
 * same real API server. Each side starts from the same state: before it, the objects in the suite's namespaces are
 * deleted and the line's {@code given:} steps are made again (so kubectl's run leaves nothing the tool's run sees);
 * stdout, stderr's first line and success compared, with what two fresh objects cannot share (uid, resourceVersion,
 * creationTimestamp, a Service's cluster IP) made equal.
 *
 * <p>A line's leading {@code given:} steps, each before each side: {@code given:create:FILE} ({@code kubectl create}),
 * {@code given:csa:FILE} (client-side {@code kubectl apply}), {@code given:manager=NAME:FILE} ({@code kubectl apply
 * --server-side --field-manager=NAME}), all in the line's namespace; {@code given:again} runs the line itself once
 * first, through the same side (its second run is compared). {@code < FILE} at the end is standard input. Files are
 * parity/apply/ on the test class path.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class KubectlParityIT {
  static final List<String> NAMESPACES = List.of("parity", "parity-b", "default");
  private static final Pattern VARYING = Pattern.compile(
      "(\"?(?:creationTimestamp|resourceVersion|uid)\"?:\\s*)(\"[^\"]*\"|\\S+)");
  private static final Pattern IP = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static Path kubeconfig;
  static Path files;

  @BeforeAll
  static void setUp() throws URISyntaxException {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.withNamespace(kubeconfigYaml, "default");
    files = Path.of(KubectlParityIT.class.getResource("/parity/apply/cm.yaml").toURI()).getParent();
    Fixtures.createNamespace(client, "parity");
    Fixtures.createNamespace(client, "parity-b");
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static Parity.Run tool(Parity.Invocation invocation) {
    ApplyCommand cmd = new ApplyCommand();
    byte[] in = invocation.stdin() == null ? new byte[0] : invocation.stdin().getBytes(StandardCharsets.UTF_8);
    cmd.environment = new Environment(new ByteArrayInputStream(in), Map.of(), null);
    CommandRun r = CommandRun.run(cmd, invocation.args().toArray(String[]::new));
    return new Parity.Run(r.code(), r.out(), r.err());
  }

  /** Fresh objects before each side, the given steps, files found, stdin read; uids and versions made equal. */
  static final class FreshObjects implements Parity.Hooks {
    @Override
    public Parity.Invocation prepare(Parity.Line line, boolean kubectlSide) {
      for (String ns : NAMESPACES) {
        client.configMaps().inNamespace(ns).delete();
        client.secrets().inNamespace(ns).delete();
        client.serviceAccounts().inNamespace(ns).delete();
        client.services().inNamespace(ns).list().getItems().stream()
            .filter(s -> !"kubernetes".equals(s.getMetadata().getName()))
            .forEach(s -> client.services().inNamespace(ns).resource(s).delete());
      }
      List<String> args = new ArrayList<>(line.args());
      List<String> given = new ArrayList<>();
      while (!args.isEmpty() && args.get(0).startsWith("given:")) given.add(args.remove(0).substring(6));
      String stdin = null;
      int lt = args.indexOf("<");
      if (lt >= 0) {
        stdin = read(files.resolve(args.get(lt + 1)));
        args = new ArrayList<>(args.subList(0, lt));
      }
      args = withFiles(args);
      String ns = namespace(args);
      for (String g : given) {
        if (g.equals("again")) {
          if (kubectlSide) {
            List<String> k = new ArrayList<>(List.of("apply", "--server-side"));
            k.addAll(args);
            Parity.kubectl(kubeconfig, k, stdin);
          } else {
            List<String> t = new ArrayList<>(args);
            t.add("--kubeconfig=" + kubeconfig);
            tool(new Parity.Invocation(t, stdin));
          }
          continue;
        }
        int colon = g.lastIndexOf(':');
        String how = g.substring(0, colon);
        String file = files.resolve(g.substring(colon + 1)).toString();
        List<String> k = switch (how) {
          case "create" -> List.of("create", "-n", ns, "-f", file);
          case "csa" -> List.of("apply", "-n", ns, "-f", file);
          default -> {
            if (!how.startsWith("manager=")) throw new IllegalArgumentException("line " + line.number() + ": " + g);
            yield List.of("apply", "--server-side", "--field-manager=" + how.substring(8), "-n", ns, "-f", file);
          }
        };
        Kubectl.Result r = Kubectl.run(kubeconfig, Map.of(), k.toArray(String[]::new));
        if (!r.ok()) throw new AssertionError("line " + line.number() + ": given " + g + ": " + r);
      }
      return new Parity.Invocation(args, stdin);
    }

    @Override
    public String normalize(String text) {
      return IP.matcher(VARYING.matcher(text).replaceAll("$1X")).replaceAll("IP");
    }
  }

  /** The values of -f, --filename (and =) that name a file of the suite, as its path. */
  static List<String> withFiles(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if ((a.equals("-f") || a.equals("--filename")) && i + 1 < args.size()) {
        out.add(a);
        out.add(file(args.get(++i)));
      } else if (a.startsWith("--filename=") || a.startsWith("-f=")) {
        int eq = a.indexOf('=');
        out.add(a.substring(0, eq + 1) + file(a.substring(eq + 1)));
      } else {
        out.add(a);
      }
    }
    return out;
  }

  private static String file(String name) {
    Path p = files.resolve(name);
    return name.equals("-") || !Files.exists(p) ? name : p.toString();
  }

  private static String namespace(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if ((a.equals("-n") || a.equals("--namespace")) && i + 1 < args.size()) return args.get(i + 1);
      if (a.startsWith("--namespace=")) return a.substring(12);
    }
    return "default";
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyLineAsKubectlOrMarkedAsADeliberateDifference() {
    Parity.assertAsKubectl("/parity/k8s-apply.txt", KubectlParityIT::tool, kubeconfig, "apply --server-side", 30,
        new FreshObjects());
  }
}
