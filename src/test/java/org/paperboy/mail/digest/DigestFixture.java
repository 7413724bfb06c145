package org.paperboy.mail.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;

/**
 * A catalog for digests: on Monday 30 Nov 2026 arXiv announced a cs.CL paper with a hostile title and a long abstract,
 * a cs.LG one and a cs.CV one (which a member picked and upvoted); a cs.CL paper came the Friday before.
 */
public final class DigestFixture {

    public static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    public static final String HOSTILE_TITLE = "<script>alert('x')</script> & \"Attention\" Is All";
    public static final PaperId HOSTILE = new PaperId("2611.00001");
    public static final PaperId LEARNING = new PaperId("2611.00002");
    public static final PaperId PICKED = new PaperId("2611.00003");
    public static final PaperId LAST_WEEK = new PaperId("2611.00004");
    public static final String ABSTRACT_END = "THE-END-OF-THE-ABSTRACT";

    private DigestFixture() {}

    /** Stores the papers and the pick; returns the picking member's id. */
    public static long load(Paperboy paperboy) {
        List<String> authors = IntStream.rangeClosed(1, 5).mapToObj(i -> "Author " + i).toList();
        String longAbstract = "word ".repeat(200) + ABSTRACT_END;
        paperboy.catalog().upsert(List.of(
                paper(HOSTILE, HOSTILE_TITLE, longAbstract, authors, "cs.CL", DAY, "2026-11-27T10:00:00Z"),
                paper(LEARNING, "Learning to learn", "A short abstract.", List.of("Ada"), "cs.LG", DAY,
                        "2026-11-26T10:00:00Z"),
                paper(PICKED, "A picked vision paper", "Pixels.", List.of("Bob"), "cs.CV", DAY, "2026-11-27T09:00:00Z"),
                paper(LAST_WEEK, "Last week's language paper", "Words.", List.of("Cy"), "cs.CL", DAY.minusDays(3),
                        "2026-11-25T10:00:00Z")));
        long member = paperboy.members().createUser("picker", "Picker", null, "x", Role.MEMBER).id();
        paperboy.feed().submit(member, PICKED, DAY);
        paperboy.votes().upvote(member, PICKED);
        return member;
    }

    private static Paper paper(PaperId id, String title, String abstractText, List<String> authors, String category,
            LocalDate announced, String submitted) {
        Instant at = Instant.parse(submitted);
        return new Paper(id, 1, title, abstractText, authors, List.of(category), null, null, null, null, at, at,
                announced);
    }
}
