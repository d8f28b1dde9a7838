package dev.chorus.protocol;

import java.util.function.ToIntFunction;

/**
 * Finds the enum constant a stored or transmitted tag names. Tags are explicit numbers given to each constant, never
 * its ordinal, so constants may be renamed, reordered or added without changing what existing bytes mean.
 */
public final class StableTags {
    private StableTags() {
    }

    /** The constant among {@code values} whose tag is {@code tag}; a {@link MalformedMessageException} if none. */
    public static <E extends Enum<E>> E find(E[] values, ToIntFunction<E> tagOf, int tag, String what) {
        for (E e : values) {
            if (tagOf.applyAsInt(e) == tag) {
                return e;
            }
        }
        throw new MalformedMessageException("unknown " + what + " " + tag);
    }
}
