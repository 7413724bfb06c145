package org.paperboy.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.AuthorFollows;
import org.paperboy.community.CommunityException;
import org.paperboy.config.ConfigurationException;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorStore;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.search.UserQuery;
import org.paperboy.storage.Database;
import org.paperboy.storage.SiteKeys;

/**
 * Saved semantic alerts in one object, for the server to wire: the alerts, what they found, the feed secrets, the
 * matcher, the followed authors' new papers, and the scheduled job ({@value #JOB}) that finds both.
 */
public final class SavedAlerts {

    public static final String JOB = "alert-matching";

    private final Catalog catalog;
    private final Alerts alerts;
    private final AlertMatches matches;
    private final FeedSecrets feedSecrets;
    private final AlertMatcher matcher;
    private final AuthorFollows follows;
    private final FollowedPapers followed;

    /**
     * @param model     the configured embedding model, loaded when first asked (by the matcher, in the background)
     * @param threshold the cosine similarity from which a paper matches ({@code alerts.threshold})
     */
    public SavedAlerts(Database database, Catalog catalog, Supplier<Optional<EmbeddingModel>> model, double threshold,
                       Clock clock) {
        this.catalog = catalog;
        this.alerts = new Alerts(database, clock);
        this.matches = new AlertMatches(database);
        this.feedSecrets = new FeedSecrets(database, new SiteKeys(database));
        this.matcher = new AlertMatcher(alerts, matches, catalog, new VectorStore(database), model, threshold, clock);
        this.follows = new AuthorFollows(database);
        this.followed = new FollowedPapers(database, catalog, follows, clock);
    }

    public Alerts alerts() {
        return alerts;
    }

    public AlertMatches matches() {
        return matches;
    }

    public FeedSecrets feedSecrets() {
        return feedSecrets;
    }

    public AlertMatcher matcher() {
        return matcher;
    }

    /** Which authors members follow. */
    public AuthorFollows follows() {
        return follows;
    }

    /** The followed authors' new papers each member has been brought. */
    public FollowedPapers followed() {
        return followed;
    }

    /**
     * Saves a search as an alert: its words are the question, its {@code cat:}, {@code au:}, "phrase" and -exclusion
     * clauses and the form's categories become filters. The name defaults to the search as typed.
     */
    public Alert saveSearch(long userId, String name, String search, Set<String> categories) {
        UserQuery parsed = UserQuery.parse(search);
        String question = parsed.semanticText();
        if (question.isBlank()) {
            throw new CommunityException(CommunityException.Kind.INVALID,
                    "an alert needs words to look for, not only filters");
        }
        String label = name == null || name.isBlank() ? search : name;
        return alerts.create(userId, label, question, List.of(), AlertFilters.fromQuery(parsed, categories));
    }

    /** "Alert me about papers like this": an alert with the paper as its seed, named after it. */
    public Alert saveSimilar(long userId, PaperId seed) {
        Paper paper = catalog.find(seed).orElseThrow(() -> new CommunityException(CommunityException.Kind.NOT_FOUND,
                "paper " + seed + " is not in the catalog"));
        String title = paper.title().length() > 150 ? paper.title().substring(0, 149) + "…" : paper.title();
        return alerts.create(userId, "Papers like “" + title + "”", "", List.of(seed), AlertFilters.NONE);
    }

    /**
     * What the member's alerts found in [{@code since}, {@code until}), one section per alert: the data of a digest's
     * alert sections.
     */
    public List<AlertSection> sectionsFor(long userId, Instant since, Instant until) {
        return matches.sectionsFor(userId, since, until);
    }

    /**
     * The scheduled matching, once per cluster, at the times of {@code cron} (UTC; {@code "-"}: never).
     *
     * @throws ConfigurationException when {@code cron} is not a cron expression
     */
    public RecurringJob job(String cron) {
        try {
            return new RecurringJob(JOB, cron, ZoneOffset.UTC, context -> {
                // Followers first: their papers need no model, so a model that fails to load holds back only alerts.
                followed.catchUp(context::stopping);
                matcher.run(context::stopping);
            });
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("alerts.match-cron must be a cron expression with seconds first, such as "
                    + "'0 */5 * * * *', or '-': " + e.getMessage());
        }
    }
}
