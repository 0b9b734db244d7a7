package kubesteps.core.resource;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** A resource type the API server serves, as discovery describes it. */
public record ResourceType(String group, String version, String kind, String plural, String singular,
    List<String> shortNames, boolean namespaced, List<String> verbs) {

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** kubectl's name for the type: {@code configmaps}, {@code jobs.batch}. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
