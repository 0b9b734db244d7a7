package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Status;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's Status read without Jackson's mapper: the fields the tools read, as Jackson's binding gives them. */
class ApiRequestsStatusTest {
  @ParameterizedTest
  @ValueSource(strings = {
      // what kube-apiserver answers: an invalid name, a conflict of server-side apply, too many requests, not found
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"ConfigMap "
          + "\\\"cm-Bad\\\" is invalid: metadata.name: Invalid value\",\"reason\":\"Invalid\",\"details\":{\"name\":"
          + "\"cm-Bad\",\"kind\":\"ConfigMap\",\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid "
          + "value\",\"field\":\"metadata.name\"}]},\"code\":422}",
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Apply failed with 1 conflict\","
          + "\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"reason\":\"FieldManagerConflict\",\"message\":"
          + "\"conflict with \\\"kubectl\\\"\",\"field\":\".data.a\"}]},\"code\":409}",
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Too many requests\","
          + "\"reason\":\"TooManyRequests\",\"details\":{\"retryAfterSeconds\":1},\"code\":429}",
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"configmaps \\\"x\\\" not found\","
          + "\"reason\":\"NotFound\",\"details\":{\"name\":\"x\",\"group\":\"\",\"kind\":\"configmaps\",\"uid\":\"u\"},"
          + "\"code\":404}"})
  void theFieldsJacksonsBindingGives(String json) {
    Status jackson = ObjectMaps.serialization().unmarshal(json, Status.class);
    Status plain = ApiRequests.status(ObjectMaps.parseJson(json));
    assertEquals(Arrays.asList(jackson.getApiVersion(), jackson.getKind(), jackson.getCode(), jackson.getStatus(),
        jackson.getReason(), jackson.getMessage()), Arrays.asList(plain.getApiVersion(), plain.getKind(),
        plain.getCode(), plain.getStatus(), plain.getReason(), plain.getMessage()));
    var jd = jackson.getDetails();
    var pd = plain.getDetails();
    assertEquals(Arrays.asList(jd.getName(), jd.getGroup(), jd.getKind(), jd.getUid(),
        jd.getRetryAfterSeconds(), jd.getCauses()), Arrays.asList(pd.getName(), pd.getGroup(), pd.getKind(),
        pd.getUid(), pd.getRetryAfterSeconds(), pd.getCauses()));
  }
}
