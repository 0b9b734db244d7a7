package kubesteps.components;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import kubesteps.core.cli.VersionProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What this build says the images are: the parent pom's Jib entrypoint and registry default, and the version. */
final class Build {
  private Build() {}

  static Path root() {
    return Path.of(System.getProperty("kubesteps.root", "..")).toAbsolutePath().normalize();
  }

  /** A tool's spec for this backend: component.yaml (KFP v2) or component-kfp-v1.yaml. */
  static Path spec(KfpBackend backend, String tool) {
    return backend.spec(root(), tool);
  }

  /**
   * The build's version: core's kube-steps-version.properties (what --version prints), which must equal the
   * version Maven passes in (kubesteps.version).
   */
  static String version() {
    String fromCore = VersionProvider.version();
    String fromMaven = System.getProperty("kubesteps.version");
    if (fromMaven != null && !fromMaven.equals(fromCore)) {
      throw new IllegalStateException("kube-steps-version.properties says " + fromCore + ", Maven " + fromMaven);
    }
    return fromCore;
  }

  /** The images as the parent pom defines them by default (no -D overrides: the specs name the default images). */
  static SpecCheck.Images images() {
    try {
      var f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document pom = f.newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
      Element props = (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
      String java = text(props, "image.java");
      String registry = text(props, "image.registry");
      NodeList entrypoints = pom.getElementsByTagName("entrypoint");
      if (entrypoints.getLength() != 1) throw new IllegalStateException("expected one <entrypoint> in the parent pom");
      NodeList args = ((Element) entrypoints.item(0)).getElementsByTagName("arg");
      List<String> entrypoint = new ArrayList<>();
      for (int i = 0; i < args.getLength(); i++) {
        entrypoint.add(args.item(i).getTextContent().strip().replace("${image.java}", java)
            .replace("${tool.main}", "@MAIN@"));
      }
      return new SpecCheck.Images(entrypoint, registry, version());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the parent pom: " + e, e);
    }
  }

  private static String text(Element props, String name) {
    NodeList l = props.getElementsByTagName(name);
    if (l.getLength() == 0) throw new IllegalStateException("no property " + name + " in the parent pom");
    return l.item(0).getTextContent().strip();
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
