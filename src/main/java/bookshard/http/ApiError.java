package bookshard.http;

/**
 * A refused request: HTTP status, a stable machine-readable code, the offending field (or
 * null) and a sentence for people. Thrown by validation, turned into a JSON body by the routes.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiError badField(String field, String message) {
    return new ApiError(400, "INVALID_FIELD", field, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
