package bookshard.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

/** JSON in and out, strict: one document, no duplicate keys, shallow nesting. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(40).build())
          .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiError.badField("body", "request body must be a JSON object");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badField("body", "malformed JSON" + where(e) + ": " + reason(e));
    }
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /**
   * The parser's reason, without its advice to the programmer (features to enable, settings):
   * the first clause of its first line.
   */
  private static String reason(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    for (String cut : new String[] {": enable", "; enable", " (for ", ": was expecting", " (`", " (start marker", " at [Source"}) {
      int i = m.indexOf(cut);
      if (i > 0) {
        m = m.substring(0, i);
      }
    }
    boolean internal = m.contains("`") || m.contains("Feature") || m.contains("jackson") || m.contains("Source")
        || m.isBlank();
    return internal ? "not a valid JSON document" : m;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse response(int status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, write(body));
  }

  public static HttpResponse ok(JsonNode body) {
    return response(200, body);
  }

  public static HttpResponse error(ApiError e) {
    ObjectNode body = object().put("error", e.code());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    body.put("message", e.getMessage());
    HttpResponse r = response(e.status(), body);
    if (e.status() == 503 || e.status() == 429) {
      r = r.addHeader(RetryAfter.create(1L));
    }
    return r;
  }
}
