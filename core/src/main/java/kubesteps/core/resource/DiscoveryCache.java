package kubesteps.core.resource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * kubectl's on-disk discovery cache, same place and same files, so that repeated runs (and kubectl) skip discovery:
 * {@code $KUBECACHEDIR} or {@code ~/.kube/cache}, then {@code discovery/<host_port>/servergroups.json} (the
 * APIGroupList of {@code /apis}) and {@code discovery/<host_port>/<group>/<version>/serverresources.json} (an
 * APIResourceList; the core group as {@code v1}). Entries older than the TTL (kubectl's 6 hours) are not used.
 * Best effort: a folder that cannot be read or written (a read-only image) means no cache, never an error.
 */
public final class DiscoveryCache {
  /** kubectl's default time to live for discovery data. */
  public static final Duration TTL = Duration.ofHours(6);
  private static final Pattern UNSAFE = Pattern.compile("[^(\\w/.)]");

  private final Path dir;
  private final Duration ttl;

  /** A cache in {@code dir} (the host's own folder); null dir: none. */
  public DiscoveryCache(Path dir, Duration ttl) {
    this.dir = dir;
    this.ttl = ttl;
  }

  /** No cache: every run asks the server. */
  public static DiscoveryCache none() {
    return new DiscoveryCache(null, Duration.ZERO);
  }

  /** kubectl's cache folder for the server at {@code masterUrl}, or none when disabled or there is no home. */
  public static DiscoveryCache forServer(String masterUrl) {
    if ("off".equals(System.getenv("KUBE_STEPS_DISCOVERY_CACHE"))) return none();
    String base = System.getenv("KUBECACHEDIR");
    Path root;
    if (base != null && !base.isEmpty()) {
      root = Path.of(base);
    } else {
      String home = System.getProperty("user.home");
      if (home == null || home.isEmpty() || home.equals("?")) return none();
      root = Path.of(home, ".kube", "cache");
    }
    return new DiscoveryCache(root.resolve("discovery").resolve(hostFolder(masterUrl)), TTL);
  }

  /** As client-go's computeDiscoverCacheDir: the URL without its scheme, anything unusual as '_'. */
  static String hostFolder(String masterUrl) {
    String host = masterUrl;
    try {
      URI u = URI.create(masterUrl);
      if (u.getScheme() != null) host = masterUrl.substring(u.getScheme().length() + 3);
    } catch (IllegalArgumentException ignored) {
      // keep it as written
    }
    while (host.endsWith("/")) host = host.substring(0, host.length() - 1);
    return UNSAFE.matcher(host).replaceAll("_");
  }

  /** The APIGroupList JSON of {@code /apis}, or null. */
  String groups() {
    return read(groupsFile());
  }

  void putGroups(String json) {
    write(groupsFile(), json);
  }

  /** The APIResourceList JSON of a group version, or null. */
  String resources(String groupVersion) {
    return read(resourcesFile(groupVersion));
  }

  void putResources(String groupVersion, String json) {
    write(resourcesFile(groupVersion), json);
  }

  /** Drops what is kept about a group version and the group list (e.g. after a CRD was created or a miss). */
  void forget(String groupVersion) {
    delete(groupsFile());
    if (groupVersion != null) delete(resourcesFile(groupVersion));
  }

  private Path groupsFile() {
    return dir == null ? null : dir.resolve("servergroups.json");
  }

  private Path resourcesFile(String groupVersion) {
    if (dir == null || groupVersion.contains("..")) return null;
    return dir.resolve(groupVersion).resolve("serverresources.json");
  }

  private String read(Path f) {
    if (f == null) return null;
    try {
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis();
      if (age < 0 || age > ttl.toMillis()) return null;
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private void write(Path f, String json) {
    if (f == null || json == null) return;
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), "." + f.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      // not writable (read-only image, no home): no cache
    }
  }

  private static void delete(Path f) {
    if (f == null) return;
    try {
      Files.deleteIfExists(f);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
