package kubesteps.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kubesteps.core.testing.CommandRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** --executor-input through picocli: the inputs become the arguments the table says, where the option stands. */
class ExecutorInputOptionTest {
  @Command(name = "k8s-test", addMethodSubcommands = false)
  static final class TestCommand implements Callable<Integer>, ComponentInputs {
    @Mixin ExecutorInputOption executorInput;
    @Parameters List<String> positional = new ArrayList<>();
    @Option(names = "--namespace") String namespace;
    @Option(names = "--output") String output;
    @Option(names = "--flag") boolean flag;
    @Option(names = "--last") String last;

    @Override
    public List<ComponentInput> componentInputs() {
      return List.of(ComponentInput.inSpec("resource"), ComponentInput.positional("name"),
          ComponentInput.attached("jsonpath", "--output=jsonpath=").orElse("--output=json"),
          ComponentInput.option("namespace", "--namespace"), ComponentInput.attached("flag", "--flag="));
    }

    @Override
    public Integer call() {
      return 0;
    }
  }

  static TestCommand parsed(String... args) {
    TestCommand c = new TestCommand();
    CommandRun r = CommandRun.run(c, args);
    assertEquals(0, r.code(), r.toString());
    return c;
  }

  @Test
  void theInputsBecomeArgumentsWhereTheOptionStands() {
    // protojson's single-line form, with the random spaces it puts after some commas, and the outputs part
    String json = "{\"inputs\":{\"parameterValues\":{\"resource\":\"sparkapp\", \"name\":\"pi\",\"namespace\":\"jobs\","
        + " \"jsonpath\":\"{.status.state}\",\"flag\":true}},\"outputs\":{\"parameters\":{\"value\":{\"outputFile\":"
        + "\"/tmp/kfp/outputs/value\"}},\"outputFile\":\"/tmp/kfp_outputs/output_metadata.json\"}}";
    TestCommand c = parsed("sparkapp", "--executor-input", json, "--last", "x");
    assertEquals(List.of("sparkapp", "pi"), c.positional);
    assertEquals("jsonpath={.status.state}", c.output);
    assertEquals("jobs", c.namespace);
    assertTrue(c.flag);
    assertEquals("x", c.last);
    // attached with =, as picocli allows for any option
    assertEquals("jobs", parsed("sparkapp", "--executor-input=" + json).namespace);
  }

  @Test
  void unsetInputsAreTheToolsDefaultsOrTheirElse() {
    TestCommand c = parsed("cm/x", "--executor-input", "{\"inputs\":{\"parameterValues\":{\"resource\":\"cm/x\"}}}");
    assertEquals(List.of("cm/x"), c.positional);
    assertEquals("json", c.output);
    assertEquals(null, c.namespace);
    assertFalse(c.flag);
    assertEquals("json", parsed("cm/x", "--executor-input", "{}").output);
    assertFalse(parsed("cm/x", "--executor-input", "{\"inputs\":{\"parameterValues\":{\"flag\":false}}}").flag);
    // a null value (a DAG's unset input) is not set
    assertEquals(null, parsed("cm/x", "--executor-input",
        "{\"inputs\":{\"parameterValues\":{\"namespace\":null}}}").namespace);
  }

  @Test
  void badInputIsOneLineWithoutTheValuesExitTwo() {
    assertError("error: --executor-input: \"selector\" is not an input of the k8s-test component (its inputs:"
        + " resource, name, jsonpath, namespace, flag) (see 'k8s-test --help')\n",
        "{\"inputs\":{\"parameterValues\":{\"selector\":\"password=hunter2\"}}}");
    assertError("error: --executor-input: got the placeholder {{$}} as it is written: this engine has no executor"
        + " input (KFP v1?); use the component's component-kfp-v1.yaml (see 'k8s-test --help')\n", "{{$}}");
    CommandRun r = CommandRun.run(new TestCommand(), "--executor-input", "{\"inputs\": {\"parameterValues\": "
        + "{\"namespace\": \"secret-token-value\"");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: --executor-input: not a Kubeflow executor input: invalid JSON"), r.err());
    assertFalse(r.err().contains("secret-token-value"), r.err());
    assertError("error: --executor-input: input \"namespace\" is a list; this component takes text, Booleans and"
        + " numbers (see 'k8s-test --help')\n", "{\"inputs\":{\"parameterValues\":{\"namespace\":[\"a\"]}}}");
    CommandRun none = CommandRun.run(new TestCommand(), "--executor-input");
    assertEquals(2, none.code(), none.toString());
  }

  private static void assertError(String expected, String json) {
    CommandRun r = CommandRun.run(new TestCommand(), "x", "--executor-input", json);
    assertEquals(2, r.code(), r.toString());
    assertEquals(expected, r.err());
  }
}
