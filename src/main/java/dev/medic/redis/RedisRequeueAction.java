package dev.medic.redis;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.config.Redact;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts stuck work back on its queue: moves up to {@code max_items} ids from {@code from} onto the
 * list {@code to} (LPUSH, the producer's end of an LPUSH/BRPOP queue), atomically, in one script.
 * {@code from} may be a list (a processing list; oldest items first), a set of ids, or a sorted set
 * scored by the epoch seconds the work started, where {@code older_than} moves only the items
 * started longer ago than that.
 *
 * @param maxItems at most this many ids per run (default 1000)
 * @param olderThan only with a sorted set: items whose score is older than this
 */
public record RedisRequeueAction(
    String url,
    String password,
    String from,
    String to,
    Integer maxItems,
    Duration olderThan,
    Duration timeout)
    implements ActionSpec {

  /**
   * Chooses the ids and, unless ARGV[4] is '1' (a plan), moves them, atomically. Both types are
   * checked before anything moves: a script stopped halfway is not rolled back. A plan reads the
   * same ids a run would take (a set's SPOP picks at random, so a plan of a set larger than
   * max_items shows a random sample and says so). Returns the type of {@code from}, the ids, how
   * many items {@code from} holds after (or would hold), how many of those are old enough to move,
   * and 1 when the ids are a random sample.
   */
  private static final String REQUEUE = """
      local from_type = redis.call('TYPE', KEYS[1]).ok
      local to_type = redis.call('TYPE', KEYS[2]).ok
      if to_type ~= 'list' and to_type ~= 'none' then
        return redis.error_reply('to is a ' .. to_type .. ', expected a list')
      end
      if ARGV[3] == '1' and from_type ~= 'zset' and from_type ~= 'none' then
        return redis.error_reply('older_than needs from to be a sorted set scored by epoch seconds, it is a ' .. from_type)
      end
      local n = tonumber(ARGV[1])
      local plan = ARGV[4] == '1'
      local moved = {}
      local sample = 0
      if from_type == 'list' then
        if plan then
          local items = redis.call('LRANGE', KEYS[1], -n, -1)
          for i = #items, 1, -1 do moved[#moved + 1] = items[i] end
        else
          for i = 1, n do
            local v = redis.call('RPOP', KEYS[1])
            if not v then break end
            redis.call('LPUSH', KEYS[2], v)
            moved[#moved + 1] = v
          end
        end
      elseif from_type == 'set' then
        if plan then
          if redis.call('SCARD', KEYS[1]) > n then
            sample = 1
            moved = redis.call('SRANDMEMBER', KEYS[1], n)
          else
            moved = redis.call('SMEMBERS', KEYS[1])
          end
        else
          for i = 1, n do
            local v = redis.call('SPOP', KEYS[1])
            if not v then break end
            redis.call('LPUSH', KEYS[2], v)
            moved[#moved + 1] = v
          end
        end
      elseif from_type == 'zset' then
        local items = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, n)
        for _, v in ipairs(items) do
          if not plan then
            redis.call('ZREM', KEYS[1], v)
            redis.call('LPUSH', KEYS[2], v)
          end
          moved[#moved + 1] = v
        end
      elseif from_type ~= 'none' then
        return redis.error_reply('from is a ' .. from_type .. ', expected a list, set or sorted set')
      end
      local left, movable = 0, 0
      if from_type == 'list' then
        left = redis.call('LLEN', KEYS[1])
        movable = left
      elseif from_type == 'set' then
        left = redis.call('SCARD', KEYS[1])
        movable = left
      elseif from_type == 'zset' then
        left = redis.call('ZCARD', KEYS[1])
        movable = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[2])
      end
      if plan then
        left = left - #moved
        movable = movable - #moved
      end
      return {from_type, moved, left, movable, sample}
      """;

  public RedisRequeueAction {
    RedisEndpoint.of(url, password);
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException("from is required: the processing list, set or sorted set");
    }
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("to is required: the queue (a list) to put the ids back on");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("from and to must differ, both are '" + from + "'");
    }
    maxItems = maxItems == null ? 1000 : maxItems;
    if (maxItems < 1 || maxItems > 100_000) {
      throw new IllegalArgumentException("max_items must be 1..100000, got " + maxItems);
    }
    if (olderThan != null && (olderThan.isZero() || olderThan.isNegative())) {
      throw new IllegalArgumentException("older_than must be more than 0, got " + Durations.format(olderThan));
    }
  }

  @Override
  public String describe(ActionContext context) {
    return "redis_requeue " + context.render(from) + " -> " + context.render(to)
        + (olderThan == null ? "" : " (older than " + Durations.format(olderThan) + ")")
        + " at most " + maxItems + " on " + RedisEndpoint.of(url, password);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    return requeue(context, false);
  }

  /** Names the ids {@link #run} would move now (the same script, moving nothing). */
  @Override
  public ActionOutcome plan(ActionContext context) {
    return requeue(context, true);
  }

  private ActionOutcome requeue(ActionContext context, boolean plan) {
    String source = context.render(from);
    String target = context.render(to);
    String cutoff = olderThan == null ? "+inf"
        : "(" + java.math.BigDecimal.valueOf(Instant.now().minus(olderThan).toEpochMilli(), 3).toPlainString();
    return RedisRun.connected(RedisEndpoint.of(url, password), effectiveTimeout(), jedis -> {
      Object reply = jedis.eval(REQUEUE, List.of(source, target),
          List.of(Integer.toString(maxItems), cutoff, olderThan == null ? "0" : "1", plan ? "1" : "0"));
      return outcome(Moved.of((List<?>) reply), source, target, plan);
    });
  }

  /** What the script chose: the ids, and what {@code from} holds after. */
  private record Moved(String type, List<String> ids, long left, long movable, boolean sample) {
    static Moved of(List<?> parts) {
      List<String> ids = new ArrayList<>();
      for (Object id : (List<?>) parts.get(1)) {
        ids.add(id instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(id));
      }
      return new Moved(String.valueOf(parts.get(0)), ids, (Long) parts.get(2), (Long) parts.get(3),
          ((Long) parts.get(4)) == 1);
    }
  }

  private ActionOutcome outcome(Moved m, String source, String target, boolean plan) {
    String verb = plan ? "would requeue " : "requeued ";
    if ("none".equals(m.type())) {
      return ActionOutcome.noEffect(verb + "0 items: '" + source + "' does not exist (nothing stuck)");
    }
    StringBuilder detail = new StringBuilder(verb).append(RedisRun.count(m.ids().size(), "item")).append(" from ")
        .append(kind(m.type())).append(" '").append(source).append("' to '").append(target).append("'");
    if (!m.ids().isEmpty()) {
      detail.append(m.sample() ? ", picked at random by SPOP, such as: " : ": ").append(RedisRun.listed(m.ids()));
    }
    detail.append("; ").append(m.left()).append(" left in '").append(source).append("'");
    long young = m.left() - m.movable();
    if (young > 0) {
      detail.append(" (").append(young).append(" started less than ").append(Durations.format(olderThan))
          .append(" ago)");
    }
    if (m.ids().size() >= maxItems && m.movable() > 0) {
      detail.append("; max_items ").append(maxItems).append(" reached");
    }
    return m.ids().isEmpty() ? ActionOutcome.noEffect(detail.toString()) : ActionOutcome.ok(detail.toString());
  }

  private static String kind(String type) {
    return switch (type) {
      case "zset" -> "sorted set";
      default -> type;
    };
  }

  @Override
  public String toString() {
    return "RedisRequeueAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + ", from=" + from + ", to=" + to + ", max_items=" + maxItems + "]";
  }
}
