import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The SMTP server of the digest benchmark (run as a source file: {@code java -cp target/paperboy.jar:GREENMAIL_JAR
 * bench/SmtpSink.java PORT}): GreenMail, the server the tests receive mail with, on 127.0.0.1:PORT, keeping every
 * message in memory as a mailbox would. It prints "listening" once it takes connections and, when stopped (SIGTERM),
 * "received N" with the number of messages it accepted.
 */
public class SmtpSink {
    public static void main(String[] args) throws InterruptedException {
        // a line per message would cost the sink more than the message
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        GreenMail greenMail = new GreenMail(new ServerSetup(Integer.parseInt(args[0]), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("received " + greenMail.getReceivedMessages().length);
            greenMail.stop();
        }));
        System.out.println("listening on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}
