package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    /**
     * Made by the reference implementation (Debian's argon2 CLI, phc-winner-argon2):
     * {@code echo -n "correct horse battery staple" | argon2 "paperboy-salt-16" -id -t 2 -m 15 -p 1 -l 32 -e}.
     */
    private static final String REFERENCE =
            "$argon2id$v=19$m=32768,t=2,p=1$cGFwZXJib3ktc2FsdC0xNg$jvzq6QMsWbnvg3Zny/aDkgK2O0mq04tUAy4tRvoKi1I";

    @Test
    void verifiesAHashMadeByTheReferenceImplementation() {
        assertThat(Passwords.verify("correct horse battery staple", REFERENCE)).isTrue();
        assertThat(Passwords.verify("correct horse battery stapler", REFERENCE)).isFalse();
    }

    @Test
    void hashesAreSaltedPhcStringsThatVerify() {
        String a = Passwords.hash("hunter2hunter2");
        String b = Passwords.hash("hunter2hunter2");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(Passwords.verify("hunter2hunter2", a)).isTrue();
        assertThat(Passwords.verify("hunter2hunter3", a)).isFalse();
    }

    @Test
    void theMostCommonPasswordsAreRefusedInAnyCase() {
        for (String common : new String[] {"password", "iloveyou", "Password1", "QWERTY123", "trustno1", "1q2w3e4r"}) {
            assertThatThrownBy(() -> Passwords.hash(common)).as(common).isInstanceOf(CommunityException.class)
                    .hasMessageContaining("one of the most common");
        }
        assertThat(Passwords.verify("paperboy reads arxiv", Passwords.hash("paperboy reads arxiv"))).isTrue();
    }

    @Test
    void malformedHashesAndOversizedInputsAreSimplyWrong() {
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub",
                "$argon2id$v=19$m=99999999,t=2,p=1$cGFw$abcd", "$argon2id$v=19$m=32768,t=0,p=1$cGFw$abcd"}) {
            assertThat(Passwords.verify("whatever1", bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(Passwords.verify("x".repeat(100_000), REFERENCE)).isFalse();
        assertThatThrownBy(() -> Passwords.hash("short")).isInstanceOf(CommunityException.class).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> Passwords.hash("x".repeat(300))).isInstanceOf(CommunityException.class);
    }
}
