package kubesteps.core.cli;

import java.util.List;

/** A command that is also a Kubeflow Pipelines component: its inputs in the order the spec puts them. */
public interface ComponentInputs {
  List<ComponentInput> componentInputs();
}
