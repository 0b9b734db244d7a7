package kubesteps.core.jsonpath;

import java.util.List;

/** One piece of a template: literal text, an action, or a {@code {range}...{end}} block. */
sealed interface Item {
  record Literal(String text) implements Item {}

  record Action(List<Node> nodes) implements Item {}

  /**
   * {@code {range EXPR}BODY{end}}. Without its {@code {end}} ({@code closed == false}) kubectl runs the body once per
   * value and then once more on the enclosing value; we do the same.
   */
  record Range(List<Node> nodes, List<Item> body, boolean closed) implements Item {}
}
