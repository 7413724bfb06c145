package org.paperboy.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * GreenMail's SMTP server on a free loopback port, started before each test and stopped after it:
 * {@code @RegisterExtension final SmtpServer greenMail = new SmtpServer();}.
 */
public final class SmtpServer extends GreenMail implements BeforeEachCallback, AfterEachCallback {

    public SmtpServer() {
        super(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }
}
