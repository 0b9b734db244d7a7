package kubesteps.core.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/template/parse lexer (lex.go), read and re-implemented: the whole input turned into items up front (the
 * parser reads them in order, so an error item is met where Go's lazy lexer would produce it). Delimiters are Go's
 * defaults, {{ and }}, with the trim markers "{{- " and " -}}".
 */
final class Lexer {
  enum T {
    ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN, NUMBER,
    PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
    KEYWORD, // only marks where the keywords start, as itemKeyword does
    BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH
  }

  record Item(T type, int pos, String val, int line) {
    @Override
    public String toString() {
      if (type == T.EOF) return "EOF";
      if (type == T.ERROR) return val;
      if (type.ordinal() > T.KEYWORD.ordinal()) return "<" + val + ">";
      if (val.codePointCount(0, val.length()) > 10) {
        return GoFmt.quote(val.substring(0, val.offsetByCodePoints(0, 10)), false) + "...";
      }
      return GoFmt.quote(val, false);
    }
  }

  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";

  private final String input;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;
  private boolean done;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Item> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.items;
  }

  private void run() {
    while (!done) lexText();
  }

  private void emit(T type) {
    items.add(new Item(type, start, input.substring(start, pos), startLine));
    start = pos;
    startLine = line;
  }

  private void ignore() {
    start = pos;
    startLine = line;
  }

  /** Moves to {@code to}, counting the newlines passed. */
  private void jump(int to) {
    line += count(input, pos, to);
    pos = to;
  }

  private void error(String message) {
    items.add(new Item(T.ERROR, start, message, startLine));
    done = true;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) if (s.charAt(i) == '\n') n++;
    return n;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  static boolean isAlphaNumeric(int c) {
    return c == '_' || Character.isLetter(c) || Character.isDigit(c);
  }

  private int peekChar() {
    return pos < input.length() ? input.codePointAt(pos) : -1;
  }

  private int next() {
    if (pos >= input.length()) {
      pos = input.length() + 1; // past the end, so a backup() after EOF is harmless
      return -1;
    }
    int c = input.codePointAt(pos);
    pos += Character.charCount(c);
    if (c == '\n') line++;
    return c;
  }

  private void backup(int c) {
    if (c < 0) {
      pos = input.length();
      return;
    }
    pos -= Character.charCount(c);
    if (c == '\n') line--;
  }

  private boolean accept(String valid) {
    int c = next();
    if (c >= 0 && valid.indexOf(c) >= 0) return true;
    backup(c);
    return false;
  }

  private void acceptRun(String valid) {
    int c;
    do {
      c = next();
    } while (c >= 0 && valid.indexOf(c) >= 0);
    backup(c);
  }

  private void lexText() {
    int x = input.indexOf(LEFT, pos);
    if (x < 0) {
      jump(input.length());
      if (pos > start) emit(T.TEXT);
      emit(T.EOF);
      done = true;
      return;
    }
    int trimLen = 0;
    if (hasLeftTrimMarker(x + LEFT.length())) {
      int end = x;
      while (end > start && isSpace(input.charAt(end - 1))) end--;
      trimLen = x - end;
    }
    if (x - trimLen > start) {
      jump(x - trimLen);
      emit(T.TEXT);
    }
    jump(x);
    ignore();
    lexLeftDelim();
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  /** At " -}}" (a space, the minus, the delimiter) or at "}}". */
  private int atRightDelim() {
    if (pos + 1 < input.length() && isSpace(input.charAt(pos)) && input.charAt(pos + 1) == '-'
        && input.startsWith(RIGHT, pos + 2)) {
      return 2; // with trim marker
    }
    return input.startsWith(RIGHT, pos) ? 1 : 0;
  }

  private void lexLeftDelim() {
    pos += LEFT.length();
    boolean trim = hasLeftTrimMarker(pos);
    int afterMarker = trim ? 2 : 0;
    if (input.startsWith("/*", pos + afterMarker)) {
      jump(pos + afterMarker);
      ignore();
      lexComment();
      return;
    }
    emit(T.LEFT_DELIM);
    jump(pos + afterMarker);
    ignore();
    parenDepth = 0;
    lexInsideAction();
  }

  private void lexComment() {
    pos += 2;
    int i = input.indexOf("*/", pos);
    if (i < 0) {
      error("unclosed comment");
      return;
    }
    jump(i + 2);
    int delim = atRightDelim();
    if (delim == 0) {
      error("comment ends before closing delimiter");
      return;
    }
    jump(pos + (delim == 2 ? 2 + RIGHT.length() : RIGHT.length()));
    ignore();
    if (delim == 2) skipSpaces();
  }

  private void lexRightDelim(int delim) {
    if (delim == 2) {
      jump(pos + 2);
      ignore();
    }
    pos += RIGHT.length();
    emit(T.RIGHT_DELIM);
    if (delim == 2) skipSpaces();
  }

  private void skipSpaces() {
    int to = pos;
    while (to < input.length() && isSpace(input.charAt(to))) to++;
    jump(to);
    ignore();
  }

  private void lexInsideAction() {
    while (!done) {
      int delim = atRightDelim();
      if (delim != 0) {
        if (parenDepth == 0) {
          lexRightDelim(delim);
          return;
        }
        error("unclosed left paren");
        return;
      }
      int r = next();
      if (r < 0) {
        error("unclosed action");
        return;
      }
      if (isSpace(r)) {
        backup(r);
        if (lexSpace()) {
          lexRightDelim(2);
          return;
        }
      } else if (r == '=') {
        emit(T.ASSIGN);
      } else if (r == ':') {
        if (next() != '=') {
          error("expected :=");
          return;
        }
        emit(T.DECLARE);
      } else if (r == '|') {
        emit(T.PIPE);
      } else if (r == '"') {
        lexQuote('"', T.STRING, "unterminated quoted string");
      } else if (r == '`') {
        lexRawQuote();
      } else if (r == '$') {
        lexFieldOrVariable(T.VARIABLE);
      } else if (r == '\'') {
        lexQuote('\'', T.CHAR_CONSTANT, "unterminated character constant");
      } else if (r == '.' && !(pos < input.length() && input.charAt(pos) >= '0' && input.charAt(pos) <= '9')) {
        lexFieldOrVariable(T.FIELD);
      } else if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
        backup(r);
        lexNumber();
      } else if (isAlphaNumeric(r)) {
        backup(r);
        lexIdentifier();
      } else if (r == '(') {
        parenDepth++;
        emit(T.LEFT_PAREN);
      } else if (r == ')') {
        parenDepth--;
        if (parenDepth < 0) {
          error("unexpected right paren");
          return;
        }
        emit(T.RIGHT_PAREN);
      } else if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
        emit(T.CHAR);
      } else {
        error("unrecognized character in action: " + unicodeName(r));
        return;
      }
    }
  }

  /** A run of spaces; true when it ends on a trim-marked right delimiter reached with a single space. */
  private boolean lexSpace() {
    int n = 0;
    while (pos < input.length() && isSpace(input.charAt(pos))) {
      next();
      n++;
    }
    if (pos < input.length() && input.charAt(pos) == '-'
        && input.startsWith(RIGHT, pos + 1)) {
      backup(input.charAt(pos - 1)); // before the space
      if (n == 1) return true;
    }
    emit(T.SPACE);
    return false;
  }

  private void lexQuote(char quote, T type, String unterminated) {
    while (true) {
      int c = next();
      if (c == '\\') {
        int e = next();
        if (e >= 0 && e != '\n') continue;
        error(unterminated);
        return;
      }
      if (c < 0 || c == '\n') {
        error(unterminated);
        return;
      }
      if (c == quote) break;
    }
    emit(type);
  }

  private void lexRawQuote() {
    int i = input.indexOf('`', pos);
    if (i < 0) {
      error("unterminated raw quoted string");
      return;
    }
    jump(i + 1);
    emit(T.RAW_STRING);
  }

  private boolean atTerminator() {
    int r = peekChar();
    if (r < 0 || isSpace(r)) return true;
    switch (r) {
      case '.', ',', '|', ':', ')', '(' -> {
        return true;
      }
      default -> {
        return input.startsWith(RIGHT, pos);
      }
    }
  }

  private void lexFieldOrVariable(T type) {
    if (atTerminator()) {
      emit(type == T.VARIABLE ? T.VARIABLE : T.DOT);
      return;
    }
    int r;
    do {
      r = next();
    } while (r >= 0 && isAlphaNumeric(r));
    backup(r);
    if (!atTerminator()) {
      error("bad character " + unicodeName(r));
      return;
    }
    emit(type);
  }

  private void lexIdentifier() {
    int r;
    do {
      r = next();
    } while (r >= 0 && isAlphaNumeric(r));
    backup(r);
    String word = input.substring(start, pos);
    if (!atTerminator()) {
      error("bad character " + unicodeName(r));
      return;
    }
    T kw = switch (word) {
      case "block" -> T.BLOCK;
      case "break" -> T.BREAK;
      case "continue" -> T.CONTINUE;
      case "define" -> T.DEFINE;
      case "else" -> T.ELSE;
      case "end" -> T.END;
      case "if" -> T.IF;
      case "range" -> T.RANGE;
      case "nil" -> T.NIL;
      case "template" -> T.TEMPLATE;
      case "with" -> T.WITH;
      case "true", "false" -> T.BOOL;
      default -> T.IDENTIFIER;
    };
    emit(kw);
  }

  private void lexNumber() {
    if (!scanNumber()) {
      error("bad number syntax: " + GoFmt.quote(input.substring(start, Math.min(pos, input.length())), false));
      return;
    }
    int sign = peekChar();
    if (sign == '+' || sign == '-') {
      if (!scanNumber() || input.charAt(pos - 1) != 'i') {
        error("bad number syntax: " + GoFmt.quote(input.substring(start, Math.min(pos, input.length())), false));
        return;
      }
      emit(T.COMPLEX);
      return;
    }
    emit(T.NUMBER);
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    int c = peekChar();
    if (c >= 0 && isAlphaNumeric(c)) {
      next();
      return false;
    }
    return true;
  }

  /** fmt's %#U: U+0023 '#'. */
  static String unicodeName(int r) {
    if (r < 0) return "U+FFFFFFFF"; // EOF, as Go prints rune -1
    String hex = String.format("U+%04X", r);
    return Character.isISOControl(r) ? hex : hex + " '" + new String(Character.toChars(r)) + "'";
  }
}
