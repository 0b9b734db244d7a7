package kubesteps.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code -v}: errors with their cause chain and stack trace; {@code -vv}: also the client's debug log. */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class Verbosity {
  @Option(names = {"-v", "--verbose"}, description = "More detail on errors (-v); also the client's debug log (-vv).")
  boolean[] verbose = new boolean[0];

  public int level() {
    return verbose.length;
  }
}
