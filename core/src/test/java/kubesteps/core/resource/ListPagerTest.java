package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pager's own rules, on pages a test hands it (the real server's chunks: GetCommandIT, WaitCommandIT). */
class ListPagerTest {
  static KubernetesClientException gone() {
    return new KubernetesClientException(new StatusBuilder().withCode(410).withReason("Expired").build());
  }

  @Test
  void chunksAreJoinedWithTheFirstChunksVersion() {
    List<String> asked = new ArrayList<>();
    ListPager.Listed<String> l = ListPager.list(2, (limit, token) -> {
      asked.add(limit + ":" + token);
      return token == null ? new ListPager.Page<>(List.of("a", "b"), "10", "t1")
          : new ListPager.Page<>(List.of("c"), "11", "");
    });
    assertEquals(List.of("a", "b", "c"), l.items());
    assertEquals("10", l.resourceVersion());
    assertFalse(l.listedWhole());
    assertEquals(List.of("2:null", "2:t1"), asked);
  }

  @Test
  void anExpiredTokenListsAllOnceMoreInOneRequest() {
    List<String> asked = new ArrayList<>();
    ListPager.Listed<String> l = ListPager.list(2, (limit, token) -> {
      asked.add(limit + ":" + token);
      if ("t1".equals(token)) throw gone();
      return limit == 0 ? new ListPager.Page<>(List.of("a", "b", "c"), "20", null)
          : new ListPager.Page<>(List.of("a", "b"), "10", "t1");
    });
    assertEquals(List.of("a", "b", "c"), l.items());
    assertEquals("20", l.resourceVersion());
    assertTrue(l.listedWhole());
    assertEquals(List.of("2:null", "2:t1", "0:null"), asked);
    // a 410 on the first request is the server's answer, not an expired token
    assertThrows(KubernetesClientException.class, () -> ListPager.list(2, (limit, token) -> {
      throw gone();
    }));
  }
}
