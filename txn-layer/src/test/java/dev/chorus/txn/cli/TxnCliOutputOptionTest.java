package dev.chorus.txn.cli;

import dev.chorus.cli.OutputOptionTest;

/** The {@code -o json} check of the core CLI, run again with the txn layer's commands (txn, txns, sagas, tccs, bank). */
class TxnCliOutputOptionTest extends OutputOptionTest {
}
