package org.paperboy.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging in code rather than XML, because the format is a setting: readable {@code key=value} lines for a
 * terminal, or one JSON object a line for a log collector. Logs go to stderr; stdout is for command output.
 */
public final class Logging {

    /** Lucene logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger LUCENE = java.util.logging.Logger.getLogger("org.apache.lucene");

    private Logging() {}

    public static void configure(boolean json, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder(context) : textEncoder(context);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        // Libraries are chatty at INFO; their warnings still show.
        LUCENE.setLevel(level.isGreaterOrEqual(Level.INFO) ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO);
        for (String noisy : new String[] {"com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty", "io.javalin"}) {
            context.getLogger(noisy).setLevel(Level.WARN);
        }
        // DJL's tokenizer warns on every start that it found no CUDA driver and that maxLength defaults to 512: noise.
        context.getLogger("ai.djl").setLevel(Level.ERROR);
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg %kvp%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.start();
        return encoder;
    }
}
