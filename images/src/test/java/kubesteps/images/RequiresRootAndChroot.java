package kubesteps.images;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Put first on a class that runs images with {@link ImageRoot}: it needs root (chroot, mount), the chroot, mount,
 * umount and tar commands, and the image tarballs ({@code ./mvnw package} writes them). Without one of these the
 * class is skipped with the reason, except under CI ({@code CI=true}), where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresRootAndChroot.Check.class)
@interface RequiresRootAndChroot {
  /** Modules whose {@code target/jib-image.tar} the class runs. */
  String[] images();

  final class Check implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      String problem = problem(context.getRequiredTestClass().getAnnotation(RequiresRootAndChroot.class).images());
      if (problem == null) return;
      String message = "cannot run the images here: " + problem;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(message);
      Assumptions.abort(message);
    }

    private static String problem(String[] images) throws Exception {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!Integer.valueOf(0).equals(uid)) return "not root (uid " + uid + "); chroot and mount need root";
      for (String tool : new String[] {"chroot", "mount", "umount", "tar"}) {
        if (ImageRoot.command(tool) == null) return "no `" + tool + "` in /usr/sbin, /usr/bin, /sbin, /bin";
      }
      for (String image : images) {
        Path tar = ImageRoot.tarball(image);
        if (!Files.isRegularFile(tar)) {
          return "no " + tar + " (build the images first: ./mvnw package; -Djib.skip=true builds none)";
        }
      }
      return null;
    }
  }
}
