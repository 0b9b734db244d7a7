package kubesteps.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import kubesteps.core.cli.Cli;

/** Runs a tool's command in-process through {@link Cli#commandLine}, as main would, capturing what it prints. */
public record CommandRun(int code, String out, String err) {

  public static CommandRun run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
