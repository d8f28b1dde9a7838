package dev.chorus.txn.saga;

import java.util.ArrayList;
import java.util.List;

/**
 * A saga: an ordered list of steps, each an action and the compensation that undoes it. Steps commit at once (each
 * is typically one Chorus transaction, or a call to another system); if step k fails, the compensations of the
 * completed steps k-1..1 run in reverse. Actions and compensations may run more than once (after a crash the
 * interrupted one is run again), so they must be idempotent: {@link StepContext#idempotencyKey()} is the same on
 * every run of the same step of the same saga.
 *
 * <p>Sagas are not isolated: other transactions see the effects of completed steps before the saga finishes, and
 * may see them undone later. Use semantic locks (e.g. a "reserved" state that others respect) where that matters.
 */
public record SagaDefinition(String name, List<Step> steps) {

    /** Runs once per attempt; throws to fail the step. */
    @FunctionalInterface
    public interface StepAction {
        void run(StepContext context) throws Exception;
    }

    public record Step(String name, StepAction action, StepAction compensation) {
    }

    public SagaDefinition {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a saga needs at least one step");
        }
        if (steps.stream().map(Step::name).distinct().count() != steps.size()) {
            throw new IllegalArgumentException("step names must be unique within saga " + name);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public int indexOf(String step) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(step)) {
                return i;
            }
        }
        throw new IllegalArgumentException("saga " + name + " has no step '" + step + "' (steps: "
                + steps.stream().map(Step::name).toList() + ")");
    }

    public static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder step(String stepName, StepAction action, StepAction compensation) {
            steps.add(new Step(stepName, action, compensation));
            return this;
        }

        public SagaDefinition build() {
            return new SagaDefinition(name, steps);
        }
    }
}
