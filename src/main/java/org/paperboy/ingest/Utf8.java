package org.paperboy.ingest;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {

    private Utf8() {}

    static boolean isValid(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                continuation = 1;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                continuation = 2;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                continuation = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + continuation >= length) {
                return false;
            }
            int codePoint = b & (0x3f >> continuation);
            for (int k = 1; k <= continuation; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return false;
            }
            i += continuation + 1;
        }
        return true;
    }
}
