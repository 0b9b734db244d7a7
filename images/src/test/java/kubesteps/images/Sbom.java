package kubesteps.images;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A CycloneDX bill of materials (JSON), read for what a test looks up in it. */
record Sbom(Map<String, Object> json) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @SuppressWarnings("unchecked")
  static Sbom parse(String text) {
    return new Sbom(JSON.unmarshal(text, Map.class));
  }

  String format() {
    return String.valueOf(json.get("bomFormat"));
  }

  /** The components, with the described one itself (metadata.component: the tool's own module). */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> components() {
    List<Map<String, Object>> all = new ArrayList<>();
    Object listed = json.get("components");
    if (listed != null) all.addAll((List<Map<String, Object>>) listed);
    Object metadata = json.get("metadata");
    if (metadata instanceof Map<?, ?> m && m.get("component") instanceof Map<?, ?> c) {
      all.add((Map<String, Object>) c);
    }
    return all;
  }

  /** Whether a component is the jar of that file name (NAME-VERSION.jar, as Maven and Jib name it). */
  boolean namesJar(String fileName) {
    return components().stream().anyMatch(c -> fileName.equals(c.get("name") + "-" + c.get("version") + ".jar")
        && String.valueOf(c.get("purl")).startsWith("pkg:maven/"));
  }

  /** Whether a component is that Debian package, by name, version and architecture (its package URL). */
  boolean namesDebianPackage(String name, String version, String arch) {
    return components().stream().anyMatch(c -> name.equals(c.get("name")) && version.equals(c.get("version"))
        && String.valueOf(c.get("purl")).startsWith("pkg:deb/debian/" + name + "@")
        && String.valueOf(c.get("purl")).contains("arch=" + arch));
  }
}
