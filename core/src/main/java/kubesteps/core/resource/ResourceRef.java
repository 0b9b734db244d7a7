package kubesteps.core.resource;

import java.util.ArrayList;
import java.util.List;
import kubesteps.core.error.StepException;

/**
 * A resource as kubectl takes it on the command line: {@code TYPE/NAME}, {@code TYPE NAME [NAME...]}, or a bare
 * {@code TYPE} (all of that type). TYPE is {@code RESOURCE[.VERSION][.GROUP]} in any form discovery knows: plural,
 * singular, short name or kind ({@code cm}, {@code deploy}, {@code jobs.batch}, {@code sparkapp}).
 *
 * @param type the type as typed
 * @param name the name, or null for "all of this type"
 */
public record ResourceRef(String type, String name) {

  public ResourceRef {
    if (type == null || type.isBlank()) throw StepException.invalid("a resource type is required");
    if (name != null && name.isEmpty()) throw StepException.invalid("empty resource name in \"" + type + "/\"");
  }

  /** Parses the positional arguments of a command. An empty list is refused: there is nothing to act on. */
  public static List<ResourceRef> parse(List<String> args) {
    if (args == null || args.isEmpty()) {
      throw StepException.invalid("you must specify the type of resource, e.g. pods or jobs.batch/NAME");
    }
    List<ResourceRef> refs = new ArrayList<>();
    if (args.get(0).contains("/")) {
      for (String a : args) {
        int slash = a.indexOf('/');
        if (slash < 0) {
          throw StepException.invalid("there is no need to specify a resource type as a separate argument when passing"
              + " arguments in resource/name form (e.g. 'jobs/pi' instead of 'jobs jobs/pi'): \"" + a + "\"");
        }
        if (slash == 0) throw StepException.invalid("missing resource type in \"" + a + "\"");
        String name = a.substring(slash + 1);
        if (name.isEmpty()) throw StepException.invalid("missing resource name in \"" + a + "\"");
        if (name.contains("/")) throw StepException.invalid("invalid resource \"" + a + "\": expected TYPE/NAME");
        refs.add(new ResourceRef(a.substring(0, slash), name));
      }
      return refs;
    }
    // several types, as kubectl takes them: pods,services
    List<String> types = new ArrayList<>();
    for (String t : args.get(0).split(",", -1)) {
      if (t.isEmpty()) throw StepException.invalid("invalid resource type list \"" + args.get(0) + "\": empty type");
      if (!types.contains(t)) types.add(t);
    }
    if (args.size() == 1) {
      for (String type : types) refs.add(new ResourceRef(type, null));
      return refs;
    }
    for (String name : args.subList(1, args.size())) {
      if (name.contains("/")) {
        throw StepException.invalid("there is no need to specify a resource type as a separate argument when passing"
            + " arguments in resource/name form (e.g. 'jobs/pi' instead of 'jobs jobs/pi'): \"" + name + "\"");
      }
    }
    for (String type : types) {
      for (String name : args.subList(1, args.size())) refs.add(new ResourceRef(type, name));
    }
    return refs;
  }

  @Override
  public String toString() {
    return name == null ? type : type + "/" + name;
  }
}
