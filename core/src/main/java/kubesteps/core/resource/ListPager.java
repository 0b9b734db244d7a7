package kubesteps.core.resource;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import kubesteps.core.status.Trees;

/**
 * Lists in chunks, as kubectl's pager (client-go tools/pager): each request asks for {@code limit} objects and the
 * next one continues from the server's token, until there is none; the chunks are one consistent snapshot, whose
 * resourceVersion is the first chunk's. A continue token that expired (410 Gone) is answered as kubectl does: the
 * whole list once more, in one request. One place for k8s-get's plain requests and the wait's fabric8 lists.
 */
public final class ListPager {
  private ListPager() {}

  /** One response: its items, the list's resourceVersion, and the token to continue from (null or empty: last). */
  public record Page<T>(List<T> items, String resourceVersion, String continueToken) {
    /** One chunk of a list as the API server answered it (a tree): {@code items}, and its list metadata. */
    public static <T> Page<T> of(Map<String, Object> list, List<T> items) {
      return new Page<>(items, Trees.string(list, "metadata", "resourceVersion"),
          Trees.string(list, "metadata", "continue"));
    }
  }

  /** Asks for one page: at most {@code limit} objects (0: no limit), from {@code continueToken} (null: the start). */
  @FunctionalInterface
  public interface Fetch<T> {
    Page<T> get(long limit, String continueToken);
  }

  /** All the items, the snapshot's resourceVersion, and whether an expired token made it list all in one request. */
  public record Listed<T>(List<T> items, String resourceVersion, boolean listedWhole) {}

  public static <T> Listed<T> list(long chunkSize, Fetch<T> fetch) {
    List<T> items = new ArrayList<>();
    boolean[] whole = new boolean[1];
    String resourceVersion = pages(chunkSize, fetch, (chunk, wholeAgain) -> {
      if (wholeAgain) {
        items.clear();
        whole[0] = true;
      }
      items.addAll(chunk);
    });
    return new Listed<>(items, resourceVersion, whole[0]);
  }

  /**
   * The items chunk by chunk as they come, for output that need not hold the whole list; returns the snapshot's
   * resourceVersion. After an expired token the whole list comes once more in one request, and only its items after
   * the last one handed on are handed on: a list is in the order of its storage keys, which {@code key} gives
   * (namespace/name), so nothing is handed on twice.
   */
  public static <T> String each(long chunkSize, Fetch<T> fetch, Function<T, String> key, Consumer<List<T>> sink) {
    String[] last = new String[1];
    return pages(chunkSize, fetch, (chunk, wholeAgain) -> {
      String after = last[0];
      List<T> fresh = !wholeAgain || after == null ? chunk
          : chunk.stream().filter(i -> key.apply(i).compareTo(after) > 0).toList();
      if (!fresh.isEmpty()) last[0] = key.apply(fresh.get(fresh.size() - 1));
      sink.accept(fresh);
    });
  }

  /**
   * The query of one chunk's request: label and field selector (null: none), {@code limit} (0: none), the continue
   * token (null: the start), and any other parameters; "" or "?a=b&c=d".
   */
  public static String query(String labelSelector, String fieldSelector, long limit, String token, String... more) {
    List<String> q = new ArrayList<>();
    if (labelSelector != null) q.add("labelSelector=" + ApiRequests.encode(labelSelector));
    if (fieldSelector != null) q.add("fieldSelector=" + ApiRequests.encode(fieldSelector));
    q.addAll(List.of(more));
    if (limit > 0) q.add("limit=" + limit);
    if (token != null) q.add("continue=" + ApiRequests.encode(token));
    return q.isEmpty() ? "" : "?" + String.join("&", q);
  }

  /** What the pager hands on: a chunk's items, and whether they are the whole list again (an expired token). */
  private interface Chunks<T> {
    void accept(List<T> items, boolean wholeAgain);
  }

  /** The pager's loop: returns the snapshot's resourceVersion (the whole list's after an expired token). */
  private static <T> String pages(long chunkSize, Fetch<T> fetch, Chunks<T> sink) {
    String resourceVersion = null;
    String token = null;
    do {
      Page<T> page;
      try {
        page = fetch.get(chunkSize, token);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 410 || token == null) throw e;
        Page<T> whole = fetch.get(0, null);
        sink.accept(whole.items(), true);
        return whole.resourceVersion();
      }
      if (token == null) resourceVersion = page.resourceVersion();
      sink.accept(page.items(), false);
      token = page.continueToken();
    } while (token != null && !token.isEmpty());
    return resourceVersion;
  }
}
