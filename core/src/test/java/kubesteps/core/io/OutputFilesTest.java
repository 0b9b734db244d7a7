package kubesteps.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void createsMissingParentsAsKubeflowOutputPathsNeed() throws IOException {
    Path f = dir.resolve("tmp/outputs/name/data");
    OutputFiles.write(f, "spark-pi-x7k2");
    assertEquals("spark-pi-x7k2", Files.readString(f));
  }

  @Test
  void replacesWholeAndLeavesNoTemporaryFiles() throws IOException {
    Path f = dir.resolve("out.txt");
    OutputFiles.write(f, "first, a longer value");
    OutputFiles.write(f, "second");
    assertEquals("second", Files.readString(f));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aDirectoryInTheWayIsAnInputError() throws IOException {
    Path f = Files.createDirectories(dir.resolve("taken"));
    StepException e = assertThrows(StepException.class, () -> OutputFiles.write(f, "x"));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertTrue(e.getMessage().contains("taken"), e.getMessage());
  }

  @Test
  void anUnwritablePlaceIsAnInputErrorNamingTheFile() throws IOException {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    StepException e = assertThrows(StepException.class, () -> OutputFiles.write(blocker.resolve("child"), "x"));
    assertTrue(e.getMessage().startsWith("cannot write output file " + blocker.resolve("child")), e.getMessage());
  }
}
