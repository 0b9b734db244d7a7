package kubesteps.core.jsonpath;

import java.util.List;

/** The nodes of one parsed {@code {...}} action, as client-go's util/jsonpath parser produces them. */
sealed interface Node {
  /** A quoted literal inside an action ({@code {"\n"}}): yields its text once. */
  record Text(String text) implements Node {}

  /** {@code .name}: a map key (backslash escapes removed). */
  record Field(String name) implements Node {}

  /** {@code .*} or {@code ['*']}: every value of a map or list. */
  record Wildcard() implements Node {}

  /** {@code ..}: the value and everything below it that has children. */
  record Recursive() implements Node {}

  /** {@code [n]}, {@code [a:b:c]}, {@code [*]}: kubectl's slice parameters. */
  record Slice(Param start, Param end, Param step) implements Node {}

  /** One slice parameter: known or not, and whether the end was derived from an index ({@code [n]} means n..n+1). */
  record Param(boolean known, int value, boolean derived) {}

  /** {@code [a,b]}: the results of each alternative, in order. */
  record Union(List<List<Node>> alternatives) implements Node {}

  /** {@code [?(left op right)]}, or {@code [?(left)]} (op "exists"). */
  record Filter(List<Node> left, List<Node> right, String op) implements Node {}

  record IntLit(long value) implements Node {}

  record FloatLit(double value) implements Node {}

  record BoolLit(boolean value) implements Node {}

  /** {@code range} and {@code end} (only at the start of an action; the parser turns them into blocks). */
  record Identifier(String name) implements Node {}
}
