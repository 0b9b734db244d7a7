package kubesteps.core.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * A bearer token read from a file (the kubeconfig's {@code tokenFile}, a pod's service-account token), as client-go's
 * cached file token source reads it: trimmed, kept for a minute, and read again after that or when the server answers
 * 401 (a projected service-account token is rotated by the kubelet while a long wait runs).
 */
final class TokenFile implements Credentials {
  static final Duration KEEP = Duration.ofMinutes(1);

  private final Path file;
  private final Clock clock;
  private String value; // guarded by this
  private Instant readAt; // guarded by this

  TokenFile(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  @Override
  public synchronized String authorization() {
    if (value == null || clock.instant().isAfter(readAt.plus(KEEP))) read();
    return value;
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized(String used) {
    if (value != null && !value.equals(used)) return true; // read again since that request went out
    String before = value;
    read();
    return !value.equals(before);
  }

  private void read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new StepException(ExitCode.API_ERROR, "cannot read the token file " + file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
    }
    value = "Bearer " + Credentials.checkedToken(text, "the token file " + file);
    readAt = clock.instant();
  }

  @Override
  public String describe() {
    return "token file " + file;
  }
}
