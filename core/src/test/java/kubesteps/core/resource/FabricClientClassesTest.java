package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The build leaves out fabric8 model jars of API groups the tools never bind to classes (the parent pom.xml).
 * Reflection over a client class (Jackson does it, e.g. for BaseOperation's list type) resolves every type its
 * declarations name, so each client class the tools can reach must name no type of a jar left out. Only the typed DSL
 * entry points of API groups (client.network(), client.rbac()..., which the tools never call) are exempt.
 */
class FabricClientClassesTest {
  /** Reached only through the typed DSL of one API group, or features the tools do not use. */
  private static final Pattern UNREACHED = Pattern.compile(".*(APIGroupDSL|APIGroupClient|DynamicResourceAllocationAPIGroup"
      + "|MetricOperation|MetricOperationsImpl|LegacyRollableScalableResourceOperation|URLFromServiceUtil).*"
      + "|.*\\.extended\\.leaderelection\\..*");

  @Test
  void everyReachableClientClassResolvesAgainstTheKeptModelJars() throws Exception {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Class<?> inJar : List.of(KubernetesClient.class, KubernetesClientImpl.class, JdkHttpClientFactory.class)) {
      Path jar = Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (var e : java.util.Collections.list(zip.entries())) {
          String n = e.getName();
          if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) continue;
          String name = n.substring(0, n.length() - 6).replace('/', '.');
          if (UNREACHED.matcher(name).matches()) continue;
          checked++;
          try {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            c.getGenericSuperclass();
            c.getGenericInterfaces();
            for (var f : c.getDeclaredFields()) f.getGenericType();
            for (var k : c.getDeclaredConstructors()) k.getGenericParameterTypes();
            for (Method m : c.getDeclaredMethods()) {
              m.getGenericReturnType();
              m.getGenericParameterTypes();
            }
          } catch (LinkageError | TypeNotPresentException | ClassNotFoundException ex) {
            broken.add(name + ": " + ex);
          }
        }
      }
    }
    assertTrue(checked > 300, "client classes checked: " + checked);
    assertEquals(List.of(), broken);
  }
}
