package kubesteps.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's exit-code table is a copy of {@link ExitCode}: this keeps the two equal. */
class ExitCodeReadmeTest {
  @Test
  void readmeTableEqualsTheEnum() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Exit codes"));
    section = section.substring(0, section.indexOf("\n## ", 5));
    Map<Integer, String> documented = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (.+?) \\|$").matcher(section);
    while (m.find()) documented.put(Integer.parseInt(m.group(1)), m.group(2));
    Map<Integer, String> actual = new LinkedHashMap<>();
    for (ExitCode c : ExitCode.values()) actual.put(c.number, c.meaning);
    assertEquals(actual, documented);
  }
}
