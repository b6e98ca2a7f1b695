package bookshard.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A PKCS12 key store with one self-signed EC key (secp256r1, 2 days), made by the JDK's keytool. */
public final class SelfSigned {
  private SelfSigned() {}

  /** {@code extensions}: keytool {@code -ext} values, e.g. {@code SAN=ip:127.0.0.1,dns:localhost}. */
  public static Path keystore(Path file, String alias, String commonName, String password, String... extensions)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + commonName, "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", password, "-keypass", password));
    for (String e : extensions) {
      cmd.add("-ext");
      cmd.add(e);
    }
    Process keytool = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
    }
    return file;
  }
}
