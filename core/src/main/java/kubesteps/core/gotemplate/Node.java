package kubesteps.core.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Parse-tree nodes of text/template/parse (node.go). {@code toString()} gives the text Go's {@code Node.String()}
 * gives, which execution errors quote ("executing ... at <.a.b>").
 */
sealed interface Node {
  /** Offset of the node in the template text (a char index; errors turn it into Go's byte column). */
  int pos();

  record ListNode(int pos, List<Node> nodes) implements Node {
    ListNode(int pos) {
      this(pos, new ArrayList<>());
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Node n : nodes) sb.append(n);
      return sb.toString();
    }
  }

  record TextNode(int pos, String text) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record ActionNode(int pos, int line, PipeNode pipe) implements Node {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  record PipeNode(int pos, int line, boolean[] isAssign, List<VariableNode> decl, List<CommandNode> cmds)
      implements Node {
    PipeNode(int pos, int line) {
      this(pos, line, new boolean[1], new ArrayList<>(), new ArrayList<>());
    }

    boolean assign() {
      return isAssign[0];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!decl.isEmpty()) {
        for (int i = 0; i < decl.size(); i++) {
          if (i > 0) sb.append(", ");
          sb.append(decl.get(i));
        }
        sb.append(assign() ? " = " : " := ");
      }
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) sb.append(" | ");
        sb.append(cmds.get(i));
      }
      return sb.toString();
    }
  }

  record CommandNode(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) sb.append(' ');
        Node a = args.get(i);
        if (a instanceof PipeNode) sb.append('(').append(a).append(')');
        else sb.append(a);
      }
      return sb.toString();
    }
  }

  record IdentifierNode(int pos, String name) implements Node {
    @Override
    public String toString() {
      return name;
    }
  }

  /** $x.a.b: ident holds "$x", "a", "b". */
  record VariableNode(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return String.join(".", ident);
    }
  }

  record DotNode(int pos) implements Node {
    @Override
    public String toString() {
      return ".";
    }
  }

  record NilNode(int pos) implements Node {
    @Override
    public String toString() {
      return "nil";
    }
  }

  /** .a.b: ident holds "a", "b". */
  record FieldNode(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (String id : ident) sb.append('.').append(id);
      return sb.toString();
    }
  }

  /** (pipeline).a.b, or a function's result with fields. */
  record ChainNode(int pos, Node node, List<String> field) implements Node {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (node instanceof PipeNode) sb.append('(').append(node).append(')');
      else sb.append(node);
      for (String f : field) sb.append('.').append(f);
      return sb.toString();
    }
  }

  record BoolNode(int pos, boolean value) implements Node {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** A number constant: what Go's NumberNode knows of it (complex numbers are not supported). */
  record NumberNode(int pos, String text, boolean isInt, long intValue, boolean isUint, boolean isFloat,
      double floatValue) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record StringNode(int pos, String quoted, String text) implements Node {
    @Override
    public String toString() {
      return quoted;
    }
  }

  enum Branch { IF, RANGE, WITH }

  record BranchNode(Branch kind, int pos, int line, PipeNode pipe, ListNode list, ListNode elseList)
      implements Node {
    @Override
    public String toString() {
      String name = kind.name().toLowerCase(java.util.Locale.ROOT);
      return "{{" + name + " " + pipe + "}}" + list + (elseList == null ? "" : "{{else}}" + elseList) + "{{end}}";
    }
  }

  record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
    @Override
    public String toString() {
      return pipe == null ? "{{template " + GoFmt.quote(name, false) + "}}"
          : "{{template " + GoFmt.quote(name, false) + " " + pipe + "}}";
    }
  }

  record BreakNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  record ContinueNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  /** Parse-time only: {{end}} and {{else}} close the list being read. */
  record EndNode(int pos) implements Node {
    @Override
    public String toString() {
      return "{{end}}";
    }
  }

  record ElseNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{else}}";
    }
  }
}
