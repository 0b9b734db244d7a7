package kubesteps.get;

import kubesteps.core.cli.Cli;

/** Entry point of k8s-get: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Cli.main(new GetCommand(), args);
  }
}
