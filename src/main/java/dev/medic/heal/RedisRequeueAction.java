package dev.medic.heal;

import dev.medic.config.Durations;
import dev.medic.config.Redact;
import dev.medic.redis.RedisEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

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

  /** Both types are checked before anything moves: a script stopped halfway is not rolled back. */
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
      local moved = {}
      if from_type == 'list' or from_type == 'set' then
        local pop = from_type == 'list' and 'RPOP' or 'SPOP'
        for i = 1, n do
          local v = redis.call(pop, KEYS[1])
          if not v then break end
          redis.call('LPUSH', KEYS[2], v)
          moved[#moved + 1] = v
        end
      elseif from_type == 'zset' then
        local items = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, n)
        for _, v in ipairs(items) do
          redis.call('ZREM', KEYS[1], v)
          redis.call('LPUSH', KEYS[2], v)
          moved[#moved + 1] = v
        end
      elseif from_type ~= 'none' then
        return redis.error_reply('from is a ' .. from_type .. ', expected a list, set or sorted set')
      end
      return {from_type, moved}
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
    String source = context.render(from);
    String target = context.render(to);
    String cutoff = olderThan == null ? "+inf"
        : "(" + java.math.BigDecimal.valueOf(Instant.now().minus(olderThan).toEpochMilli(), 3).toPlainString();
    return RedisRun.connected(RedisEndpoint.of(url, password), effectiveTimeout(),
        jedis -> requeue(jedis, source, target, cutoff));
  }

  private ActionOutcome requeue(Jedis jedis, String source, String target, String cutoff) {
    Object reply = jedis.eval(REQUEUE, List.of(source, target),
        List.of(Integer.toString(maxItems), cutoff, olderThan == null ? "0" : "1"));
    List<?> parts = (List<?>) reply;
    String type = String.valueOf(parts.get(0));
    List<String> moved = new ArrayList<>();
    for (Object id : (List<?>) parts.get(1)) {
      moved.add(id instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(id));
    }
    if ("none".equals(type)) {
      return ActionOutcome.ok("requeued 0 items: '" + source + "' does not exist (nothing stuck)");
    }
    StringBuilder detail = new StringBuilder("requeued ").append(moved.size())
        .append(moved.size() == 1 ? " item" : " items").append(" from ").append(kind(type)).append(" '")
        .append(source).append("' to '").append(target).append("'");
    if (!moved.isEmpty()) {
      detail.append(": ").append(String.join(", ", moved.subList(0, Math.min(20, moved.size()))));
      if (moved.size() > 20) {
        detail.append(", ... (").append(moved.size() - 20).append(" more)");
      }
    }
    if (moved.size() >= maxItems) {
      detail.append("; max_items ").append(maxItems).append(" reached, more may remain");
    }
    return ActionOutcome.ok(detail.toString());
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
