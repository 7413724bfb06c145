package org.paperboy.mail;

/**
 * A message that was not sent. A transient failure (the server unreachable or slow, an SMTP 4xx reply) may pass if
 * the same message is sent again later; a permanent one (an SMTP 5xx reply, refused credentials) will not. Some are
 * the sender's fault, not the message's: refused credentials, a TLS setting the server does not match, a sender
 * address the server refuses. Every message would fail the same way until the settings change.
 */
public final class MailException extends Exception {

    private final boolean transientFailure;
    private final int replyCode;
    private final String whatToCheck;
    private final boolean sendersFault;

    MailException(String reason, boolean transientFailure, int replyCode, String whatToCheck, Throwable cause) {
        this(reason, transientFailure, replyCode, whatToCheck, false, cause);
    }

    MailException(String reason, boolean transientFailure, int replyCode, String whatToCheck, boolean sendersFault,
                  Throwable cause) {
        super(reason, cause);
        this.transientFailure = transientFailure;
        this.replyCode = replyCode;
        this.whatToCheck = whatToCheck;
        this.sendersFault = sendersFault;
    }

    /** Whether sending the same message later may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** Whether the settings or the sender's account are at fault, not the message: no other message would pass. */
    public boolean isSendersFault() {
        return sendersFault;
    }

    /** The SMTP server's reply code, such as 451 or 550; 0 when no server replied. */
    public int replyCode() {
        return replyCode;
    }

    /** The settings or inputs an operator should look at, in words. */
    public String whatToCheck() {
        return whatToCheck;
    }
}
