package kubesteps.core.resource;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists in chunks, as kubectl's pager (client-go tools/pager): each request asks for {@code limit} objects and the
 * next one continues from the server's token, until there is none; the chunks are one consistent snapshot, whose
 * resourceVersion is the first chunk's. A continue token that expired (410 Gone) is answered as kubectl does: the
 * whole list once more, in one request. One place for k8s-get's plain requests and the wait's fabric8 lists.
 */
public final class ListPager {
  private ListPager() {}

  /** One response: its items, the list's resourceVersion, and the token to continue from (null or empty: last). */
  public record Page<T>(List<T> items, String resourceVersion, String continueToken) {}

  /** Asks for one page: at most {@code limit} objects (0: no limit), from {@code continueToken} (null: the start). */
  @FunctionalInterface
  public interface Fetch<T> {
    Page<T> get(long limit, String continueToken);
  }

  /** All the items, the snapshot's resourceVersion, and whether an expired token made it list all in one request. */
  public record Listed<T>(List<T> items, String resourceVersion, boolean listedWhole) {}

  public static <T> Listed<T> list(long chunkSize, Fetch<T> fetch) {
    List<T> items = new ArrayList<>();
    String resourceVersion = null;
    String token = null;
    do {
      Page<T> page;
      try {
        page = fetch.get(chunkSize, token);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 410 || token == null) throw e;
        Page<T> whole = fetch.get(0, null);
        return new Listed<>(whole.items(), whole.resourceVersion(), true);
      }
      if (token == null) resourceVersion = page.resourceVersion();
      items.addAll(page.items());
      token = page.continueToken();
    } while (token != null && !token.isEmpty());
    return new Listed<>(items, resourceVersion, false);
  }
}
