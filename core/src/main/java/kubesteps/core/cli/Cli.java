package kubesteps.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The one factory that wires a command: writers, exit codes from the one table, one-line errors. */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
    Startup.lightPicocli();
    CommandLine cl = new CommandLine(command);
    if (command instanceof ExitCodeHelp h) {
      cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodeHelp.helpList(h.exitCodes()));
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(t -> ErrorText.exitCode(t).number);
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      PrintWriter e = commandLine.getErr();
      e.println(ErrorText.oneLine(ex));
      if (verbosity(parsed) > 0) e.println(ErrorText.redact(stackTrace(ex)));
      e.flush();
      return commandLine.getExitCodeExceptionMapper().getExitCode(ex);
    });
    cl.setParameterExceptionHandler((ParameterException ex, String[] args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("error: " + ex.getMessage() + " (see '" + c.getCommandName() + " --help')");
      c.getErr().flush();
      return ExitCode.INVALID_INPUT.number;
    });
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** What {@code main} calls: logging set from -v before anything logs, then run, then exit with the code. */
  public static void main(Object command, String[] args) {
    configureLogging(args);
    Warmup.start();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    // an error of the JVM in any thread (a reader thread out of memory) ends the run with its code at once, so that
    // no thread is left waiting for it
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      if (e instanceof VirtualMachineError v) halt(err, v);
    });
    int code;
    try {
      code = commandLine(command, out, err).execute(args);
    } catch (VirtualMachineError e) {
      halt(err, e);
      return;
    }
    out.flush();
    err.flush();
    Startup.stopHttpSelectors();
    System.exit(code);
  }

  /** One line for an error of the JVM itself, its exit code from the table, and the end of the process. */
  static void halt(PrintWriter err, VirtualMachineError e) {
    int code;
    String line;
    if (e instanceof OutOfMemoryError) {
      code = ExitCode.INTERNAL.number;
      line = "error: out of memory (" + e.getMessage() + "): rerun with a larger memory limit (the pod's, or"
          + " JAVA_OPTS=-Xmx...)";
    } else if (e instanceof StackOverflowError) {
      code = ExitCode.INVALID_INPUT.number;
      line = "error: the input is nested too deeply to read (stack overflow)";
    } else {
      code = ExitCode.INTERNAL.number;
      line = "error: the Java runtime failed: " + e;
    }
    try {
      err.println(line);
      err.flush();
    } finally {
      Runtime.getRuntime().halt(code);
    }
  }

  /**
   * slf4j-simple reads its level once: quiet by default (errors are ours to print), debug with -vv. When quiet and no
   * logger's level is set by hand, no logging at all (SLF4J's no-operation provider: slf4j-simple's set-up looks
   * through every jar for its properties file); the provider is named either way, so that SLF4J does not look
   * through every jar for providers.
   */
  static void configureLogging(String[] args) {
    int v = 0;
    for (String a : args) {
      if (a.equals("--")) break;
      if (a.equals("-v") || a.equals("--verbose")) v++;
      else if (a.length() > 2 && a.startsWith("-v") && a.chars().skip(1).allMatch(c -> c == 'v')) v += a.length() - 1;
    }
    String level = v >= 2 ? "debug" : "off";
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // a logger's level set by hand (-Dorg.slf4j.simpleLogger.log.NAME=trace in JAVA_OPTS) is honoured too
    boolean levelsGiven = System.getProperties().stringPropertyNames().stream()
        .anyMatch(n -> n.startsWith("org.slf4j.simpleLogger.log."));
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", v >= 2 || levelsGiven
          ? "org.slf4j.simple.SimpleServiceProvider" : "org.slf4j.helpers.NOP_FallbackServiceProvider");
      // and without its note that it did so
      if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

  private static int verbosity(CommandLine.ParseResult parsed) {
    if (parsed == null || !parsed.hasMatchedOption("-v")) return 0;
    Object v = parsed.matchedOption("-v").getValue();
    return v instanceof boolean[] b ? b.length : 1;
  }

  private static String stackTrace(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw.toString().stripTrailing();
  }
}
