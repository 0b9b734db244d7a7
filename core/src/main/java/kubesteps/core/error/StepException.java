package kubesteps.core.error;

/** An error that knows its exit code and says what went wrong in one line a person can act on. */
public class StepException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode code;

  public StepException(ExitCode code, String message) {
    super(message);
    this.code = code;
  }

  public StepException(ExitCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ExitCode code() {
    return code;
  }

  public static StepException invalid(String message) {
    return new StepException(ExitCode.INVALID_INPUT, message);
  }
}
