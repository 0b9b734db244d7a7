package kubesteps.core.wait;

import kubesteps.core.error.ExitCode;

/** How a wait ended; each end has its exit code and the word --output-state writes. */
public enum WaitEnd {
  SUCCEEDED("succeeded", "Succeeded", ExitCode.OK),
  FAILED("failed", "Failed", ExitCode.FAILED_STATE),
  TIMED_OUT("timeout", "Timeout", ExitCode.TIMEOUT);

  /** What --output-state writes. */
  public final String state;
  /** The reason in --output-result. */
  public final String reason;
  public final ExitCode exitCode;

  WaitEnd(String state, String reason, ExitCode exitCode) {
    this.state = state;
    this.reason = reason;
    this.exitCode = exitCode;
  }
}
