package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** What the reading-list store promises, on each store it runs on (one subclass per store). */
abstract class PaperCollectionsContract {

    private static final PaperId FIRST = new PaperId("2503.11731");
    private static final PaperId SECOND = new PaperId("2503.11732");
    private static final PaperId THIRD = new PaperId("2503.11733");

    @TempDir
    Path tmp;

    Database database;
    PaperCollections collections;
    User ada;
    User bob;

    abstract Database openDatabase(Path tmp);

    @BeforeEach
    void open() {
        database = openDatabase(tmp);
        collections = new PaperCollections(database, 3, 2);
        Members members = new Members(database);
        ada = members.createUser("ada", "Ada Lovelace", null, "hash", Role.MEMBER);
        bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        new Catalog(database).upsert(List.of(TestPapers.paper(FIRST.value()), TestPapers.paper(SECOND.value()),
                TestPapers.paper(THIRD.value())));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstSaveMakesAPrivateReadingListAndSavingTwiceKeepsThePaperOnce() {
        PaperCollection list = collections.saveByName(ada, "", FIRST);
        collections.saveByName(ada, null, SECOND);
        collections.saveByName(ada, "Reading list", FIRST);

        assertThat(list.name()).isEqualTo("Reading list");
        assertThat(list.isPublic()).isFalse();
        assertThat(collections.ofMember(ada.id())).singleElement()
                .satisfies(k -> assertThat(k.papers()).isEqualTo(2));
        assertThat(collections.papers(list.id())).as("latest saved first").containsExactly(SECOND, FIRST);
        assertThat(list.id()).matches("[0-9a-f]{20}");
    }

    @Test
    void createsRenamesPublishesRemovesAndDeletes() {
        PaperCollection theory = collections.create(ada, "  Theory  ", false);
        collections.save(ada, theory.id(), FIRST);
        collections.save(ada, theory.id(), SECOND);

        collections.rename(ada, theory.id(), "Learning theory");
        collections.setPublic(ada, theory.id(), true);
        collections.remove(ada, theory.id(), FIRST);

        PaperCollection now = collections.visible(theory.id(), null);
        assertThat(now.name()).isEqualTo("Learning theory");
        assertThat(now.isPublic()).isTrue();
        assertThat(now.ownerUsername()).isEqualTo("ada");
        assertThat(collections.papers(theory.id())).containsExactly(SECOND);
        assertThat(collections.publicOf(ada.id())).extracting(PaperCollection::name).containsExactly("Learning theory");

        collections.delete(ada, theory.id());
        assertThat(collections.ofMember(ada.id())).isEmpty();
        assertThat(collections.papers(theory.id())).isEmpty();
        assertThatThrownBy(() -> collections.visible(theory.id(), ada)).isInstanceOf(CommunityException.class);
    }

    @Test
    void aPrivateCollectionIsNotFoundForOthersAndOnlyItsOwnerChangesOne() {
        PaperCollection mine = collections.create(ada, "Mine", false);
        PaperCollection shown = collections.create(ada, "Shown", true);

        assertThat(collections.visible(mine.id(), ada).name()).isEqualTo("Mine");
        for (User other : new User[] {bob, null}) {
            assertThatThrownBy(() -> collections.visible(mine.id(), other)).isInstanceOf(CommunityException.class)
                    .hasMessage("no collection " + mine.id())
                    .satisfies(e -> assertThat(((CommunityException) e).kind()).isEqualTo(CommunityException.Kind.NOT_FOUND));
        }
        assertThat(collections.visible(shown.id(), bob).name()).isEqualTo("Shown");
        assertThatThrownBy(() -> collections.save(bob, shown.id(), FIRST)).hasMessage("no collection " + shown.id());
        assertThatThrownBy(() -> collections.rename(bob, shown.id(), "Bob's now")).isInstanceOf(CommunityException.class);
        assertThatThrownBy(() -> collections.delete(bob, shown.id())).isInstanceOf(CommunityException.class);
        assertThat(collections.publicOf(ada.id())).extracting(PaperCollection::name).containsExactly("Shown");
        assertThatThrownBy(() -> collections.visible("no-such-collection", ada)).hasMessage("no collection no-such-collection");
    }

    @Test
    void namesAreCheckedAndUniquePerMember() {
        collections.create(ada, "Theory", false);
        assertThatThrownBy(() -> collections.create(ada, "Theory", true)).hasMessageContaining("already have a collection named");
        assertThat(collections.create(bob, "Theory", false).name()).as("another member's names are theirs").isEqualTo("Theory");
        PaperCollection other = collections.create(ada, "Other", false);
        assertThatThrownBy(() -> collections.rename(ada, other.id(), "Theory")).hasMessageContaining("already have");
        assertThatThrownBy(() -> collections.create(ada, " ", false)).hasMessageContaining("1 to 100 characters");
        assertThatThrownBy(() -> collections.create(ada, "x".repeat(101), false)).hasMessageContaining("1 to 100 characters");
        assertThatThrownBy(() -> collections.create(ada, "two\nlines", false)).hasMessageContaining("one line");
    }

    @Test
    void limitsOnCollectionsAndPapersSaySo() {
        PaperCollection full = collections.create(ada, "One", false);
        collections.create(ada, "Two", false);
        collections.create(ada, "Three", false);
        assertThatThrownBy(() -> collections.create(ada, "Four", false))
                .hasMessage("you have 3 collections, the most a member can have; delete one to make another");
        assertThatThrownBy(() -> collections.saveByName(ada, "Reading list", FIRST)).hasMessageContaining("3 collections");

        collections.save(ada, full.id(), FIRST);
        collections.save(ada, full.id(), SECOND);
        collections.save(ada, full.id(), SECOND);
        assertThatThrownBy(() -> collections.save(ada, full.id(), THIRD))
                .hasMessage("this collection holds 2 papers, the most one can hold; remove some, or save to another collection");
    }

    @Test
    void concurrentSavesStayUnderTheLimit() throws Exception {
        PaperCollections one = new PaperCollections(database, 1, 10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> saves = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "List " + i;
                saves.add(pool.submit(() -> one.saveByName(ada, name, FIRST)));
            }
            for (Future<?> save : saves) {
                try {
                    save.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CommunityException.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(one.ofMember(ada.id())).hasSize(1);
    }
}
