package kubesteps.wait;

import kubesteps.core.cli.Cli;

/** Entry point of k8s-wait: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    WaitCommand command = new WaitCommand();
    command.handleSignals = true;
    Cli.main(command, args);
  }
}
