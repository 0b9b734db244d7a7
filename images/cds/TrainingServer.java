// A stand-in Kubernetes API server for the build's class-data training runs (images/cds/make-archive.sh): HTTPS
// on 127.0.0.1 (as a real one: the TLS classes belong in the archive), with the key in a PKCS12 keystore, canned answers for what the tools ask in one typical run (discovery of the core group, one
// ConfigMap get/list, a server-side apply), so that the archive holds the classes a real run loads (HTTP client,
// JSON reading and writing, printing). Run with the JDK's single-file launcher: java TrainingServer.java PORT_FILE KEYSTORE PASSWORD
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class TrainingServer {
  static final String CM = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":"
      + "\"default\",\"uid\":\"0b6c6f8e-1111-2222-3333-444455556666\",\"resourceVersion\":\"7\","
      + "\"creationTimestamp\":\"2024-01-01T00:00:00Z\",\"labels\":{\"app\":\"train\"}},\"data\":{\"mode\":\"fast\"}}";
  static final String RESOURCES = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
      + "{\"name\":\"configmaps\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"ConfigMap\",\"verbs\":"
      + "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"cm\"]},"
      + "{\"name\":\"namespaces\",\"singularName\":\"\",\"namespaced\":false,\"kind\":\"Namespace\",\"verbs\":"
      + "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"ns\"]}]}";
  static final String GROUPS = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";

  public static void main(String[] args) throws Exception {
    char[] password = args[2].toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[1])) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", TrainingServer::answer);
    server.start();
    Files.writeString(Path.of(args[0]), Integer.toString(server.getAddress().getPort()));
  }

  static void answer(HttpExchange x) throws IOException {
    x.getRequestBody().readAllBytes();
    String path = x.getRequestURI().getPath();
    String body;
    int code = 200;
    if (path.equals("/api/v1")) body = RESOURCES;
    else if (path.equals("/apis")) body = GROUPS;
    else if (path.equals("/api")) body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
    else if (path.endsWith("/configmaps/x")) body = CM;
    else if (path.endsWith("/configmaps")) {
      body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
          + CM + "]}";
    } else {
      code = 404;
      body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
          + "\"message\":\"" + path + " not found\"}";
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    x.getResponseBody().write(b);
    x.close();
  }
}
