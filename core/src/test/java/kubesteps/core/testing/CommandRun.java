package kubesteps.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import kubesteps.core.cli.Cli;

/** Runs a tool's command in-process through {@link Cli#commandLine}, as main would, capturing what it prints. */
public record CommandRun(int code, String out, String err) {
  static {
    // The tools skip fabric8's scan of its model classes (Startup); the tests' own fabric8 clients, in the same JVM,
    // need it. Scanned here, before any command runs, whatever order the test classes run in.
    new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}",
        io.fabric8.kubernetes.api.model.KubernetesResource.class);
  }

  public static CommandRun run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }

  /** Starts the command in a thread of its own; {@link Running#err()} shows what it printed so far. */
  public static Running start(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.util.concurrent.CompletableFuture<Integer> code = new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        code.complete(Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args));
      } catch (Throwable e) {
        code.completeExceptionally(e);
      }
    }, "command-run");
    t.setDaemon(true);
    t.start();
    return new Running(code, out, err, t);
  }

  /** A command running in a thread. */
  public record Running(java.util.concurrent.CompletableFuture<Integer> code, StringWriter outBuffer, StringWriter errBuffer,
      Thread thread) {
    /**
     * Interrupts the command's thread, as the test's stand-in for Ctrl-C (which ends a process, not a thread): a watch
     * without --timeout ends at once instead of at the end of a time window a busy machine may not keep.
     */
    public CommandRun stop() throws Exception {
      thread.interrupt();
      return await();
    }

    public String err() {
      return errBuffer.toString();
    }

    public String out() {
      return outBuffer.toString();
    }

    /** Waits until stderr contains {@code text} (or the command ended, or 30 s passed). */
    public void awaitErr(String text) throws InterruptedException {
      long end = System.nanoTime() + 30_000_000_000L;
      while (!err().contains(text) && !code.isDone() && System.nanoTime() < end) Thread.sleep(20);
      if (!err().contains(text)) {
        throw new AssertionError("stderr never showed \"" + text + "\"; " + (code.isDone() ? "exit " + code.join() : "still running")
            + "\n--- stdout\n" + out() + "--- stderr\n" + err());
      }
    }

    /** Waits until stdout is exactly {@code text} (or the command ended, or 30 s passed). */
    public void awaitOut(String text) throws InterruptedException {
      long end = System.nanoTime() + 30_000_000_000L;
      while (!out().equals(text) && !code.isDone() && System.nanoTime() < end) Thread.sleep(20);
      if (!out().equals(text)) {
        throw new AssertionError("stdout never was \"" + text + "\"; " + (code.isDone() ? "exit " + code.join()
            : "still running") + "\n--- stdout\n" + out() + "--- stderr\n" + err());
      }
    }

    public CommandRun await() throws Exception {
      int c = code.get(60, java.util.concurrent.TimeUnit.SECONDS);
      return new CommandRun(c, out(), err());
    }
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
