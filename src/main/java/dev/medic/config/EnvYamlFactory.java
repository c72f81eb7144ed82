package dev.medic.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A YAML factory whose parsers substitute {@code ${ENV}} inside each scalar value, at the token
 * level: the YAML structure is fixed before any variable is read, and every location the parser
 * reports is that of the file as written.
 */
final class EnvYamlFactory extends YAMLFactory {

  private final transient EnvSubstitution substitution;

  EnvYamlFactory(EnvSubstitution substitution) {
    this.substitution = substitution;
  }

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r, substitution);
  }

  /** Text that a value made of one reference turns into a number or a boolean. */
  private static final java.util.regex.Pattern TYPED =
      java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?|true|false|");

  /**
   * How the substituted text is read. A value that is exactly one reference ({@code ${PORT}},
   * quoted or not, since a flow mapping needs the quotes) is a number or a boolean when its text is
   * a plain decimal number or true/false, no value at all when it is empty (so the setting's default
   * applies), and a string otherwise: "0x1F", "yes", "~" or "null" from the environment stay the
   * text they are. A value with other text around a reference keeps its style.
   */
  private static DumperOptions.ScalarStyle style(ScalarEvent scalar, String text) {
    if (!EnvSubstitution.REFERENCE.matcher(scalar.getValue()).matches()) {
      return scalar.getScalarStyle();
    }
    return TYPED.matcher(text).matches() ? DumperOptions.ScalarStyle.PLAIN : DumperOptions.ScalarStyle.DOUBLE_QUOTED;
  }

  private static final class Parser extends YAMLParser {
    private final EnvSubstitution substitution;

    Parser(IOContext ctxt, int parserFeatures, int yamlFeatures, org.yaml.snakeyaml.LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec, Reader reader, EnvSubstitution substitution) {
      super(ctxt, parserFeatures, yamlFeatures, options, codec, reader);
      this.substitution = substitution;
    }

    /**
     * A value holding a reference is decoded as if the substituted text had been written in the same
     * style: a plain {@code ${PORT}} of 8080 is the number 8080, a quoted one the string "8080".
     */
    @Override
    protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
      String value = scalar.getValue();
      if (value == null || !value.contains("${")) {
        return super._decodeScalar(scalar);
      }
      boolean quoted = scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED
          || scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED;
      EnvSubstitution.Result result = substitution.apply(value, scalar.getStartMark().getLine() + 1,
          scalar.getStartMark().getColumn() + 1 + (quoted ? 1 : 0));
      DumperOptions.ScalarStyle style = style(scalar, result.text());
      ImplicitTuple implicit = style == scalar.getScalarStyle() ? scalar.getImplicit()
          : new ImplicitTuple(style == DumperOptions.ScalarStyle.PLAIN, style != DumperOptions.ScalarStyle.PLAIN);
      ScalarEvent replaced = new ScalarEvent(scalar.getAnchor(), scalar.getTag(), implicit,
          result.text(), scalar.getStartMark(), scalar.getEndMark(), style);
      JsonToken token = super._decodeScalar(replaced);
      // A number or a boolean is no secret; anything that stays text may be one, except a bare
      // number (a port inside a URL): hiding every "8080" would garble all output.
      if (token == JsonToken.VALUE_STRING) {
        substitution.secret(result.values().stream().filter(v -> !TYPED.matcher(v).matches()).toList());
      }
      return token;
    }
  }
}
