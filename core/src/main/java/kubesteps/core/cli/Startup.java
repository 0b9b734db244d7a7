package kubesteps.core.cli;

/**
 * Start-up tuning that reaches into picocli's, fabric8's or the JDK's internals, in one place so that the domain code
 * reads without it (README "Speed"; each measured with bench/). {@link Warmup} is the other half: work done ahead on
 * another core. Should an internal change, each of these does nothing and the tools start as without it.
 */
final class Startup {
  private Startup() {}

  /**
   * picocli's start-up work the tools do not need (a seventh of a short command's start-up before this): looking for
   * Groovy's Closure class and registering java.sql and java.time converters by reflection, each a class lookup that
   * mostly fails with an exception. The tools' own converters parse durations; their commands declare no method
   * subcommands ({@code addMethodSubcommands = false}).
   */
  static void lightPicocli() {
    if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
    }
  }

  /**
   * fabric8 reads the kubeconfig with its static default serialization, which first loads every model class of the
   * 30 model jars (some 3000 classes, a third of the start-up) to map kinds to classes: the tools read objects as
   * GenericKubernetesResource and never use that map. An empty map in its place skips the scan; should fabric8's
   * internals change, nothing is skipped and nothing else changes.
   */
  static void skipModelClassScan() {
    try {
      Class<?> d = Class.forName("io.fabric8.kubernetes.internal.KubernetesDeserializer");
      java.lang.reflect.Field f = d.getDeclaredField("DEFAULT_MAPPING");
      f.setAccessible(true);
      synchronized (d) {
        if (f.get(null) == null) {
          java.lang.reflect.Constructor<?> empty =
              Class.forName("io.fabric8.kubernetes.internal.KubernetesDeserializer$Mapping").getDeclaredConstructor();
          empty.setAccessible(true);
          f.set(null, empty.newInstance());
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // another fabric8: it scans, as it would anyway
    }
  }

  /**
   * At exit the JVM waits up to 300 ms for threads that are in native code (HotSpot's VM_Exit), and the JDK HTTP
   * client's selector thread always is (in epoll_wait): a third of a short run. Java 17's HttpClient has no close();
   * its selector loop ends when interrupted, so interrupt it and give it a moment to leave.
   */
  static void stopHttpSelectors() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) root = root.getParent();
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t != Thread.currentThread() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        try {
          t.join(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
