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

  @Test
  void eachHandsOnChunksAsTheyComeAndAfterAnExpiredTokenOnlyWhatWasNotHandedOn() {
    List<List<String>> handed = new ArrayList<>();
    String rv = ListPager.each(2, (limit, token) -> {
      if ("t2".equals(token)) throw gone();
      if (limit == 0) return new ListPager.Page<>(List.of("a", "b", "b2", "c", "d", "e"), "30", null);
      return token == null ? new ListPager.Page<>(List.of("a", "b"), "10", "t1")
          : new ListPager.Page<>(List.of("c", "d"), "10", "t2");
    }, s -> s, handed::add);
    // b2 came into being after the first chunk: it sorts before what was handed on, so it is not handed on (as a
    // snapshot taken before it would not have it); nothing is handed on twice
    assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")), handed);
    assertEquals("30", rv);
    List<List<String>> plain = new ArrayList<>();
    assertEquals("10", ListPager.each(0, (limit, token) -> new ListPager.Page<>(List.of("x"), "10", null), s -> s,
        plain::add));
    assertEquals(List.of(List.of("x")), plain);
  }
}
