package kubesteps.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code --version}: the tool's name and the version the build wrote into kube-steps-version.properties. */
public class VersionProvider implements IVersionProvider {
  @Spec CommandSpec spec;

  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/kube-steps-version.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    String name = spec == null ? "kube-steps" : spec.name();
    return new String[] {name + " " + version() + " (kube-steps; Java " + Runtime.version().feature() + ")"};
  }
}
