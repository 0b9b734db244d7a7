package kubesteps.images;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An image as Jib's {@code jib:buildTar} writes it (an OCI layout: {@code index.json}, {@code blobs/sha256/...}),
 * already unpacked from its tarball into {@code dir}: the one manifest, its config and its layer files in order.
 */
record OciLayout(Path dir, Map<String, Object> manifest, Map<String, Object> config) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static OciLayout read(Path dir) throws IOException {
    Map<String, Object> index = json(dir.resolve("index.json"));
    List<Map<String, Object>> manifests = list(index.get("manifests"));
    if (manifests.size() != 1) throw new IllegalStateException(dir + ": expected one manifest, got " + manifests);
    Map<String, Object> manifest = json(blob(dir, (String) manifests.get(0).get("digest")));
    Map<String, Object> config = json(blob(dir, (String) map(manifest.get("config")).get("digest")));
    return new OciLayout(dir, manifest, config);
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

  private static Path blob(Path dir, String digest) {
    String[] parts = digest.split(":", 2);
    return dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Path file) throws IOException {
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
