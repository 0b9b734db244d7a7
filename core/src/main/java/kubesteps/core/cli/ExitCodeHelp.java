package kubesteps.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;

/**
 * A command whose --help lists its exit codes: the codes it can end with, each with the one table's meaning
 * ({@link ExitCode}, which the README copies and a test keeps equal) and the tool's own note where it has one.
 */
public interface ExitCodeHelp {
  /** One code of the list, and the tool's note on it ("" for none). */
  record Entry(ExitCode code, String note) {}

  /** The codes this tool can end with besides a bug, SIGINT and SIGTERM (which every tool can), in order. */
  List<Entry> exitCodes();

  static Entry code(ExitCode code) {
    return new Entry(code, "");
  }

  static Entry code(ExitCode code, String note) {
    return new Entry(code, note);
  }

  /** picocli's exit-code list: "NUMBER" -> "meaning (note)", the tool's codes then the ones every tool has. */
  static Map<String, String> helpList(List<Entry> own) {
    List<Entry> all = new ArrayList<>(own);
    for (ExitCode c : List.of(ExitCode.INTERNAL, ExitCode.INTERRUPTED, ExitCode.TERMINATED)) {
      if (all.stream().noneMatch(e -> e.code() == c)) all.add(code(c));
    }
    Map<String, String> list = new LinkedHashMap<>();
    for (Entry e : all) {
      list.put(String.valueOf(e.code().number), e.code().meaning + (e.note().isEmpty() ? "" : " (" + e.note() + ")"));
    }
    return list;
  }
}
