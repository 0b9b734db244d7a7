package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.Trees;
import org.junit.jupiter.api.Test;

/** kubectl's upgrade from client-side apply, over managed fields as a 1.20 API server writes them. */
class ClientSideApplyUpgradeTest {
  /** What `kubectl apply` (client-side) of a ConfigMap with data a and b leaves (as seen on kube-apiserver 1.20.2). */
  static final String CSA = """
      {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","time":"2026-12-06T14:21:33Z",
       "fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{},"f:b":{}},
       "f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}}""";

  static Object fields(String... entries) {
    return ObjectMaps.parseJson("{\"f\":[" + String.join(",", entries) + "]}").get("f");
  }

  @Test
  void theClientSideApplierIsTheUpdateManagerThatWroteTheAnnotation() {
    assertEquals(Set.of("kubectl-client-side-apply"), ClientSideApplyUpgrade.clientSideAppliers(fields(CSA)));
    // kubectl create (no --save-config), kubectl edit: no annotation of theirs, not client-side appliers
    String create = """
        {"manager":"kubectl-create","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{".":{},"f:a":{}}}}""";
    assertEquals(Set.of(), ClientSideApplyUpgrade.clientSideAppliers(fields(create)));
    // an Apply entry owning the annotation is server-side already
    assertEquals(Set.of(), ClientSideApplyUpgrade.clientSideAppliers(fields(CSA.replace("\"Update\"", "\"Apply\""))));
    assertEquals(Set.of(), ClientSideApplyUpgrade.clientSideAppliers(null));
  }

  @Test
  void withoutAnApplyEntryTheAppliersEntryBecomesOurs() {
    List<Object> out = ClientSideApplyUpgrade.upgraded(fields(CSA), Set.of("kubectl-client-side-apply"), "k8s-apply");
    assertEquals(1, out.size());
    assertEquals("k8s-apply", Trees.at(out.get(0), "manager"));
    assertEquals("Apply", Trees.at(out.get(0), "operation"));
    assertEquals("v1", Trees.at(out.get(0), "apiVersion"));
    assertEquals(((Map<?, ?>) ((List<?>) fields(CSA)).get(0)).get("fieldsV1"), Trees.at(out.get(0), "fieldsV1"));
  }

  @Test
  void withAnApplyEntryTheAppliersFieldsJoinItAndItsUpdateEntriesGo() {
    String ours = """
        {"manager":"k8s-apply","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{"f:c":{}},"f:metadata":{"f:labels":{"f:x":{}}}}}""";
    String other = """
        {"manager":"helm","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{"f:d":{}}}}""";
    String olderCsa = CSA.replace("\"v1\"", "\"v1beta1\"");
    List<Object> out = ClientSideApplyUpgrade.upgraded(fields(other, CSA, ours, olderCsa),
        Set.of("kubectl-client-side-apply"), "k8s-apply");
    assertEquals(2, out.size());
    assertEquals("helm", Trees.at(out.get(0), "manager"));
    assertEquals(ObjectMaps.parseJson("""
        {"f:data":{".":{},"f:c":{},"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{"f:x":{}},
         "f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}"""),
        Trees.at(out.get(1), "fieldsV1"));
    assertEquals("Apply", Trees.at(out.get(1), "operation"));
  }

  @Test
  void nothingToDoIsNull() {
    String ours = """
        {"manager":"k8s-apply","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{"f:a":{}}}}""";
    assertNull(ClientSideApplyUpgrade.upgraded(fields(ours), Set.of("kubectl-client-side-apply"), "k8s-apply"));
    assertNull(ClientSideApplyUpgrade.upgraded(fields(ours), Set.of(), "k8s-apply"));
    assertNull(ClientSideApplyUpgrade.upgraded(null, Set.of("x"), "k8s-apply"));
  }

  @Test
  void aSubresourcesEntriesStay() {
    String status = CSA.replace("\"operation\":\"Update\"", "\"operation\":\"Update\",\"subresource\":\"status\"");
    assertNull(ClientSideApplyUpgrade.upgraded(fields(status), Set.of("kubectl-client-side-apply"), "k8s-apply"));
  }

  @Test
  void unionMarksANodeThatIsAFieldAndHasFields() {
    Map<String, Object> a = ObjectMaps.parseJson("{\"f:spec\":{},\"f:data\":{\"f:x\":{}}}");
    Map<String, Object> b = ObjectMaps.parseJson("{\"f:spec\":{\"f:y\":{}},\"f:data\":{\"f:z\":{}}}");
    assertEquals(ObjectMaps.parseJson("{\"f:spec\":{\".\":{},\"f:y\":{}},\"f:data\":{\"f:x\":{},\"f:z\":{}}}"),
        ClientSideApplyUpgrade.union(a, b));
  }

  @Test
  void thePatchReplacesTheFieldsAtTheVersionTheyWereReadAt() {
    List<Object> patch = ClientSideApplyUpgrade.patch(List.of(), "42");
    assertEquals("/metadata/managedFields", Trees.at(patch.get(0), "path"));
    assertEquals("replace", Trees.at(patch.get(1), "op"));
    assertEquals("42", Trees.at(patch.get(1), "value"));
  }

  @Test
  void conflictingManagersComeFromTheCauses() {
    assertEquals(new LinkedHashSet<>(List.of("helm", "kubectl-create")), ClientSideApplyUpgrade.conflictingManagers(
        List.of("conflict with \"helm\" using v1", "conflict with \"kubectl-create\" using v1",
            "conflict with \"helm\" using v1")));
    assertEquals(Set.of("say \"hi\""), ClientSideApplyUpgrade.conflictingManagers(
        List.of("conflict with \"say \\\"hi\\\"\" with subresource \"status\" using v1")));
    assertNull(ClientSideApplyUpgrade.conflictingManagers(List.of("something else")));
  }

  @Test
  void theServersMessageOnOneLine() {
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a",
        ClientSideApplyUpgrade.oneLine("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a"));
    assertEquals("Apply failed with 4 conflicts: conflicts with \"helm\" using v1: .data.c; conflicts with"
        + " \"kubectl-create\" using v1: .data.a, .data.b, .metadata.labels.x", ClientSideApplyUpgrade.oneLine(
        "Apply failed with 4 conflicts: conflicts with \"helm\" using v1:\n- .data.c\nconflicts with \"kubectl-create\""
            + " using v1:\n- .data.a\n- .data.b\n- .metadata.labels.x"));
  }
}
