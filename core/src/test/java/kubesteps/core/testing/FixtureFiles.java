package kubesteps.core.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Test objects kept as one YAML file each in a resource folder, whose first comment lines say what is expected of
 * them ({@code # expect: ...}, {@code # source: ...}): the catalogue's and kstatus's fixtures.
 */
public final class FixtureFiles {
  private FixtureFiles() {}

  /** The .yaml files of a resource folder ({@code /catalogue}), in name order. */
  public static Stream<Path> yamlFiles(String resourceFolder) throws IOException, URISyntaxException {
    Path folder = Path.of(FixtureFiles.class.getResource(resourceFolder).toURI());
    return Files.list(folder).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  /** The value of a {@code # KEY: value} line among the file's first comment lines; null when there is none. */
  public static String header(String text, String key) {
    return text.lines().takeWhile(l -> l.startsWith("#")).filter(l -> l.startsWith("# " + key + ":"))
        .map(l -> l.substring(key.length() + 3).strip()).findFirst().orElse(null);
  }
}
