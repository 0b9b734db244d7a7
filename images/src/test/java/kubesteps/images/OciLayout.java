package kubesteps.images;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One platform's image of a tool's {@code target/jib-image.tar} (an OCI layout: {@code index.json},
 * {@code blobs/sha256/...}; images/oci-index.sh writes it: {@code index.json} names one image index, which names a
 * manifest per platform), already unpacked from its tarball into {@code dir}: that platform's manifest, its config
 * and its layer files in order.
 */
record OciLayout(Path dir, String architecture, Map<String, Object> manifest, Map<String, Object> config) {
  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The image for linux/ARCHITECTURE ({@code amd64}, {@code arm64}). */
  static OciLayout read(Path dir, String architecture) throws IOException {
    for (Map<String, Object> d : platformManifests(dir)) {
      Map<String, Object> platform = map(d.get("platform"));
      if (architecture.equals(platform.get("architecture")) && "linux".equals(platform.get("os"))) {
        Map<String, Object> manifest = json(blob(dir, (String) d.get("digest")));
        Map<String, Object> config = json(blob(dir, (String) map(manifest.get("config")).get("digest")));
        return new OciLayout(dir, architecture, manifest, config);
      }
    }
    throw new IllegalStateException(dir + ": no linux/" + architecture + " image in " + platformManifests(dir));
  }

  /** The one image index {@code index.json} names. */
  static Map<String, Object> imageIndexDescriptor(Path dir) throws IOException {
    List<Map<String, Object>> top = list(json(dir.resolve("index.json")).get("manifests"));
    if (top.size() != 1) throw new IllegalStateException(dir + ": expected one image index, got " + top);
    return top.get(0);
  }

  /** The descriptors of the index's manifests, each with its {@code platform}. */
  static List<Map<String, Object>> platformManifests(Path dir) throws IOException {
    Map<String, Object> top = imageIndexDescriptor(dir);
    if (!INDEX.equals(top.get("mediaType"))) throw new IllegalStateException(dir + ": not an image index: " + top);
    return list(json(blob(dir, (String) top.get("digest"))).get("manifests"));
  }

  /** Digests of the layers, bottom first. */
  List<String> layerDigests() {
    return list(manifest.get("layers")).stream().map(l -> (String) l.get("digest")).toList();
  }

  List<Long> layerSizes() {
    return list(manifest.get("layers")).stream().map(l -> ((Number) l.get("size")).longValue()).toList();
  }

  List<Path> layerFiles() {
    return layerDigests().stream().map(d -> blob(dir, d)).toList();
  }

  /** The container config ({@code Entrypoint}, {@code User}, {@code WorkingDir}, {@code Env}, {@code Labels}). */
  Map<String, Object> container() {
    return map(config.get("config"));
  }

  @SuppressWarnings("unchecked")
  List<String> strings(String key) {
    Object v = container().get(key);
    return v == null ? List.of() : (List<String>) v;
  }

  @SuppressWarnings("unchecked")
  Map<String, String> labels() {
    Object v = container().get("Labels");
    return v == null ? Map.of() : (Map<String, String>) v;
  }

  static Path blob(Path dir, String digest) {
    String[] parts = digest.split(":", 2);
    return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Path file) throws IOException {
    return JSON.unmarshal(Files.readString(file), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
