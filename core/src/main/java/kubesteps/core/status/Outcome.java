package kubesteps.core.status;

/**
 * Where an object stands for a wait: done, failed, or still in progress, with a short text of what was observed
 * ({@code RUNNING}, {@code Complete=True}, {@code 1/3 replicas updated}) and, when it ended, why.
 */
public record Outcome(State state, String observed, String message) {
  public enum State { SUCCEEDED, FAILED, IN_PROGRESS }

  public static Outcome succeeded(String observed, String message) {
    return new Outcome(State.SUCCEEDED, observed, message);
  }

  public static Outcome failed(String observed, String message) {
    return new Outcome(State.FAILED, observed, message);
  }

  public static Outcome inProgress(String observed) {
    return new Outcome(State.IN_PROGRESS, observed, null);
  }

  public boolean done() {
    return state != State.IN_PROGRESS;
  }
}
