package kubesteps.core.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import kubesteps.core.error.ExitCode;

/**
 * A command whose --help lists its exit codes: the codes it can end with, each with the one table's meaning
 * ({@link ExitCode}, which the README copies and a test keeps equal) and the tool's own note where it has one.
 */
public interface ExitCodeHelp {
  /** The codes this tool can end with, in order; the value is a note for that tool, or "" for none. */
  Map<ExitCode, String> exitCodes();

  /** picocli's exit-code list: "NUMBER" -> "meaning (note)". */
  static Map<String, String> helpList(Map<ExitCode, String> codes) {
    Map<String, String> list = new LinkedHashMap<>();
    codes.forEach((c, note) -> list.put(String.valueOf(c.number), c.meaning + (note.isEmpty() ? "" : " (" + note + ")")));
    return list;
  }

  /** The codes every tool can end with besides its own: a bug, SIGINT, SIGTERM. */
  static Map<ExitCode, String> withCommon(Map<ExitCode, String> own) {
    Map<ExitCode, String> all = new LinkedHashMap<>(own);
    all.putIfAbsent(ExitCode.INTERNAL, "");
    all.putIfAbsent(ExitCode.INTERRUPTED, "");
    all.putIfAbsent(ExitCode.TERMINATED, "");
    return all;
  }
}
