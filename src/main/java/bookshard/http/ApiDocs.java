package bookshard.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/** Where the OpenAPI document and Swagger UI's files are on the classpath. */
final class ApiDocs {
  private ApiDocs() {}

  static final ContentType YAML = ContentTypes.create(MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8));

  /** The swagger-ui webjar's files; its directory is named after its version, read from the jar itself. */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/" + webjarVersion();

  private static String webjarVersion() {
    try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the swagger-ui webjar is missing from the classpath", e);
    }
  }
}
