package bookshard.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests too malformed to reach the routes (bad request line, over-long URI or headers) get
 * the same JSON error body as everything else. Configured as pekko.http.server.parsing.error-handler.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("unparsable request: {}", info.formatPretty());
    String code = switch (status.intValue()) {
      case 414 -> "URI_TOO_LONG";
      case 413 -> "BODY_TOO_LARGE";
      case 431 -> "HEADERS_TOO_LARGE";
      case 505 -> "UNSUPPORTED_HTTP_VERSION";
      default -> "BAD_REQUEST";
    };
    // A request we cannot parse is the client's fault: never answer it with a 5xx.
    int answer = status.intValue() >= 500 ? 400 : status.intValue();
    return Json.error(new ApiError(answer, code, null, message(info)));
  }

  /** The parser's summary, unless it names settings or internals a client has no use for. */
  static String message(ErrorInfo info) {
    String all = info.summary() + " " + info.detail();
    if (all.contains(FirstRequestGuard.MALFORMED.substring(0, 10))) {
      return "malformed request line: expected METHOD SP request-target SP HTTP-version";
    }
    String summary = info.summary();
    boolean internal = summary.contains("pekko") || summary.contains("`") || summary.contains("Exception");
    return internal || summary.isBlank() ? "the request could not be parsed" : summary;
  }
}
