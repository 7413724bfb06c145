package org.paperboy.subscription;

import org.paperboy.mail.MailMessage;

/** The mails that answer a subscription request: the confirmation link, or "you are subscribed already". */
final class SubscriptionMails {

    static final String CONFIRM_KIND = "subscription-confirm";
    static final String ALREADY_KIND = "subscription-already";

    private final String publicUrl;

    SubscriptionMails(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** @param account the username of the member who asked, or null for a visitor (usernames are a-z, 0-9, _ and -) */
    MailMessage confirmation(String email, String token, Preferences preferences, String account) {
        String link = publicUrl + "/subscribe/confirm?token=" + token;
        String what = describe(preferences);
        String who = account == null ? "Someone, probably you," : "The Paperboy account '" + account + "'";
        String text = who + " asked for Paperboy's " + what + " at this address.\n\n"
                + "To confirm, open this link and press the button on the page (within "
                + Subscriptions.CONFIRM_WITHIN.toHours() + " hours):\n" + link + "\n\n"
                + "If you did not ask for it, ignore this message: nothing will be sent to you.\n";
        String html = "<div style=\"max-width:600px;font-family:sans-serif;line-height:1.5\">"
                + "<p>" + who + " asked for Paperboy's " + what + " at this address.</p>"
                + "<p><a href=\"" + link + "\" style=\"display:inline-block;padding:8px 16px;background:#1a5fb4;"
                + "color:#ffffff;text-decoration:none;border-radius:4px\">Confirm the subscription</a></p>"
                + "<p style=\"color:#555555;font-size:14px\">The link works for "
                + Subscriptions.CONFIRM_WITHIN.toHours() + " hours. If you did not ask for it, ignore this message: "
                + "nothing will be sent to you.</p></div>";
        return new MailMessage(email, "Confirm your subscription to Paperboy's digest", text, html);
    }

    MailMessage alreadySubscribed(String email, String unsubscribeUrl) {
        String text = "Someone, probably you, asked again for Paperboy's digest at this address. You are subscribed "
                + "already: nothing has changed.\n\nTo stop the digests, open " + unsubscribeUrl + "\n";
        String html = "<div style=\"max-width:600px;font-family:sans-serif;line-height:1.5\">"
                + "<p>Someone, probably you, asked again for Paperboy's digest at this address. You are subscribed "
                + "already: nothing has changed.</p>"
                + "<p><a href=\"" + unsubscribeUrl + "\">Unsubscribe</a> to stop the digests.</p></div>";
        return new MailMessage(email, "You are subscribed to Paperboy's digest already", text, html);
    }

    /** "daily digest of the community's picks and new papers in cs.CL, cs.LG". Categories are checked: no markup. */
    private static String describe(Preferences p) {
        StringBuilder what = new StringBuilder(p.frequency().label()).append(" digest of ");
        if (p.communityPicks()) {
            what.append("the community's picks");
        }
        if (!p.categories().isEmpty()) {
            what.append(p.communityPicks() ? " and " : "").append("new papers in ")
                    .append(String.join(", ", p.categories()));
        }
        if (p.alertMatches()) {
            what.append(p.communityPicks() || !p.categories().isEmpty() ? " and " : "")
                    .append("what your saved alerts find");
        }
        return what.toString();
    }
}
