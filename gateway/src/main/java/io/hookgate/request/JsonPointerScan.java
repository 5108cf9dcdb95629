package io.hookgate.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the scalar at one JSON pointer with a streaming parse that skips everything off the
 * pointer's path and stops at the value, building no tree: an event id near the start of a large
 * body costs a few hundred bytes of parsing, not the whole body.
 *
 * <p>Pointers match as {@link JsonNode#at} does (a segment names a property of an object or an
 * index of an array). The value is converted through the same {@link ObjectMapper}, so numbers and
 * booleans read as the same text as from the tree. Two differences, both only on bodies that a tree
 * parse treats oddly: the first of repeated keys wins here (the last in a tree), and a body that
 * breaks after the value still yields it (a tree yields nothing).
 */
final class JsonPointerScan {
  private JsonPointerScan() {}

  /** The text of the non-null scalar at {@code pointer}, or {@code null}. */
  static String scalarText(ObjectMapper mapper, byte[] body, JsonPointer pointer) {
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() == null || !seek(parser, pointer)) {
        return null;
      }
      JsonToken value = parser.currentToken();
      if (value.isStructStart() || value == JsonToken.VALUE_NULL) {
        return null;
      }
      return mapper.<JsonNode>readTree(parser).asText();
    } catch (IOException e) {
      return null; // not JSON (up to the value): nothing is found, as in a tree
    }
  }

  /** Moves {@code parser} from a value's first token to the first token of the value pointed at. */
  private static boolean seek(JsonParser parser, JsonPointer pointer) throws IOException {
    JsonPointer rest = pointer;
    while (!rest.matches()) {
      JsonPointer next = null;
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT) {
        while (next == null && parser.nextToken() == JsonToken.FIELD_NAME) {
          next = rest.matchProperty(parser.currentName());
          parser.nextToken();
          if (next == null) {
            parser.skipChildren();
          }
        }
      } else if (token == JsonToken.START_ARRAY) {
        for (int index = 0; next == null; index++) {
          token = parser.nextToken();
          if (token == null || token == JsonToken.END_ARRAY) {
            break;
          }
          next = rest.matchElement(index);
          if (next == null) {
            parser.skipChildren();
          }
        }
      }
      if (next == null) {
        return false;
      }
      rest = next;
    }
    return true;
  }
}
