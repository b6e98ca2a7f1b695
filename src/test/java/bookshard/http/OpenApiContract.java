package bookshard.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Holds the served OpenAPI document ({@code openapi.yaml}) to what the routes really answer: a
 * route test wraps the node's route with {@link #recording}, every response goes through the
 * validator (status declared for the path and method, body matching its schema, no field the
 * document does not list), and the test fails on what did not match. So the document cannot
 * drift from the code.
 */
final class OpenApiContract extends AllDirectives {
  private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
      .createForInlineApiSpecification(spec()).build();

  private final List<String> mismatches = new ArrayList<>();
  private final Set<String> covered = new TreeSet<>();
  private int validated;

  static String spec() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.yaml is not on the classpath", e);
    }
  }

  /** The route, with each of its responses checked against the document. */
  Route recording(Route inner) {
    return extractRequest(request -> mapResponse(response -> {
      check(request, response);
      return response;
    }, () -> inner));
  }

  private synchronized void check(HttpRequest request, HttpResponse response) {
    String path = request.getUri().path();
    int status = response.status().intValue();
    Request.Method method = Request.Method.valueOf(request.method().value());
    SimpleResponse.Builder r = SimpleResponse.Builder.status(status);
    String contentType = response.entity().getContentType().mediaType().toString();
    r.withContentType(contentType);
    // A streamed entity (a file from the jar) is not read here: its status and type are checked.
    boolean streamed = !(response.entity() instanceof HttpEntity.Strict);
    if (!streamed) {
      r.withBody(((HttpEntity.Strict) response.entity()).getData().utf8String());
    }
    ValidationReport report = VALIDATOR.validateResponse(path, method, r.build());
    validated++;
    for (ValidationReport.Message m : report.getMessages()) {
      boolean unknownPath = m.getKey().equals("validation.request.path.missing")
          || m.getKey().equals("validation.request.operation.notAllowed");
      boolean unread = streamed && m.getKey().equals("validation.response.body.missing");
      if (m.getLevel() == ValidationReport.Level.ERROR && !unread && !(unknownPath && (status == 404 || status == 405))) {
        mismatches.add(method + " " + path + " -> " + status + ": " + m.getKey() + ": " + m.getMessage());
      }
    }
    if (report.getMessages().stream().allMatch(m -> streamed && m.getKey().equals("validation.response.body.missing"))) {
      for (var op : OPERATIONS) {
        if (op.method().equals(method.name()) && op.path().matcher(path).matches()) {
          covered.add(op.name());
        }
      }
    }
  }

  private record Operation(String method, java.util.regex.Pattern path, String name) {}

  /** Every method and path template of the document, as a pattern that matches its request paths. */
  private static final List<Operation> OPERATIONS = operations();

  private static List<Operation> operations() {
    var api = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(spec()).getOpenAPI();
    List<Operation> ops = new ArrayList<>();
    api.getPaths().forEach((template, item) -> {
      var regex = java.util.regex.Pattern.compile(
          java.util.regex.Pattern.quote(template).replaceAll("\\{[^}]+\\}", "\\\\E[^/]+\\\\Q"));
      item.readOperationsMap().keySet().forEach(m -> ops.add(new Operation(m.name(), regex, m.name() + " " + template)));
    });
    return ops;
  }

  /** The document's operations no response was validated for. */
  synchronized Set<String> uncovered() {
    Set<String> all = new TreeSet<>();
    OPERATIONS.forEach(o -> all.add(o.name()));
    all.removeAll(covered);
    return all;
  }

  synchronized List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  /** For a test class's end: every response matched the document, and there were enough of them to mean it. */
  void assertEveryResponseMatched() {
    org.junit.jupiter.api.Assertions.assertEquals(List.of(), mismatches(), "responses that openapi.yaml does not describe");
    org.junit.jupiter.api.Assertions.assertTrue(validated() > 10, "validated " + validated());
  }

  synchronized int validated() {
    return validated;
  }

  synchronized Set<String> covered() {
    return Set.copyOf(covered);
  }
}
