package org.paperboy.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** Turns what Jakarta Mail threw into a {@link MailException}: transient or permanent, in plain words. */
final class SmtpFailures {

    private static final String CONNECTION = "mail.smtp.host, mail.smtp.port and mail.smtp.tls";
    private static final String CONNECTION_AND_TIMEOUT = "mail.smtp.host, mail.smtp.port, mail.smtp.tls and mail.timeout";

    private SmtpFailures() {
    }

    static MailException classify(MessagingException failure, SMTPTransport transport, String server) {
        int code = 0;
        String reply = null;
        boolean senderRefused = false;
        for (Throwable t = failure; t != null && code <= 0; t = next(t)) {
            if (t instanceof SMTPAddressFailedException rejected) {
                code = rejected.getReturnCode();
                reply = rejected.getMessage();
            } else if (t instanceof SMTPSendFailedException rejected) {
                code = rejected.getReturnCode();
                reply = rejected.getMessage();
                senderRefused = rejected.getCommand() != null && rejected.getCommand().startsWith("MAIL FROM");
            }
        }
        // a refused greeting or login is only recorded on the connection
        if (code <= 0 && transport != null && transport.getLastReturnCode() >= 400) {
            code = transport.getLastReturnCode();
            reply = transport.getLastServerResponse();
        }
        if (code >= 400) {
            return replied(failure, server, code, oneLine(reply), senderRefused);
        }
        if (failure instanceof AuthenticationFailedException) {
            return new MailException("the server at " + server + " refused the login" + detail(failure), false, 0,
                    "mail.smtp.user and mail.smtp.password", true, failure);
        }
        return unreachable(failure, server);
    }

    private static MailException replied(MessagingException failure, String server, int code, String reply,
                                         boolean senderRefused) {
        boolean transientFailure = code < 500;
        boolean login = code == 530 || code == 534 || code == 535;
        // a permanent refusal of MAIL FROM refuses our sender address, whoever the recipient
        boolean sendersFault = login || senderRefused && !transientFailure;
        String reason = "the server at " + server + (transientFailure ? " deferred" : " refused")
                + (login ? " the login: " : " the message: ")
                + (reply.startsWith(String.valueOf(code)) ? reply : code + " " + reply);
        String check = login ? "mail.smtp.user and mail.smtp.password"
                : sendersFault ? "mail.from and the mail server's log"
                : transientFailure ? "the mail server's log if it persists; a deferral may pass later"
                : "the recipient's address, mail.from and the mail server's log";
        return new MailException(reason, transientFailure, code, check, sendersFault, failure);
    }

    private static MailException unreachable(MessagingException failure, String server) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof java.io.IOException)) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case ConnectException refused -> new MailException("cannot connect to " + server + ": "
                    + refused.getMessage(), true, 0, CONNECTION, failure);
            case SocketTimeoutException slow -> new MailException("no answer from " + server + " in time ("
                    + slow.getMessage() + ")", true, 0, CONNECTION_AND_TIMEOUT, failure);
            case UnknownHostException unknown -> new MailException("unknown mail server host " + unknown.getMessage(),
                    true, 0, "mail.smtp.host", failure);
            case SSLException tls -> new MailException("no TLS connection to " + server + ": " + tls.getMessage(),
                    false, 0, "mail.smtp.tls and mail.smtp.port (465 for tls, 587 for starttls)", true, failure);
            case java.io.IOException io -> new MailException("the connection to " + server + " failed: " + io,
                    true, 0, CONNECTION, failure);
            default -> new MailException("cannot send through " + server + ": " + oneLine(failure.getMessage()),
                    false, 0, CONNECTION, true, failure);
        };
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String detail(MessagingException failure) {
        return failure.getMessage() == null || failure.getMessage().isBlank() ? "" : ": " + oneLine(failure.getMessage());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
