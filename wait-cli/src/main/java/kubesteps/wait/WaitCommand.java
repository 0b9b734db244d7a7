package kubesteps.wait;

import java.util.concurrent.Callable;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.error.StepException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "k8s-wait", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Block until a Kubernetes resource reaches a state; fail fast on a failure state.")
public final class WaitCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin Verbosity verbosity;

  @Override
  public Integer call() {
    throw StepException.invalid("k8s-wait is not implemented yet");
  }
}
