package kubesteps.components;

/** The backend fails the task before the tool runs, or would hand the tool an argument it cannot have meant. */
public final class TaskFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailed(String message) {
    super(message);
  }
}
