package dev.kdlab.exercises;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checker derived from one machine: the task's parameters (which process, which address), the
 * answer's parts, the near-misses it recognises, and the reads it made.
 */
public final class Truth {
    private final Map<String, String> parameters;
    private final List<Expected> parts;
    private final List<NearMiss> nearMisses;
    private final List<String> derivation;

    private Truth(Builder builder) {
        this.parameters = Map.copyOf(builder.parameters);
        this.parts = List.copyOf(builder.parts);
        this.nearMisses = List.copyOf(builder.nearMisses);
        this.derivation = builder.reads.log();
    }

    public static Builder builder(Reads reads) {
        return new Builder(reads);
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    List<Expected> parts() {
        return parts;
    }

    List<NearMiss> nearMisses() {
        return nearMisses;
    }

    public List<String> derivation() {
        return derivation;
    }

    /** The answer as {@code .answer} takes it: the parts separated by blanks. */
    public String answer() {
        return String.join(" ", parts.stream().map(Expected::shown).toList());
    }

    /** Fills a text's {@code {name}} placeholders with the parameters and {@code {answer}} with the answer. */
    public String fill(String text) {
        String filled = text.replace("{answer}", answer());
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            filled = filled.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        return filled;
    }

    /** Builds a truth part by part; near-misses name the part they follow. */
    public static final class Builder {
        private static final long OBJECT_HEADER_SIZE = 0x30;
        private static final long PAGE = 0x1000;

        private final Reads reads;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final List<Expected> parts = new ArrayList<>();
        private final List<NearMiss> nearMisses = new ArrayList<>();

        private Builder(Reads reads) {
            this.reads = reads;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public Builder parameter(String name, long value) {
            return parameter(name, Reads.hex(value));
        }

        /** An address, id or offset: a bare number is hex, as WinDbg prints it. */
        public Builder hex(String what, long value) {
            parts.add(new Expected.Number(what, value, 16));
            return this;
        }

        /** A count ("how many"): a bare number is decimal. */
        public Builder count(String what, long value) {
            parts.add(new Expected.Number(what, value, 10));
            return this;
        }

        public Builder name(String what, String display, String... aliases) {
            parts.add(Expected.Name.of(what, display, aliases));
            return this;
        }

        public Builder yesNo(String what, boolean value) {
            parts.add(new Expected.YesNo(what, value));
            return this;
        }

        public Builder names(String what, Iterable<String> names) {
            parts.add(Expected.Names.of(what, names));
            return this;
        }

        private int last() {
            return parts.size() - 1;
        }

        /** A wrong number for the last part, with what it shows. */
        public Builder near(long value, String message) {
            nearMisses.add(NearMiss.number(last(), value, message));
            return this;
        }

        /** A wrong name for the last part, with what it shows. */
        public Builder nearName(String value, String message) {
            nearMisses.add(NearMiss.name(last(), value, message));
            return this;
        }

        /** The body's address minus 0x30: its _OBJECT_HEADER. */
        public Builder objectHeader(long body) {
            return near(body - OBJECT_HEADER_SIZE,
                    "That is the _OBJECT_HEADER; the object body starts 0x30 bytes later.");
        }

        /** The record's address plus a link's offset: the LIST_ENTRY inside it. */
        public Builder listEntry(long record, String type, String field) {
            long offset = reads.offset(type, field);
            return near(record + offset, String.format("That is the LIST_ENTRY %s inside the %s; subtract its offset "
                    + "0x%x to get the structure (CONTAINING_RECORD).", field, type, offset));
        }

        /** An _EX_FAST_REF's object with its reference-count bits still set. */
        public Builder fastRefCount(long object) {
            nearMisses.add(new NearMiss(last(), v -> v != object && (v & ~0xfL) == object,
                    null, "_EX_FAST_REF: the low 4 bits are a reference count, not part of the address; mask them "
                    + "(& ~0xf)."));
            return this;
        }

        /** A physical address asked for, its PFN given (or the page base without the byte offset). */
        public Builder pfnOf(long physicalAddress) {
            near(physicalAddress >>> 12, "That is a PFN (a page frame number), not a physical address: multiply "
                    + "by 0x1000 and add the byte offset within the page.");
            if ((physicalAddress & (PAGE - 1)) != 0) {
                near(physicalAddress & ~(PAGE - 1), "That is the start of the page; add the byte offset within the "
                        + "page (the virtual address's low 12 bits).");
            }
            return this;
        }

        /** A PFN asked for, a physical address given. */
        public Builder physicalOf(long pfn) {
            nearMisses.add(new NearMiss(last(), v -> v >>> 12 == pfn && v != pfn, null,
                    "That is a physical address; the question asks for the page frame number (the address >> 12)."));
            return this;
        }

        /** A paging entry's raw value given where the frame's address was asked. */
        public Builder rawEntry(long entry) {
            return near(entry, "That is the whole paging entry; mask the flags: the frame is bits 12-51 "
                    + "(& 0x000ffffffffff000).");
        }

        /** The same field read in another process's context. */
        public Builder wrongContext(long value, String whose) {
            return near(value, "That is the value in " + whose + "'s context. User addresses mean something only in "
                    + "one address space: did you .process /P to the right process first?");
        }

        /** One more than a count: the list head counted as an entry. */
        public Builder countedHead(long count) {
            return near(count + 1, "One too many: did you count the list head? It is not an entry of the list.");
        }

        public Truth build() {
            return new Truth(this);
        }
    }
}
