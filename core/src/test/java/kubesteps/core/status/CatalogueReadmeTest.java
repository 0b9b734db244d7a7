package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of the built-in catalogue lists exactly its kinds, by group, in the catalogue's order. */
class CatalogueReadmeTest {
  @Test
  void readmeTableEqualsTheCatalogue() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("The built-in catalogue, "));
    section = section.substring(0, section.indexOf("\n\n", section.indexOf("| group | kinds |")));
    Map<String, List<String>> documented = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\| `([^`]*)` \\| (.+?) \\|$").matcher(section);
    while (m.find()) documented.put(m.group(1), List.of(m.group(2).split(", ")));
    Map<String, List<String>> actual = new LinkedHashMap<>();
    for (HealthRules.Rule r : HealthRules.catalogue()) {
      actual.computeIfAbsent(r.groupKind().contains("/") ? r.groupKind().substring(0, r.groupKind().indexOf('/')) : "",
          k -> new java.util.ArrayList<>()).add(r.kind());
    }
    assertEquals(actual, documented);
    assertEquals("The built-in catalogue, " + HealthRules.catalogue().size() + " kinds",
        section.substring(0, section.indexOf(" kinds") + " kinds".length()));
  }
}
