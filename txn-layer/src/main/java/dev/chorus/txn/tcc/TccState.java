package dev.chorus.txn.tcc;

/**
 * Where a TCC transaction stands in its decision record. TRYING until every try answered; then the decision,
 * CONFIRMING or CANCELLING, is written before phase two starts and never changes; CONFIRMED, CANCELLED and
 * NEEDS_ATTENTION are final.
 */
public enum TccState {
    TRYING, CONFIRMING, CANCELLING, CONFIRMED, CANCELLED,
    /**
     * Phase two could not carry out the decision on some branch: the fence refused it (a confirm of a cancelled
     * branch, a cancel of a confirmed one). An operator must look; the decision itself is unchanged.
     */
    NEEDS_ATTENTION;

    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED || this == NEEDS_ATTENTION;
    }
}
