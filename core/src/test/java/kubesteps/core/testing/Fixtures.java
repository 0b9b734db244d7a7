package kubesteps.core.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import kubesteps.core.resource.ObjectMaps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Clients and cluster fixtures for tests against a real API server. */
public final class Fixtures {
  /** The Spark operator's SparkApplication, as crds/sparkapplications.yaml defines it. */
  public static final ResourceDefinitionContext SPARK = new ResourceDefinitionContext.Builder()
      .withGroup("sparkoperator.k8s.io").withVersion("v1beta2").withKind("SparkApplication")
      .withPlural("sparkapplications").withNamespaced(true).build();

  private Fixtures() {}

  /** Creates a SparkApplication as the Spark Pi example has it (no status: the operator has not seen it yet). */
  public static GenericKubernetesResource createSparkApplication(KubernetesClient client, String namespace,
      String name) {
    GenericKubernetesResource r = ObjectMaps.serialization().unmarshal("""
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: %s, namespace: %s}
        spec: {type: Scala, mode: cluster, mainClass: org.apache.spark.examples.SparkPi}
        """.formatted(name, namespace), GenericKubernetesResource.class);
    return client.genericKubernetesResources(SPARK).inNamespace(namespace).resource(r).create();
  }

  /** Plays the operator: writes {@code status} (YAML) through the status subresource, as a controller does. */
  public static void setStatus(KubernetesClient client, ResourceDefinitionContext type, String namespace, String name,
      String statusYaml) {
    var op = client.genericKubernetesResources(type).inNamespace(namespace);
    GenericKubernetesResource r = op.withName(name).get();
    r.setAdditionalProperty("status", ObjectMaps.parse(statusYaml));
    op.resource(r).updateStatus();
  }

  public static KubernetesClient client(String kubeconfigYaml) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  public static String resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalArgumentException("no test resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs the SparkApplication CRD (sparkoperator.k8s.io/v1beta2, short name sparkapp) and waits until served. */
  public static void installSparkApplicationCrd(KubernetesClient client) {
    CustomResourceDefinition crd = client.getKubernetesSerialization()
        .unmarshal(resource("/crds/sparkapplications.yaml"), CustomResourceDefinition.class);
    client.resource(crd).serverSideApply();
    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30, TimeUnit.SECONDS);
  }

  public static void createNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
  }

  /**
   * Polls {@code condition} every 50 ms until it holds; after {@code seconds}, fails with {@code soFar} (what the
   * test has seen until then, for the failure message).
   */
  public static void waitUntil(int seconds, java.util.function.BooleanSupplier condition,
      java.util.function.Supplier<String> soFar) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("not seen in " + seconds + "s; " + soFar.get());
      Thread.sleep(50);
    }
  }
}
