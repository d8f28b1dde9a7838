package dev.chorus.participant;

/** Told what a replica applied, for events and failpoints; called inside the apply, so it must only record. */
public interface TxnObserver {
    TxnObserver NONE = new TxnObserver() {
        @Override
        public void prepared(String txnId) {
        }

        @Override
        public void decided(String txnId, TxnState state) {
        }

        @Override
        public void completed(String txnId, boolean commit) {
        }
    };

    void prepared(String txnId);

    void decided(String txnId, TxnState state);

    void completed(String txnId, boolean commit);
}
