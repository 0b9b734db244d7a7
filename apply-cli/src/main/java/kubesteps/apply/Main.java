package kubesteps.apply;

import kubesteps.core.cli.Cli;

/** Entry point of k8s-apply: the only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ApplyCommand command = new ApplyCommand();
    command.handleSignals = true;
    Cli.main(command, args);
  }
}
