package org.paperboy.mail.digest;

import static org.paperboy.mail.digest.DigestText.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.mail.MailMessage;
import org.paperboy.subscription.Subscription;

/**
 * Writes a digest as mail: plain text, and HTML with inline styles only (mail programs drop style sheets), one
 * column at most 600 pixels wide, so that it reads on a phone. Titles, authors and abstracts come from arXiv and
 * members: everything is escaped. Every digest carries the one-click unsubscribe headers of RFC 8058 and a visible
 * unsubscribe link.
 */
final class DigestMessage {

    private static final String FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";
    private static final String LINK_COLOR = "#1a5fb4";

    private final String publicUrl;

    DigestMessage(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    MailMessage write(Subscription subscription, DigestPeriod period, List<DigestContent.Section> sections,
            String unsubscribeUrl) {
        String subject = "Trending papers · " + period.label();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + unsubscribeUrl + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new MailMessage(subscription.email(), subject, textPart(subject, subscription, sections, unsubscribeUrl),
                htmlPart(subject, subscription, sections, unsubscribeUrl), headers, null);
    }

    private String textPart(String subject, Subscription subscription, List<DigestContent.Section> sections,
            String unsubscribeUrl) {
        StringBuilder out = new StringBuilder(subject).append("\n");
        for (DigestContent.Section section : sections) {
            out.append("\n\n").append(section.heading().toUpperCase(java.util.Locale.ROOT)).append("\n");
            if (section.note() != null) {
                out.append(section.note()).append("\n");
            }
            int n = 1;
            for (DigestContent.Item item : section.items()) {
                out.append("\n").append(n++).append(". ").append(item.paper().title()).append("\n   ")
                        .append(DigestText.authors(item.paper().authors())).append(" · ").append(upvotes(item))
                        .append("\n   ").append(paperUrl(item)).append("\n");
                if (item.why() != null && !item.why().isBlank()) {
                    out.append("   Why: ").append(item.why().strip()).append("\n");
                }
                out.append("   ").append(DigestText.shortAbstract(item.paper().abstractText())).append("\n");
            }
        }
        out.append("\n-- \n").append(footerText(subscription)).append("\nUnsubscribe: ").append(unsubscribeUrl)
                .append("\nChange what you get (members): ").append(publicUrl).append("/settings/mail\n");
        return out.toString();
    }

    private String htmlPart(String subject, Subscription subscription, List<DigestContent.Section> sections,
            String unsubscribeUrl) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(html(subject)).append("</title></head>")
                .append("<body style=\"margin:0;padding:0;background:#f4f4f4\">")
                .append("<div style=\"max-width:600px;margin:0 auto;padding:16px;background:#ffffff;").append(FONT)
                .append("font-size:16px;line-height:1.5;color:#222222\">")
                .append("<h1 style=\"font-size:22px;margin:0 0 8px\">").append(html(subject)).append("</h1>");
        for (DigestContent.Section section : sections) {
            out.append("<h2 style=\"font-size:18px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #dddddd\">")
                    .append(html(section.heading())).append("</h2>");
            if (section.note() != null) {
                out.append("<p style=\"margin:0 0 12px;font-size:14px;color:#555555\">").append(html(section.note()))
                        .append("</p>");
            }
            for (DigestContent.Item item : section.items()) {
                paper(out, item);
            }
        }
        out.append("<p style=\"margin:32px 0 0;padding-top:12px;border-top:1px solid #dddddd;font-size:13px;color:#666666\">")
                .append(html(footerText(subscription))).append(" <a href=\"").append(html(unsubscribeUrl))
                .append("\" style=\"color:").append(LINK_COLOR).append("\">Unsubscribe</a> · <a href=\"")
                .append(html(publicUrl)).append("/settings/mail\" style=\"color:").append(LINK_COLOR)
                .append("\">Change what you get</a> (members)</p></div></body></html>");
        return out.toString();
    }

    private void paper(StringBuilder out, DigestContent.Item item) {
        out.append("<div style=\"margin:0 0 20px\">")
                .append("<a href=\"").append(html(paperUrl(item))).append("\" style=\"font-size:17px;font-weight:bold;")
                .append("color:").append(LINK_COLOR).append(";text-decoration:none\">").append(html(item.paper().title()))
                .append("</a>")
                .append("<div style=\"font-size:14px;color:#555555\">").append(html(DigestText.authors(item.paper().authors())))
                .append(" · ").append(upvotes(item)).append("</div>");
        if (item.why() != null && !item.why().isBlank()) {
            out.append("<div style=\"font-size:14px;color:#555555;font-style:italic\">Why: ").append(html(item.why().strip()))
                    .append("</div>");
        }
        out.append("<div style=\"font-size:14px;color:#333333\">")
                .append(html(DigestText.shortAbstract(item.paper().abstractText()))).append("</div></div>");
    }

    private String paperUrl(DigestContent.Item item) {
        return publicUrl + "/papers/" + item.paper().id().value();
    }

    private static String upvotes(DigestContent.Item item) {
        return item.upvotes() + (item.upvotes() == 1 ? " upvote" : " upvotes");
    }

    private String footerText(Subscription subscription) {
        return "You get this " + subscription.frequency().label() + " digest because " + subscription.email()
                + " subscribed at " + publicUrl + ".";
    }
}
