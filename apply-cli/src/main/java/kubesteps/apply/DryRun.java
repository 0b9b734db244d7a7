package kubesteps.apply;

import java.util.Locale;
import kubesteps.core.error.StepException;

/** {@code --dry-run}: none, server (the server checks, nothing is stored) or client (nothing is sent). */
enum DryRun {
  NONE(""), SERVER(" (server dry run)"), CLIENT(" (dry run)");

  private final String suffix;

  DryRun(String suffix) {
    this.suffix = suffix;
  }

  String suffix() {
    return suffix;
  }

  static DryRun parse(String s) {
    if (s == null) return NONE;
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "none", "false", "" -> NONE;
      case "server" -> SERVER;
      case "client" -> CLIENT;
      default -> throw StepException.invalid("Invalid dry-run value (" + s + "). Must be \"none\", \"server\", or"
          + " \"client\".");
    };
  }
}
