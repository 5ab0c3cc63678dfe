package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesObjectsOnOneLineAndArrayElementsOnTheirOwn() {
        String json = new JsonWriter().beginObject().field("suite", "osd").name("figures").beginArray()
                .beginObject().field("a", 1).endObject()
                .beginObject().field("b", 2.5).field("c", "x").endObject()
                .endArray().endObject().toString();
        assertThat(json).isEqualTo("""
                {"suite": "osd", "figures": [
                  {"a": 1},
                  {"b": 2.5, "c": "x"}
                ]}""");
    }

    @Test
    void emptyContainersStayOnOneLine() {
        assertThat(new JsonWriter().beginObject().name("l").beginArray().endArray().endObject().toString())
                .isEqualTo("{\"l\": []}");
    }

    @Test
    void escapesStrings() {
        assertThat(new JsonWriter().value("q\"b\\n\nt\tc\u0001").toString())
                .isEqualTo("\"q\\\"b\\\\n\\nt\\tc\\u0001\"");
    }

    @Test
    void writesNumbersJsonCanParse() {
        assertThat(new JsonWriter().beginArray().value(1.0e6).value(-3).value(0.25).value(1.5e300)
                .value(Double.NaN).value(Double.POSITIVE_INFINITY).value(true).value((String) null).endArray()
                .toString())
                .isEqualTo("[\n  1000000,\n  -3,\n  0.25,\n  1.5E300,\n  null,\n  null,\n  true,\n  null\n]");
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("no name"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> new JsonWriter().beginObject().endArray()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("still open");
        assertThatThrownBy(() -> new JsonWriter().value(1).value(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one top-level value");
    }
}
