package kubesteps.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kubesteps.core.resource.ObjectMaps;

/**
 * The test API server's audit log ({@code --audit-log-path}, one JSON event a line, at Metadata level: see
 * {@code auth/audit-policy.yaml}): who each request ran as. Requests are told apart by a name that only one test uses,
 * which appears in the request URI (an object's name, a field selector, a {@code fieldManager} parameter).
 */
public final class AuditLog {
  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** One audit event: the fields the tests read. */
  public record Event(String verb, String uri, String user, List<String> groups, String impersonatedUser,
      List<String> impersonatedGroups, Map<String, Object> impersonatedExtra, String userAgent, int code,
      String stage) {
    @Override
    public String toString() {
      return verb + " " + uri + " as " + user + (impersonatedUser == null ? "" : " (as " + impersonatedUser + " "
          + impersonatedGroups + " " + impersonatedExtra + ")") + " -> " + code + " [" + stage + "] ua=" + userAgent;
    }
  }

  private final List<Event> read = new ArrayList<>();
  private long offset;

  /** Every event so far (the file read on from where the last call stopped). */
  public synchronized List<Event> events() {
    try (java.nio.channels.SeekableByteChannel ch = Files.exists(file) ? Files.newByteChannel(file) : null) {
      if (ch != null && ch.size() > offset) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (ch.size() - offset));
        ch.position(offset);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // read all that is there
        }
        byte[] bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--; // a line being written waits for the next call
        offset += end;
        for (String line : new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) read.add(parse(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(read);
  }

  private static Event parse(String line) {
    Map<String, Object> e = ObjectMaps.parseJson(line);
    Map<String, Object> user = map(e.get("user"));
    Map<String, Object> imp = map(e.get("impersonatedUser"));
    Map<String, Object> status = map(e.get("responseStatus"));
    return new Event(str(e.get("verb")), str(e.get("requestURI")), str(user.get("username")),
        strings(user.get("groups")), imp.isEmpty() ? null : str(imp.get("username")), strings(imp.get("groups")),
        map(imp.get("extra")), str(e.get("userAgent")), status.get("code") instanceof Number n ? n.intValue() : 0,
        str(e.get("stage")));
  }

  /** The events whose request URI contains {@code marker}. */
  public List<Event> about(String marker) {
    return events().stream().filter(e -> e.uri() != null && e.uri().contains(marker)).toList();
  }

  /**
   * Waits (up to 20 s) for an event whose URI contains {@code marker} and whose verb is {@code verb}, and returns
   * the first such.
   */
  public Event await(String marker, String verb) throws InterruptedException {
    return await(marker + " " + verb, e -> e.uri() != null && e.uri().contains(marker) && verb.equals(e.verb()));
  }

  public Event await(String what, Predicate<Event> p) throws InterruptedException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (true) {
      for (Event e : events()) if (p.test(e)) return e;
      if (System.nanoTime() > end) {
        throw new AssertionError("no audit event " + what + " in 20 s; the last ones:\n" + tail(30));
      }
      Thread.sleep(50);
    }
  }

  /** The last {@code n} events, one a line, for failure messages. */
  public String tail(int n) {
    List<Event> all = events();
    return all.subList(Math.max(0, all.size() - n), all.size()).stream().map(Event::toString)
        .collect(Collectors.joining("\n"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(Objects::toString).toList() : List.of();
  }
}
