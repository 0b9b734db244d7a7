package kubesteps.wait;

import kubesteps.core.cli.Cli;

/** Entry point of k8s-wait: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Cli.main(new WaitCommand(), args);
  }
}
