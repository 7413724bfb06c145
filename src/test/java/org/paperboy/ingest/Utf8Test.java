package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "41", "7f",
            "c280", "c3a9", "dfbf",                 // two bytes: U+0080, é, U+07FF
            "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf", // three bytes, around the surrogate gap
            "f0908080", "f09f9880", "f48fbfbf",     // four bytes up to U+10FFFF
            "41c3a942e282ac43f09f988044",           // mixed
    })
    void acceptsWellFormedUtf8(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);

        assertThat(Utf8.isValid(bytes, bytes.length)).isTrue();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\uFFFD");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "c328",       // continuation byte missing
            "c0af",       // overlong '/'
            "c1bf",       // overlong
            "e080af",     // overlong '/' in three bytes
            "f08080af",   // overlong '/' in four bytes
            "eda080",     // UTF-16 surrogate U+D800
            "edbfbf",     // UTF-16 surrogate U+DFFF
            "f4908080",   // above U+10FFFF
            "f5808080", "ff", "fe", // bytes that never appear in UTF-8
            "80", "bf",   // a continuation byte on its own
            "c3", "e282", "f09f98", // truncated at the end
            "41c3",       // truncated after ASCII
    })
    void refusesMalformedUtf8(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);

        assertThat(Utf8.isValid(bytes, bytes.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void looksOnlyAtTheGivenLength(int length) {
        byte[] bytes = HexFormat.of().parseHex("4142c3"); // "AB" then half a character beyond the length

        assertThat(Utf8.isValid(bytes, length)).isTrue();
    }
}
