package org.paperboy.community;

import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import java.util.List;
import org.paperboy.mail.MailMessage;

/**
 * The mail about a member's account: short, in plain text and the same in HTML, with links that are absolute (from
 * the site's public address) and single-use. Each says what to do if the member did not ask for it.
 */
final class AccountMessages {

    private final String publicUrl;
    private final String site;

    /** @param publicUrl where members reach the site, without a trailing slash */
    AccountMessages(String publicUrl) {
        this.publicUrl = publicUrl;
        this.site = java.net.URI.create(publicUrl).getHost();
    }

    MailMessage verify(User user, String address, String secret) {
        String link = publicUrl + "/account/verify?token=" + secret;
        return message(address, "Confirm your address at " + site,
                List.of("Hello " + user.username() + ",",
                        "please confirm that " + address + " is the address of your account at " + site + ":"),
                link, "Confirm " + address,
                List.of("The link works for 48 hours. If you did not sign up or ask for this, ignore this mail: "
                        + "nothing is sent to this address until it is confirmed."));
    }

    MailMessage resetPassword(User user, String address, String secret) {
        String link = publicUrl + "/account/reset/confirm?token=" + secret;
        return message(address, "Reset your password at " + site,
                List.of("Hello " + user.username() + ",",
                        "someone (we hope you) asked to reset the password of your account at " + site + ". "
                        + "Choose a new one here:"),
                link, "Choose a new password",
                List.of("The link works once, for an hour. If you did not ask for it, ignore this mail: your password "
                        + "stays as it is."));
    }

    /** To an address that another sign-up or address change asked for, which an account has already. */
    MailMessage addressInUse(User owner, String address) {
        return message(address, "Your address at " + site,
                List.of("Hello " + owner.username() + ",",
                        "someone asked to use " + address + " for another account at " + site + ". It stays with "
                        + "your account, " + owner.username() + ". If that was you and you have forgotten your password, "
                        + "reset it here:"),
                publicUrl + "/account/reset", "Reset your password",
                List.of("If it was not you, ignore this mail; nothing has changed."));
    }

    /** To the address a member has just replaced, in case it was not the member who replaced it. */
    MailMessage addressChanged(User user, String oldAddress, String newAddress) {
        return message(oldAddress, "Your address at " + site + " has changed",
                List.of("Hello " + user.username() + ",",
                        "the address of your account at " + site + " is now " + newAddress + "; mail no longer comes "
                        + "to " + oldAddress + ". If you did not change it, reset your password and tell the site's "
                        + "admins:"),
                publicUrl + "/account/reset", "Reset your password",
                List.of());
    }

    private static MailMessage message(String to, String subject, List<String> before, String link, String linkText,
                                       List<String> after) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: sans-serif\">\n");
        for (String paragraph : before) {
            text.append(paragraph).append("\n\n");
            html.append("<p>").append(escape(paragraph)).append("</p>\n");
        }
        text.append(link).append("\n\n");
        html.append("<p><a href=\"").append(attribute(link)).append("\">").append(escape(linkText)).append("</a></p>\n")
                .append("<p style=\"font-size: small\">").append(escape(link)).append("</p>\n");
        for (String paragraph : after) {
            text.append(paragraph).append("\n\n");
            html.append("<p>").append(escape(paragraph)).append("</p>\n");
        }
        html.append("</body></html>\n");
        return new MailMessage(to, subject, text.toString().strip() + "\n", html.toString());
    }

    private static String escape(String text) {
        StringOutput out = new StringOutput();
        Escape.htmlContent(text, out);
        return out.toString();
    }

    private static String attribute(String value) {
        StringOutput out = new StringOutput();
        Escape.htmlAttribute(value, out);
        return out.toString();
    }
}
