package dev.kdlab.exercises;

/** The tracks, in the order {@code .exercise list} shows them; each has its texts in {@code <file>.txt}. */
public enum Track {
    PROCESSES("processes", "Processes and threads"),
    PAGING("paging", "Paging"),
    LOADER("loader", "PEB, TEB and the loader"),
    OBJECTS("objects", "Objects, handles and tokens"),
    CREATION("creation", "Process creation"),
    ANOMALIES("anomalies", "Anomaly labs");

    private final String file;
    private final String title;

    Track(String file, String title) {
        this.file = file;
        this.title = title;
    }

    public String file() {
        return file;
    }

    public String title() {
        return title;
    }
}
