package kubesteps.core.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a user's renewed auth-provider tokens back into the kubeconfig file that holds the user, as kubectl's
 * persister does: the file read, that one user's {@code auth-provider.config} replaced, the file written whole again
 * (in its place, its permissions kept; comments are lost, as with kubectl).
 */
final class KubeconfigWriter {
  private KubeconfigWriter() {}

  @SuppressWarnings("unchecked")
  static void setAuthProviderConfig(Path file, String userName, Map<String, String> config) throws IOException {
    Object root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    if (!(root instanceof Map<?, ?> top) || !(top.get("users") instanceof List<?> users)) {
      throw new IOException("no users in the file");
    }
    boolean found = false;
    for (Object u : users) {
      if (u instanceof Map<?, ?> named && userName.equals(named.get("name")) && named.get("user") instanceof Map<?, ?> user
          && user.get("auth-provider") instanceof Map<?, ?> provider) {
        ((Map<String, Object>) provider).put("config", new LinkedHashMap<>(config));
        found = true;
      }
    }
    if (!found) throw new IOException("no user \"" + userName + "\" with an auth-provider in the file");
    String text = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(root);
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".kubeconfig-", ".tmp");
    try {
      Files.writeString(tmp, text);
      try {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the default permissions
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
