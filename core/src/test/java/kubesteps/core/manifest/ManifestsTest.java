package kubesteps.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.Trees;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Table-driven: each {@code manifests/cases/NAME.yaml|json} is parsed and compared with {@code NAME.expected}: one line
 * per object ({@code apiVersion Kind/name file:line:col doc=N}), or the one error line.
 */
class ManifestsTest {
  @TempDir Path tmp;

  static Path cases() throws URISyntaxException {
    return Path.of(ManifestsTest.class.getResource("/manifests/cases").toURI());
  }

  @TestFactory
  Stream<DynamicTest> parsesEveryCase() throws Exception {
    List<Path> inputs;
    try (Stream<Path> s = Files.list(cases())) {
      inputs = s.filter(p -> !p.toString().endsWith(".expected")).sorted().toList();
    }
    return inputs.stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
      String name = input.getFileName().toString();
      String expected = Files.readString(input.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".expected"));
      assertEquals(expected, summary(Files.readString(input), name));
    }));
  }

  static String summary(String text, String name) {
    try {
      return Manifests.parse(text, name).stream()
          .map(m -> m.apiVersion() + " " + m.describe() + " " + m.where() + " doc=" + m.document() + "\n")
          .collect(Collectors.joining());
    } catch (StepException e) {
      assertEquals(ExitCode.INVALID_INPUT, e.code());
      return "error: " + e.getMessage() + "\n";
    }
  }

  @Test
  void keepsTheObjectAsWritten() {
    Manifest m = Manifests.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\n"
        + "  labels: {app: x}\ndata:\n  n: \"1\"\n  flag: \"true\"\n", "f").get(0);
    assertEquals("ns", m.namespace());
    assertEquals("x", Trees.at(m.object(), "metadata", "labels", "app"));
    assertEquals("1", Trees.at(m.object(), "data", "n"));
    assertEquals("true", Trees.at(m.object(), "data", "flag"));
  }

  @Test
  void theObjectIsAPlainTreeWithMetadataInTheShapeTheServerTakes() {
    Manifest m = Manifests.parse("kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n  labels: {n: 1, b: true}\n"
        + "data: {k: v}\n", "f").get(0);
    assertEquals(List.of("kind", "apiVersion", "metadata", "data"), List.copyOf(m.object().keySet()), "as written");
    assertEquals(Map.of("n", "1", "b", "true"), Trees.at(m.object(), "metadata", "labels"),
        "label values as text, as the server takes them");
    assertEquals("error: f:1:1: ConfigMap: metadata.labels: wrong type (found array)\n",
        summary("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [x]\n", "f"));
    assertEquals("error: f:1:1: ConfigMap: metadata.labels.a: wrong type (found array)\n",
        summary("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {a: [x]}\n", "f"));
  }

  @Test
  void readsFilesFoldersInNameOrderAndStdin() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    Files.writeString(dir.resolve("b.yml"), cm("b"));
    Files.writeString(dir.resolve("a.yaml"), cm("a"));
    Files.writeString(dir.resolve("c.json"), "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
    Files.writeString(dir.resolve("notes.txt"), "not a manifest");
    Path single = Files.writeString(tmp.resolve("single.yaml"), cm("s"));
    InputStream stdin = new ByteArrayInputStream(cm("in").getBytes(StandardCharsets.UTF_8));
    List<Manifest> all = Manifests.read(List.of(single.toString(), "-", dir.toString()), stdin);
    assertEquals(List.of("s", "in", "a", "b", "c"), all.stream().map(Manifest::name).toList());
    assertEquals(Manifests.STDIN, all.get(1).source());
    assertEquals(dir.resolve("a.yaml").toString(), all.get(2).source());
  }

  @Test
  void recursiveReadsSubfoldersDepthFirstInNameOrderAsKubectlWalksThem() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("tree"));
    Files.writeString(dir.resolve("c.yaml"), cm("c"));
    Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("x.yaml"), cm("b-x"));
    Files.writeString(Files.createDirectories(dir.resolve("b/deeper")).resolve("y.yaml"), cm("b-deeper-y"));
    Files.writeString(dir.resolve("a.yaml"), cm("a"));
    InputStream stdin = InputStream.nullInputStream();
    List<String> flat = Manifests.texts(List.of(dir.toString()), stdin).stream().map(Manifests.Text::name).toList();
    assertEquals(List.of(dir.resolve("a.yaml").toString(), dir.resolve("c.yaml").toString()), flat,
        "without -R: the folder's own files");
    List<String> deep = Manifests.texts(List.of(dir.toString()), stdin, true).stream().map(Manifests.Text::name)
        .toList();
    assertEquals(List.of(dir.resolve("a.yaml").toString(), dir.resolve("b/deeper/y.yaml").toString(),
        dir.resolve("b/x.yaml").toString(), dir.resolve("c.yaml").toString()), deep);
  }

  @Test
  void refusesWhatCannotBeRead() throws Exception {
    InputStream stdin = new ByteArrayInputStream(new byte[0]);
    StepException missing = assertThrows(StepException.class,
        () -> Manifests.read(List.of(tmp.resolve("absent.yaml").toString()), stdin));
    assertEquals("the path \"" + tmp.resolve("absent.yaml") + "\" does not exist", missing.getMessage());
    StepException twice = assertThrows(StepException.class, () -> Manifests.read(List.of("-", "-"), stdin));
    assertEquals("-f -: standard input can be read only once", twice.getMessage());
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    StepException none = assertThrows(StepException.class, () -> Manifests.read(List.of(empty.toString()), stdin));
    assertEquals(empty + ": no .yaml, .yml or .json files in this folder", none.getMessage());
  }

  private static String cm(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
  }

  /**
   * Metadata of the usual fields in their plain form comes out as fabric8's ObjectMeta gives it back (the same fields
   * in the same order, empty maps left out), without Jackson; anything else is left to ObjectMeta itself.
   */
  @ParameterizedTest
  @ValueSource(strings = {"{name: a}", "{}", "{namespace: ns, generateName: gen-, name: a}",
      "{name: a, namespace: ns, labels: {z: '1', a: b}, annotations: {x: \"two\\nlines\", a: ''}}",
      "{name: a, labels: {}}", "{labels: {k: v}, annotations: {}, name: a}"})
  void usualMetadataIsWhatObjectMetaGivesBack(String metadata) {
    Map<?, ?> m = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(metadata);
    Map<String, Object> viaObjectMeta = ObjectMaps.of(ObjectMaps.serialization().convertValue(m, ObjectMeta.class));
    Map<String, Object> plain = Manifests.plainMetadata(m);
    assertEquals(viaObjectMeta, plain);
    assertEquals(List.copyOf(viaObjectMeta.keySet()), List.copyOf(plain.keySet()), "the fields' order");
    for (String f : List.of("labels", "annotations")) {
      if (plain.get(f) instanceof Map<?, ?> p) {
        assertEquals(List.copyOf(((Map<?, ?>) viaObjectMeta.get(f)).keySet()), List.copyOf(p.keySet()), f + "' order");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{name: 1}", "{labels: {n: 1}}", "{labels: null}", "{labels: [a]}", "{finalizers: [a]}",
      "{ownerReferences: []}", "{uid: u, name: a}", "{name: a, extra: x}"})
  void otherMetadataGoesThroughObjectMeta(String metadata) {
    assertNull(Manifests.plainMetadata((Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(metadata)));
  }
}
