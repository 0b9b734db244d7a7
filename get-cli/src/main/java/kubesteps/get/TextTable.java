package kubesteps.get;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of cells aligned as kubectl's tabwriter aligns them (minimum width 6, padding 3, spaces; the last column is not
 * padded). Widths only grow, as with tabwriter's RememberWidths, so rows printed later in a watch stay aligned.
 */
final class TextTable {
  private final List<Integer> widths = new ArrayList<>();

  /** The lines for these rows, each ending in a newline, widths learnt from them first. */
  String render(List<List<String>> rows) {
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() - 1; i++) {
        int w = Math.max(6, row.get(i).length() + 3);
        if (i >= widths.size()) widths.add(w);
        else if (w > widths.get(i)) widths.set(i, w);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        sb.append(cell);
        if (i < row.size() - 1) sb.append(" ".repeat(widths.get(i) - cell.length()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
