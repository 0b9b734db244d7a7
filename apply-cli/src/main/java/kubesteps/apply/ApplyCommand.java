package kubesteps.apply;

import java.util.concurrent.Callable;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.error.StepException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "k8s-apply", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Apply Kubernetes manifests (any kind) and write what was created to output files.")
public final class ApplyCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin Verbosity verbosity;

  @Override
  public Integer call() {
    throw StepException.invalid("k8s-apply is not implemented yet");
  }
}
