package kubesteps.core.cli;

import java.nio.file.Path;
import kubesteps.core.io.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code --output-file FILE}: also write the printed result to a file (parents created, written atomically). */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class OutputFileOption {
  @Option(names = "--output-file", paramLabel = "FILE",
      description = "Also write the result to FILE (parent folders are created; the file is replaced atomically).")
  Path outputFile;

  public Path file() {
    return outputFile;
  }

  /** Writes {@code content} when the option was given; does nothing otherwise. */
  public void write(String content) {
    if (outputFile != null) OutputFiles.write(outputFile, content);
  }
}
