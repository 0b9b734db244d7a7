package kubesteps.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Callable;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.time.Durations;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {
  @Command(name = "k8s-test", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
  static final class TestCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin Verbosity verbosity;
    @Option(names = "--fail") ExitCode fail;
    @Option(names = "--bug") boolean bug;
    @Option(names = "--timeout", converter = Durations.Converter.class) Duration timeout;

    @Override
    public Integer call() {
      if (bug) throw new IllegalStateException("a bug\nwith a second line");
      if (fail != null) throw new StepException(fail, "it failed: " + fail.name());
      return 0;
    }
  }

  @Test
  void anErrorIsOneLineWithItsExitCode() {
    CommandRun r = CommandRun.run(new TestCommand(), "--fail", "NOT_FOUND");
    assertEquals(3, r.code(), r.toString());
    assertEquals("error: it failed: NOT_FOUND\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void everyExitCodeOfTheTableComesOutAsItsNumber() {
    for (ExitCode c : ExitCode.values()) {
      if (c == ExitCode.OK) continue;
      assertEquals(c.number, CommandRun.run(new TestCommand(), "--fail", c.name()).code(), c.name());
    }
  }

  @Test
  void aBugIsNoStackTraceUnlessAsked() {
    CommandRun quiet = CommandRun.run(new TestCommand(), "--bug");
    assertEquals(70, quiet.code());
    assertEquals("error: a bug\n", quiet.err());
    CommandRun verbose = CommandRun.run(new TestCommand(), "--bug", "-v");
    assertEquals(70, verbose.code());
    assertTrue(verbose.err().startsWith("error: a bug\njava.lang.IllegalStateException: a bug"), verbose.err());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    CommandRun r = CommandRun.run(new TestCommand(), "--no-such-flag");
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: Unknown option: '--no-such-flag'"), r.err());
    assertTrue(r.err().contains("see 'k8s-test --help'"), r.err());
  }

  @Test
  void aBadDurationNamesTheValue() {
    CommandRun r = CommandRun.run(new TestCommand(), "--timeout", "10");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("missing unit in duration \"10\""), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void versionComesFromTheBuild() {
    CommandRun r = CommandRun.run(new TestCommand(), "--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("k8s-test " + VersionProvider.version() + " "), r.out());
    assertFalse(VersionProvider.version().contains("${"), "version not filtered: " + VersionProvider.version());
    assertFalse(VersionProvider.version().equals("unknown"));
  }

  @Test
  void verbosityCountsVs() {
    Verbosity v = new Verbosity();
    v.verbose = new boolean[] {true, true};
    assertEquals(2, v.level());
  }

  @Test
  void theLogLevelComesFromTheVsBeforeAnyDoubleDash() {
    String[][] quiet = {{}, {"-v"}, {"--verbose"}, {"x", "--", "-vv"}, {"-vx"}, {"-V"}};
    String[][] debug = {{"-vv"}, {"-v", "-v"}, {"-vvv"}, {"--verbose", "-v", "cm/x"}};
    try {
      for (String[] args : quiet) {
        Cli.configureLogging(args);
        assertEquals("off", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"), String.join(" ", args));
      }
      for (String[] args : debug) {
        Cli.configureLogging(args);
        assertEquals("debug", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"), String.join(" ", args));
      }
    } finally {
      System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
    }
  }

  @Test
  void loggingIsOffUnlessAskedForWithVvOrALevelSetByHand() {
    try {
      System.clearProperty("slf4j.provider");
      Cli.configureLogging(new String[] {"cm/x"});
      assertEquals("org.slf4j.helpers.NOP_FallbackServiceProvider", System.getProperty("slf4j.provider"));
      System.clearProperty("slf4j.provider");
      Cli.configureLogging(new String[] {"-vv"});
      assertEquals("org.slf4j.simple.SimpleServiceProvider", System.getProperty("slf4j.provider"));
      System.clearProperty("slf4j.provider");
      System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.http.HttpLoggingInterceptor", "trace");
      Cli.configureLogging(new String[] {"cm/x"});
      assertEquals("org.slf4j.simple.SimpleServiceProvider", System.getProperty("slf4j.provider"));
    } finally {
      System.clearProperty("slf4j.provider");
      System.clearProperty("slf4j.internal.verbosity");
      System.clearProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.http.HttpLoggingInterceptor");
      System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
    }
  }

  @Command(name = "k8s-codes", mixinStandardHelpOptions = true)
  static final class DocumentedCommand implements Callable<Integer>, ExitCodeHelp {
    @Override
    public Integer call() {
      return 0;
    }

    @Override
    public java.util.List<ExitCodeHelp.Entry> exitCodes() {
      return java.util.List.of(ExitCodeHelp.code(ExitCode.NOT_FOUND, "the owner"));
    }
  }

  /** --help lists the exit codes from the one table (which the README copies), with the tool's note. */
  @Test
  void helpListsTheExitCodesFromTheTable() {
    CommandRun r = CommandRun.run(new DocumentedCommand(), "--help");
    String list = r.out().substring(r.out().indexOf("Exit codes:"));
    for (ExitCode c : java.util.List.of(ExitCode.NOT_FOUND, ExitCode.INTERNAL, ExitCode.INTERRUPTED,
        ExitCode.TERMINATED)) {
      assertTrue(list.contains(c.number + " ") && list.contains(c.meaning), c + " in\n" + list);
    }
    assertTrue(list.contains(ExitCode.NOT_FOUND.meaning + " (the owner)"), list);
    assertFalse(list.contains(ExitCode.FAILED_STATE.meaning), list);
  }
}
