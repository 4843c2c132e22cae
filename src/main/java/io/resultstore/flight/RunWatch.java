package io.resultstore.flight;

/** Learns of the run a Flight query started and of its statement's end. */
interface RunWatch {
    RunWatch NONE = new RunWatch() {
        @Override
        public void started(String runId) {}

        @Override
        public void ended(String runId) {}
    };

    void started(String runId);

    void ended(String runId);
}
