package kubesteps.get;

import kubesteps.core.cli.Cli;

/** Entry point of k8s-get: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    GetCommand command = new GetCommand();
    command.handleSignals = true;
    Cli.main(command, args);
  }
}
