package io.proactiveinsights.rules;

import java.util.Objects;

/**
 * A field an audience rule can test: a column of {@code users}, a custom attribute ({@code
 * attr.<name>}), or a {@code page.}/{@code session.} field only the delivery service knows.
 *
 * @param kind what the field is
 * @param name the attribute name for {@link Kind#ATTRIBUTE}, the whole dotted name (e.g. {@code
 *     page.url}) for {@link Kind#RUNTIME}, and the column name otherwise
 */
public record Field(Kind kind, String name) {

  /** The kinds of field, with the value type each holds. */
  public enum Kind {
    PLAN(false),
    ROLE(false),
    SIGNED_UP_AT(true),
    LAST_SEEN_AT(true),
    ATTRIBUTE(false),
    RUNTIME(false);

    private final boolean time;

    Kind(boolean time) {
      this.time = time;
    }

    /** Whether the field holds a timestamp (signed_up_at, last_seen_at). */
    public boolean isTime() {
      return time;
    }
  }

  public static final String ATTRIBUTE_PREFIX = "attr.";
  public static final String EVENT_PREFIX = "event.";
  public static final String PAGE_PREFIX = "page.";
  public static final String SESSION_PREFIX = "session.";

  public static final Field PLAN = new Field(Kind.PLAN, "plan");
  public static final Field ROLE = new Field(Kind.ROLE, "role");
  public static final Field SIGNED_UP_AT = new Field(Kind.SIGNED_UP_AT, "signed_up_at");
  public static final Field LAST_SEEN_AT = new Field(Kind.LAST_SEEN_AT, "last_seen_at");

  public Field {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Field attribute(String name) {
    return new Field(Kind.ATTRIBUTE, name);
  }

  /** A {@code page.} or {@code session.} field, by its whole dotted name. */
  public static Field runtime(String dottedName) {
    return new Field(Kind.RUNTIME, dottedName);
  }

  /**
   * The field as written in canonical rule text: {@code plan}, {@code attr.seats}, {@code
   * page.url}.
   */
  public String text() {
    return kind == Kind.ATTRIBUTE ? ATTRIBUTE_PREFIX + name : name;
  }
}
