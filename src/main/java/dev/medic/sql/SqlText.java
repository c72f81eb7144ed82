package dev.medic.sql;

import java.util.Locale;

/**
 * What medic needs to know about a configured SQL text before running it: its first keyword, the
 * semicolons and {@code ?} placeholders outside quotes and comments, and whether a quote is left
 * open. Quoted text ('...', "...", `...`, PostgreSQL $tag$...$tag$) and comments are skipped.
 *
 * <p>The scan errs on the side of refusing: a backslash is not taken as an escape inside quotes, so
 * MySQL's {@code 'it\'s; x'} shows a semicolon outside quotes and is rejected rather than let
 * through as two statements.
 *
 * @param firstKeyword the first word outside comments, lower case; empty when there is none
 */
public record SqlText(String firstKeyword, int semicolons, int placeholders, boolean unterminated) {

  public static SqlText scan(String sql) {
    String first = "";
    int semicolons = 0;
    int placeholders = 0;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '\'' || c == '"' || c == '`') {
        int end = closing(sql, i + 1, c);
        if (end < 0) {
          return new SqlText(first, semicolons, placeholders, true);
        }
        i = end + 1;
      } else if (c == '-' && next == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          return new SqlText(first, semicolons, placeholders, true);
        }
        i = end + 2;
      } else if (c == '$' && dollarTag(sql, i) != null && (i == 0 || !identifierPart(sql.charAt(i - 1)))) {
        String tag = dollarTag(sql, i);
        int end = sql.indexOf(tag, i + tag.length());
        if (end < 0) {
          return new SqlText(first, semicolons, placeholders, true);
        }
        i = end + tag.length();
      } else if (c == ';') {
        semicolons++;
        i++;
      } else if (c == '?') {
        // JDBC drivers read "??" as an escaped literal question mark, not a parameter.
        if (next == '?') {
          i += 2;
        } else {
          placeholders++;
          i++;
        }
      } else if (first.isEmpty() && Character.isLetter(c)) {
        int end = i;
        while (end < n && identifierPart(sql.charAt(end))) {
          end++;
        }
        first = sql.substring(i, end).toLowerCase(Locale.ROOT);
        i = end;
      } else {
        i++;
      }
    }
    return new SqlText(first, semicolons, placeholders, false);
  }

  /** Index of the quote that closes one opened before {@code from}; a doubled quote is text. */
  private static int closing(String sql, int from, char quote) {
    int i = from;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  /** {@code $$} or {@code $tag$} starting at {@code at}, or null ({@code $1} is a parameter). */
  private static String dollarTag(String sql, int at) {
    int i = at + 1;
    while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
        || (i > at + 1 && Character.isDigit(sql.charAt(i))))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(at, i + 1) : null;
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
