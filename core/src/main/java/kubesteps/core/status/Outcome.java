package kubesteps.core.status;

/**
 * Where an object stands for a wait: done, failed, or still in progress, with a short text of what was observed
 * ({@code RUNNING}, {@code Complete=True}, {@code 1/3 replicas updated}) and, when it ended, why; {@code guessed}
 * when no rule knows the kind and the generic rule judged it.
 */
public record Outcome(State state, String observed, String message, boolean guessed) {
  public enum State { SUCCEEDED, FAILED, IN_PROGRESS }

  public static Outcome succeeded(String observed, String message) {
    return new Outcome(State.SUCCEEDED, observed, message, false);
  }

  public static Outcome failed(String observed, String message) {
    return new Outcome(State.FAILED, observed, message, false);
  }

  public static Outcome inProgress(String observed) {
    return new Outcome(State.IN_PROGRESS, observed, null, false);
  }

  /** The same verdict, marked as a guess: no rule knows the kind, the generic rule read common status fields. */
  public Outcome asGuess() {
    return new Outcome(state, observed, message, true);
  }

  public boolean done() {
    return state != State.IN_PROGRESS;
  }
}
