package kubesteps.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Put above {@code @EnableKubeAPIServer}: checks that etcd and kube-apiserver are installed before kube-api-test
 * starts them. Missing binaries fail the class under CI ({@code CI=true}) and skip it elsewhere, with the command that
 * installs them ({@code scripts/install-kube-apiserver.sh}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ApiServerBinariesCheck.class)
public @interface RequiresApiServerBinaries {}
