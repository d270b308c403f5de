package io.proactiveinsights.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typed syntax tree of an audience rule (see {@code docs/rules.md}). {@link RuleParser} builds
 * it, {@link RuleRenderer} prints it back as canonical rule text, {@code segments.RuleCompiler}
 * turns it into a Spark column. {@link Or} and {@link And} hold two or more operands; parentheses
 * in the text show up as nesting.
 */
public sealed interface Rule
    permits Rule.Or,
        Rule.And,
        Rule.Not,
        Rule.Everyone,
        Rule.Compare,
        Rule.In,
        Rule.Within,
        Rule.Before,
        Rule.EventWithin,
        Rule.EventNever,
        Rule.RuntimeCondition {

  /**
   * One method per kind of rule (Java 17 has no pattern matching in switch): a new kind of rule
   * fails to compile until every visitor handles it.
   */
  interface Visitor<T> {
    T or(Or rule);

    T and(And rule);

    T not(Not rule);

    T everyone(Everyone rule);

    T compare(Compare rule);

    T in(In rule);

    T within(Within rule);

    T before(Before rule);

    T eventWithin(EventWithin rule);

    T eventNever(EventNever rule);

    T runtime(RuntimeCondition rule);
  }

  <T> T accept(Visitor<T> visitor);

  /** {@code a OR b OR …}. */
  record Or(List<Rule> operands) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.or(this);
    }

    public Or {
      operands = atLeastTwo(operands, "OR");
    }
  }

  /** {@code a AND b AND …}. */
  record And(List<Rule> operands) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.and(this);
    }

    public And {
      operands = atLeastTwo(operands, "AND");
    }
  }

  /**
   * {@code NOT a}: the users that {@code a} does not match (see {@code segments.RuleCompiler} on
   * NULL).
   */
  record Not(Rule operand) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.not(this);
    }

    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** {@code everyone}: every user. */
  record Everyone() implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.everyone(this);
    }
  }

  /** {@code field op literal}, e.g. {@code plan = 'Pro'} or {@code attr.seats >= 10}. */
  record Compare(Field field, CompareOp op, Literal literal) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.compare(this);
    }

    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(literal, "literal");
    }
  }

  /** {@code field IN (literal, …)}: equal to any of the values. */
  record In(Field field, List<Literal> values) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.in(this);
    }

    public In {
      Objects.requireNonNull(field, "field");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("Cannot build IN: no values");
      }
    }
  }

  /** {@code field WITHIN 7d}: the time lies in {@code [asOf - 7d, asOf]}. */
  record Within(Field field, RuleDuration duration) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.within(this);
    }

    public Within {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** {@code field BEFORE 30d}: the time lies more than 30 days before the as-of time. */
  record Before(Field field, RuleDuration duration) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.before(this);
    }

    public Before {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * {@code event.name WITHIN 7d}: the user's last {@code name} event lies in {@code [asOf - 7d,
   * asOf]}.
   */
  record EventWithin(String eventName, RuleDuration duration) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.eventWithin(this);
    }

    public EventWithin {
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * {@code event.name NEVER}: no {@code name} event up to the as-of time (in the ingested history).
   */
  record EventNever(String eventName) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.eventNever(this);
    }

    public EventNever {
      Objects.requireNonNull(eventName, "eventName");
    }
  }

  /**
   * A condition on a {@code page.} or {@code session.} field, which only the delivery service can
   * decide. {@code condition} is a {@link Compare}, {@link In}, {@link Within} or {@link Before}
   * whose field is {@link Field.Kind#RUNTIME}.
   */
  record RuntimeCondition(Rule condition) implements Rule {
    @Override
    public <T> T accept(Visitor<T> visitor) {
      return visitor.runtime(this);
    }

    public RuntimeCondition {
      Objects.requireNonNull(condition, "condition");
      Field field;
      if (condition instanceof Compare c) {
        field = c.field();
      } else if (condition instanceof In i) {
        field = i.field();
      } else if (condition instanceof Within w) {
        field = w.field();
      } else if (condition instanceof Before b) {
        field = b.field();
      } else {
        throw new IllegalArgumentException("Cannot build a runtime condition from " + condition);
      }
      if (field.kind() != Field.Kind.RUNTIME) {
        throw new IllegalArgumentException(
            "Cannot build a runtime condition on "
                + field.text()
                + ": not a page. or session. field");
      }
    }
  }

  /** The event names the rule refers to ({@code event.<name>}), sorted. */
  default Set<String> eventNames() {
    Set<String> names = new TreeSet<>();
    collect(this, names, new ArrayList<>());
    return names;
  }

  /** The runtime conditions in the rule, in the order they are written. */
  default List<RuntimeCondition> runtimeConditions() {
    List<RuntimeCondition> conditions = new ArrayList<>();
    collect(this, new TreeSet<>(), conditions);
    return conditions;
  }

  private static void collect(Rule rule, Set<String> events, List<RuntimeCondition> runtime) {
    if (rule instanceof Or or) {
      or.operands().forEach(r -> collect(r, events, runtime));
    } else if (rule instanceof And and) {
      and.operands().forEach(r -> collect(r, events, runtime));
    } else if (rule instanceof Not not) {
      collect(not.operand(), events, runtime);
    } else if (rule instanceof EventWithin e) {
      events.add(e.eventName());
    } else if (rule instanceof EventNever e) {
      events.add(e.eventName());
    } else if (rule instanceof RuntimeCondition r) {
      runtime.add(r);
    }
  }

  private static List<Rule> atLeastTwo(List<Rule> operands, String what) {
    List<Rule> copy = List.copyOf(operands);
    if (copy.size() < 2) {
      throw new IllegalArgumentException(
          "Cannot build " + what + ": needs at least two operands (got " + copy.size() + ")");
    }
    return copy;
  }
}
