package dev.chorus.participant;

import dev.chorus.command.ApplyContext;
import dev.chorus.command.ReplicatedCommands;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.GroupStore;
import dev.chorus.storage.GroupTime;
import dev.chorus.storage.StorageResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadline and tombstone rule ({@link TxnDeadlines}) applied to one group's store, command by command, at group
 * times the test chooses: what a paused or slow coordinator, a client that gave up, and the resolvers' garbage
 * collection can do to a transaction, in the orders that once let an aborted transaction commit.
 */
class TxnDeadlinesTest {
    private static final TxnObserver QUIET = TxnObserver.NONE;

    @TempDir
    Path dir;
    private GroupStore store;
    private long index;

    @BeforeEach
    void open() {
        store = GroupStore.open(dir.resolve("state"), StorageResources.defaults());
        // The leader of term 1 stamps its first entry at 0: from then on group time equals the stamps below.
        try (ApplyBatch b = store.beginApply()) {
            b.advanceTime(0, 1);
            b.commit(++index);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Applies {@code command} as one log entry stamped {@code atMs} by the leader of term 1. */
    private KvResponse apply(long atMs, KvCommand command) {
        try (ApplyBatch b = store.beginApply()) {
            b.advanceTime(atMs, 1);
            KvResponse r = ReplicatedCommands.of(command).apply(new ApplyContext(b, QUIET));
            b.commit(++index);
            return r;
        }
    }

    private TxnVerdict verdict(long atMs, KvCommand command) {
        return ((KvResponse.TxnOutcome) apply(atMs, command)).verdict();
    }

    private static KvCommand.TxnPrepare primaryPrepare(String txn, long deadline) {
        return new KvCommand.TxnPrepare(txn, "g1", deadline, 3000, List.of(), List.of(),
                List.of(new KvCommand.Put(utf8("k"), utf8("late"))), List.of("g1", "g2"), "n1");
    }

    private boolean recordExists(String txn) {
        return new TxnQueries(store).records(100).stream().anyMatch(r -> r.txnId().equals(txn));
    }

    /**
     * The client gave up on a coordinator that did not answer, found no record and wrote an ABORTED tombstone; once
     * the tombstone may be forgotten, the paused coordinator wakes up: its prepare and its commit must fail.
     */
    @Test
    void aForgottenTombstoneNeverLetsALatePrepareCommit() {
        long start = 1_000_000;
        long deadline = start + 10_000;
        try (ApplyBatch b = store.beginApply()) {
            b.advanceTime(start, 1);
            b.put(utf8("k"), utf8("before"));
            b.commit(++index);
        }
        assertEquals(TxnVerdict.ABORTED, verdict(start + 8_000,
                new KvCommand.TxnDecide("t1", KvCommand.Decision.ABORT_IF_EXPIRED, deadline)));

        apply(start + 9_000, new KvCommand.TxnForget(List.of("t1")));
        assertTrue(recordExists("t1"), "the tombstone is kept while the transaction's deadline has not passed");

        apply(deadline + 1, new KvCommand.TxnForget(List.of("t1")));
        assertTrue(!recordExists("t1"), "and forgotten once it has");

        assertEquals(TxnVerdict.REFUSED, verdict(deadline + 5_000, primaryPrepare("t1", deadline)));
        assertEquals(TxnVerdict.ABORTED, verdict(deadline + 5_001,
                new KvCommand.TxnDecide("t1", KvCommand.Decision.COMMIT, deadline)));
        assertEquals("before", new String(store.get(utf8("k"))));
        assertTrue(new TxnQueries(store).locks(10).isEmpty(), "the late prepare took no lock");
    }

    @Test
    void aLateOnePhaseCommitIsRefusedPastItsDeadline() {
        long deadline = 50_000;
        apply(40_000, new KvCommand.TxnDecide("t2", KvCommand.Decision.ABORT_IF_EXPIRED, deadline));
        apply(deadline + 1, new KvCommand.TxnForget(List.of("t2")));
        assertTrue(!recordExists("t2"));
        KvCommand.TxnOnePhase late = new KvCommand.TxnOnePhase("t2", deadline, List.of(), List.of(),
                List.of(new KvCommand.Put(utf8("k"), utf8("late"))));
        assertEquals(TxnVerdict.REFUSED, verdict(deadline + 2, late));
        assertNull(store.get(utf8("k")));
    }

    @Test
    void aCommitDecisionPastTheDeadlineAborts() {
        long deadline = 20_000;
        assertEquals(TxnVerdict.PREPARED, verdict(10_000, primaryPrepare("t3", deadline)));
        assertEquals(TxnVerdict.ABORTED, verdict(deadline + 1, new KvCommand.TxnDecide("t3", KvCommand.Decision.COMMIT, deadline)));
        assertNull(store.get(utf8("k")));
        assertTrue(new TxnQueries(store).locks(10).isEmpty(), "the abort released the primary's locks");
    }

    /**
     * An abort that overtook its prepare leaves a tombstone; the prepare, still being retried by its sender, is
     * refused for as long as it can arrive (the tombstone once had {@code createdMs = 0} and went on the next sweep).
     */
    @Test
    void anAbortBeforeItsPrepareKeepsThePrepareOutUntilItsDeadline() {
        long t = 500_000;
        apply(t, new KvCommand.TxnComplete("t4", false));
        apply(t + 1_000, new KvCommand.TxnForget(List.of("t4")));
        KvCommand.TxnPrepare participantPrepare = new KvCommand.TxnPrepare("t4", "g1", t + 10_000, 3000, List.of(), List.of(),
                List.of(new KvCommand.Put(utf8("p"), utf8("v"))), List.of(), null);
        assertEquals(TxnVerdict.REFUSED, verdict(t + 2_000, participantPrepare));

        apply(t + TxnDeadlines.MAX_LIFETIME_MS + 1, new KvCommand.TxnForget(List.of("t4")));
        assertEquals(TxnVerdict.REFUSED, verdict(t + TxnDeadlines.MAX_LIFETIME_MS + 2, participantPrepare),
                "forgotten only when the prepare's deadline has passed too");
        assertTrue(new TxnQueries(store).locks(10).isEmpty());
    }

    @Test
    void aRecordExpiresOnTheGroupsClockWhateverTheAskerBelieves() {
        assertEquals(TxnVerdict.PREPARED, verdict(100_000, primaryPrepare("t5", 110_000)));
        assertEquals(TxnVerdict.OUTCOME_UNKNOWN, verdict(102_000, new KvCommand.TxnDecide("t5", KvCommand.Decision.ABORT_IF_EXPIRED, 0)));
        assertEquals(TxnVerdict.ABORTED, verdict(103_001, new KvCommand.TxnDecide("t5", KvCommand.Decision.ABORT_IF_EXPIRED, 0)));
    }

    @Test
    void groupTimeFollowsTheRateOfTheLeadersClocksNeverTheirOffset() {
        GroupTime t = GroupTime.START.advance(1_000_000, 1);
        assertEquals(0, t.timeMs(), "group time starts at zero");
        t = t.advance(1_000_500, 1);
        assertEquals(500, t.timeMs());
        // A new leader whose clock is two minutes behind: nothing is lost, nothing runs backwards.
        t = t.advance(880_600, 2);
        assertEquals(500, t.timeMs());
        t = t.advance(881_600, 2);
        assertEquals(1_500, t.timeMs());
        // Its clock steps back within its term: group time stands still, then moves on at the clock's rate.
        t = t.advance(870_000, 2);
        t = t.advance(870_250, 2);
        assertEquals(1_750, t.timeMs());
        // A leader two minutes ahead moves it by its elapsed time only.
        t = t.advance(1_121_000, 3);
        t = t.advance(1_121_100, 3);
        assertEquals(1_850, t.timeMs());
    }
}
