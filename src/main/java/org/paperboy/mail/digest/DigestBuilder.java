package org.paperboy.mail.digest;

import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.Catalog;
import org.paperboy.community.Feed;
import org.paperboy.community.Votes;
import org.paperboy.mail.MailMessage;
import org.paperboy.subscription.Subscription;
import org.paperboy.subscription.Subscriptions;

/** Builds one subscriber's digest for one period, ready to queue: links are absolute, to the site's public URL. */
public final class DigestBuilder {

    private final DigestContent content;
    private final DigestMessage message;
    private final Subscriptions subscriptions;

    public DigestBuilder(Catalog catalog, Feed feed, Votes votes, Subscriptions subscriptions, DigestAlerts alerts,
            String publicUrl) {
        this(catalog, feed, votes, subscriptions, alerts, DigestFollows.NONE, publicUrl);
    }

    public DigestBuilder(Catalog catalog, Feed feed, Votes votes, Subscriptions subscriptions, DigestAlerts alerts,
            DigestFollows follows, String publicUrl) {
        this.content = new DigestContent(catalog, feed, votes, alerts, follows);
        this.message = new DigestMessage(publicUrl);
        this.subscriptions = subscriptions;
    }

    /** The digest, or empty when the period has nothing for this subscriber (an empty digest is never sent). */
    public Optional<MailMessage> build(Subscription subscription, DigestPeriod period) {
        List<DigestContent.Section> sections = content.sections(subscription, period);
        if (sections.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(message.write(subscription, period, sections, subscriptions.unsubscribeUrl(subscription)));
    }
}
