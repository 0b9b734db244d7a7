package kubesteps.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * Writes output files for pipeline engines: parent folders are created (Kubeflow's outputPath parents often do not
 * exist yet) and each file is written whole or not at all (a temporary file beside it, then an atomic rename), so a
 * reader never sees half a value.
 */
public final class OutputFiles {
  private OutputFiles() {}

  public static void write(Path file, String content) {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      if (dir != null) Files.createDirectories(dir);
      if (Files.isDirectory(abs)) {
        throw new StepException(ExitCode.INVALID_INPUT, "cannot write output file " + file + ": it is a directory");
      }
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new StepException(ExitCode.INVALID_INPUT, "cannot write output file " + file + ": " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to do: the failure that matters is already being reported
        }
      }
    }
  }

  private static String describe(IOException e) {
    String type = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? type : type + " " + e.getMessage();
  }
}
