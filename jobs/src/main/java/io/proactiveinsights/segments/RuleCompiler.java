package io.proactiveinsights.segments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.try_element_at;

import io.proactiveinsights.rules.CompareOp;
import io.proactiveinsights.rules.Field;
import io.proactiveinsights.rules.Literal;
import io.proactiveinsights.rules.Rule;
import io.proactiveinsights.rules.RuleDuration;
import io.proactiveinsights.rules.TimeLiterals;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Compiles a rule into one boolean Spark {@link Column} over the bronze {@code users} columns
 * ({@code plan}, {@code role}, {@code signed_up_at}, {@code last_seen_at}, {@code attributes}) and
 * the last-occurrence columns of {@link EventColumns}, as of a given instant. Built-in expressions
 * only (no UDF), so Spark generates code for all rules of a run in one projection.
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li>A number literal compares numerically: the value is {@code try_cast} to double, and a value
 *       that is not a number (or NaN) does not match. A string literal compares exactly
 *       (case-sensitive); {@code <}, {@code >} on strings compare by UTF-8 bytes. {@code CONTAINS}
 *       is a case-sensitive substring test (a number is taken as written).
 *   <li>Time fields compare with a timestamp literal, a date (its midnight UTC) or epoch seconds.
 *       {@code WITHIN d} means {@code [asOf - d, asOf]}; {@code BEFORE d} means strictly before
 *       {@code asOf - d}. On {@code attr.X} the value is {@code try_cast} to a timestamp first.
 *   <li>{@code event.X WITHIN d}: the last X event lies in {@code [asOf - d, asOf]}; {@code event.X
 *       NEVER}: no X event before asOf in all the history the inputs held (the event columns come
 *       from {@code bronze_user_event_history}, which ingest does not cut to {@code
 *       ingest.lookback_days}), so a {@code WITHIN} longer than the lookback is right too.
 *   <li>NULL never matches, and {@code NOT} is the complement: each predicate is two-valued (a NULL
 *       or missing value makes it false), so {@code NOT plan = 'Free'} matches users with no plan
 *       while {@code plan != 'Free'} does not.
 *   <li>A runtime condition ({@code page.}, {@code session.}) is undecidable here; the column
 *       matches every user who could match for some runtime values: the condition counts as true,
 *       and under {@code NOT} its negation counts as true too, so the segment is the smallest
 *       superset the delivery service can narrow down.
 * </ul>
 */
public final class RuleCompiler {

  public static final String PLAN = "plan";
  public static final String ROLE = "role";
  public static final String SIGNED_UP_AT = "signed_up_at";
  public static final String LAST_SEEN_AT = "last_seen_at";
  public static final String ATTRIBUTES = "attributes";

  private final Instant asOf;
  private final EventColumns events;

  /**
   * @param asOf the as-of time every relative condition is measured from (never the wall clock)
   * @param events the last-occurrence columns of the events the rules refer to
   */
  public RuleCompiler(Instant asOf, EventColumns events) {
    this.asOf = asOf;
    this.events = events;
  }

  /** True for the users the rule matches (or may match, with runtime conditions); never null. */
  public Column compile(Rule rule) {
    return compile(rule, true);
  }

  /**
   * @param possibly true: the users the rule may match whatever the runtime conditions turn out to
   *     be; false: the users it matches for certain. They differ only where runtime conditions are.
   */
  private Column compile(Rule rule, boolean possibly) {
    return rule.accept(
        new Rule.Visitor<>() {
          @Override
          public Column or(Rule.Or or) {
            return fold(or.operands(), possibly, true);
          }

          @Override
          public Column and(Rule.And and) {
            return fold(and.operands(), possibly, false);
          }

          @Override
          public Column not(Rule.Not n) {
            return org.apache.spark.sql.functions.not(compile(n.operand(), !possibly));
          }

          @Override
          public Column everyone(Rule.Everyone e) {
            return lit(true);
          }

          @Override
          public Column runtime(Rule.RuntimeCondition r) {
            return lit(possibly);
          }

          @Override
          public Column eventNever(Rule.EventNever e) {
            return events.lastOccurrence(e.eventName()).isNull();
          }

          @Override
          public Column eventWithin(Rule.EventWithin e) {
            return definite(inWindow(events.lastOccurrence(e.eventName()), e.duration()));
          }

          @Override
          public Column within(Rule.Within w) {
            return definite(inWindow(time(w.field()), w.duration()));
          }

          @Override
          public Column before(Rule.Before b) {
            return definite(time(b.field()).lt(timestamp(asOf.minus(b.duration().toDuration()))));
          }

          @Override
          public Column in(Rule.In in) {
            return definite(anyOf(in));
          }

          @Override
          public Column compare(Rule.Compare c) {
            return definite(comparison(c.field(), c.op(), c.literal()));
          }
        });
  }

  /**
   * The operands joined by OR (or AND) as a balanced tree: a flat chain of n operands is log2(n)
   * deep instead of n, so Catalyst's and the code generator's recursive walks stay shallow however
   * long the chain.
   */
  private Column fold(List<Rule> operands, boolean possibly, boolean or) {
    List<Column> level = new ArrayList<>(operands.size());
    for (Rule operand : operands) {
      level.add(compile(operand, possibly));
    }
    while (level.size() > 1) {
      List<Column> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(or ? level.get(i).or(level.get(i + 1)) : level.get(i).and(level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }

  private Column anyOf(Rule.In in) {
    List<Object> strings = new ArrayList<>();
    Column result = null;
    for (Literal value : in.values()) {
      if (value instanceof Literal.Text t && !in.field().kind().isTime()) {
        strings.add(t.value());
      } else {
        Column equal = comparison(in.field(), CompareOp.EQ, value);
        result = result == null ? equal : result.or(equal);
      }
    }
    if (!strings.isEmpty()) {
      Column anyString = value(in.field()).isin(strings.toArray());
      result = result == null ? anyString : anyString.or(result);
    }
    return result;
  }

  private Column comparison(Field field, CompareOp op, Literal literal) {
    if (field.kind().isTime()) {
      Instant at =
          TimeLiterals.instant(literal)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Cannot compile " + field.text() + ": " + literal + " is not a time"));
      return apply(op, col(field.name()), timestamp(at));
    }
    Column value = value(field);
    if (literal instanceof Literal.Text t) {
      return op == CompareOp.CONTAINS
          ? value.contains(t.value())
          : apply(op, value, lit(t.value()));
    }
    Literal.Number n = (Literal.Number) literal;
    if (op == CompareOp.CONTAINS) {
      return value.contains(n.value().toPlainString());
    }
    Column number = value.try_cast(DataTypes.DoubleType);
    return not(isnan(number)).and(apply(op, number, lit(n.value().doubleValue())));
  }

  private static Column apply(CompareOp op, Column left, Column right) {
    return switch (op) {
      case EQ -> left.equalTo(right);
      case NE -> left.notEqual(right);
      case LT -> left.lt(right);
      case LE -> left.leq(right);
      case GT -> left.gt(right);
      case GE -> left.geq(right);
      case CONTAINS ->
          throw new IllegalArgumentException("Cannot apply CONTAINS here: it compares text");
    };
  }

  private Column inWindow(Column time, RuleDuration duration) {
    return time.geq(timestamp(asOf.minus(duration.toDuration()))).and(time.leq(timestamp(asOf)));
  }

  /** The field as a timestamp: the column itself for time fields, a try_cast for attributes. */
  private static Column time(Field field) {
    return field.kind().isTime()
        ? col(field.name())
        : value(field).try_cast(DataTypes.TimestampType);
  }

  private static Column value(Field field) {
    return switch (field.kind()) {
      case PLAN -> col(PLAN);
      case ROLE -> col(ROLE);
      case SIGNED_UP_AT -> col(SIGNED_UP_AT);
      case LAST_SEEN_AT -> col(LAST_SEEN_AT);
      case ATTRIBUTE -> try_element_at(col(ATTRIBUTES), lit(field.name()));
      case RUNTIME ->
          throw new IllegalArgumentException(
              "Cannot compile " + field.text() + ": only the delivery service knows it");
    };
  }

  /** NULL (an unknown value) becomes false, so NOT stays a complement. */
  private static Column definite(Column predicate) {
    return coalesce(predicate, lit(false));
  }

  private static Column timestamp(Instant instant) {
    return lit(Timestamp.from(instant));
  }
}
