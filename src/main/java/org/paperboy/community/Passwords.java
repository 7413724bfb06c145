package org.paperboy.community;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id, the memory-hard winner of the Password Hashing Competition, stored as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so the parameters can be raised later without breaking old hashes.
 * The parameters are OWASP's first recommendation: 19 MiB of memory, 2 passes, 1 lane.
 */
public final class Passwords {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    public static final int MIN_LENGTH = 8;
    /** Longer passwords only cost hashing time; 256 characters is beyond any passphrase. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** @throws CommunityException if the password is too short or too long */
    public static String hash(String password) {
        requireAcceptable(password);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code phc}; false for a malformed hash, never an exception. */
    public static boolean verify(String password, String phc) {
        if (password == null || password.length() > MAX_LENGTH || phc == null) {
            return false;
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memory < 8 || memory > 1 << 20 || iterations < 1 || parallelism < 1) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] actual = argon2(password, B64_DECODER.decode(m.group(4)), memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Refuses a password that is too short, too long, or among the most common ones (in any case), which an attacker
     * tries first: NIST SP 800-63B asks for such a blocklist instead of composition rules.
     */
    public static void requireAcceptable(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw CommunityException.invalid("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw CommunityException.invalid("a password may have at most " + MAX_LENGTH + " characters");
        }
        if (CommonPasswords.SET.contains(password.toLowerCase(Locale.ROOT))) {
            throw CommunityException.invalid("this password is one of the most common ones, which are guessed first; "
                    + "choose another (a few unrelated words make a good one)");
        }
    }

    /** Loaded on first use; the list and where it comes from: {@code common-passwords.txt} beside this class. */
    private static final class CommonPasswords {
        static final Set<String> SET = load();

        private static Set<String> load() {
            try (InputStream in = Passwords.class.getResourceAsStream("common-passwords.txt")) {
                if (in == null) {
                    throw new IllegalStateException("common-passwords.txt is missing from the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .collect(Collectors.toUnmodifiableSet());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
