package kubesteps.get;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.OutputFileOption;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.Discovery;
import kubesteps.core.resource.ResourceRef;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;
import kubesteps.core.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "k8s-get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Read a Kubernetes resource or a field of it, as kubectl get prints it.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:usage or input error", "3:not found", "5:API or connection error"})
public final class GetCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputFileOption outputFile;
  @Mixin Verbosity verbosity;

  @Parameters(paramLabel = "TYPE[/NAME]", arity = "1..*",
      description = "TYPE/NAME, TYPE NAME..., or TYPE; TYPE as kubectl takes it (cm, jobs.batch, sparkapp).")
  List<String> resources = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "name",
      description = "Output format: name, json, yaml. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(names = "--ignore-not-found", description = "Print nothing and exit 0 when the resource does not exist.")
  boolean ignoreNotFound;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "0",
      description = "Give up after this long, retries included (0: no limit). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!List.of("name", "json", "yaml").contains(output)) {
      throw StepException.invalid("unsupported output format \"" + output + "\" (supported: name, json, yaml)");
    }
    List<ResourceRef> refs = ResourceRef.parse(resources);
    Deadline deadline = Deadline.after(timeout);
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder printed = new StringBuilder();
    try (KubernetesClient client = connection.client()) {
      Discovery discovery = new Discovery(client, deadline);
      for (ResourceRef ref : refs) {
        ResourceType type = discovery.resolve(ref.type());
        if (ref.name() == null) {
          throw StepException.invalid("listing all " + type.qualifiedPlural() + " is not supported yet: name one");
        }
        var op = client.genericKubernetesResources(type.context());
        GenericKubernetesResource obj = Retries.call(deadline, () -> type.namespaced()
            ? op.inNamespace(connection.namespace()).withName(ref.name()).get()
            : op.withName(ref.name()).get());
        if (obj == null) {
          if (ignoreNotFound) continue;
          throw new StepException(ExitCode.NOT_FOUND, "Error from server (NotFound): " + type.qualifiedPlural()
              + " \"" + ref.name() + "\" not found");
        }
        printed.append(switch (output) {
          case "json" -> client.getKubernetesSerialization().asJson(obj) + "\n";
          case "yaml" -> client.getKubernetesSerialization().asYaml(obj);
          default -> type.kind().toLowerCase(java.util.Locale.ROOT) + (type.group().isEmpty() ? "" : "." + type.group())
              + "/" + obj.getMetadata().getName() + "\n";
        });
      }
    }
    out.print(printed);
    out.flush();
    outputFile.write(printed.toString());
    return ExitCode.OK.number;
  }
}
