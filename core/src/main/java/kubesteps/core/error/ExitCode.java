package kubesteps.core.error;

/**
 * The one exit-code table of k8s-apply, k8s-get and k8s-wait. The README copies it; a test keeps them equal.
 */
public enum ExitCode {
  OK(0, "done"),
  FAILED_STATE(1, "the resource reached a failure state"),
  INVALID_INPUT(2, "usage or input error; nothing was changed"),
  NOT_FOUND(3, "not found"),
  TIMEOUT(4, "timed out"),
  API_ERROR(5, "API or connection error (forbidden, conflict, unreachable after retries)"),
  INTERNAL(70, "internal error in the tool (a bug: rerun with -v and report it)"),
  INTERRUPTED(130, "interrupted (SIGINT)"),
  TERMINATED(143, "terminated (SIGTERM)");

  public final int number;
  public final String meaning;

  ExitCode(int number, String meaning) {
    this.number = number;
    this.meaning = meaning;
  }
}
