package dev.kdlab.debugger.dx;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A collection of the data model: elements under keys ({@code [0x4] : System} for a process under its id,
 * {@code [0x0]} for the first of a list), read as they are iterated, never all at once unless an operator
 * needs them all (Count, OrderBy, GroupBy). Each iteration reads the target again. Iterating polls the
 * command line's Ctrl-C, so a long collection stops when the user asks.
 */
public final class ModelCollection implements ModelValue, Iterable<ModelCollection.Element> {
    /**
     * One element: the key it is shown and indexed under, and its value, computed when first asked for (so
     * {@code Select(...).Skip(1000)} and {@code dx -c 1000} do not evaluate what they pass over).
     */
    public static final class Element {
        private final ModelValue key;
        private Supplier<ModelValue> compute;
        private ModelValue value;

        public Element(ModelValue key, ModelValue value) {
            this.key = key;
            this.value = value;
        }

        public Element(ModelValue key, Supplier<ModelValue> compute) {
            this.key = key;
            this.compute = compute;
        }

        public ModelValue key() {
            return key;
        }

        public ModelValue value() {
            if (value == null) {
                value = compute.get();
                compute = null;
            }
            return value;
        }
    }

    private final Supplier<Iterator<Element>> source;
    private final Runnable poll;
    private final String help;

    public ModelCollection(Supplier<Iterator<Element>> source, Runnable poll, String help) {
        this.source = source;
        this.poll = poll;
        this.help = help;
    }

    /** The values of {@code values}, keyed by their position ([0x0], [0x1] ...). */
    public static ModelCollection indexed(Iterable<? extends ModelValue> values, Runnable poll, String help) {
        return new ModelCollection(() -> new Iterator<>() {
            private final Iterator<? extends ModelValue> inner = values.iterator();
            private long index;

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Element next() {
                return new Element(NumberValue.unsigned(index++), inner.next());
            }
        }, poll, help);
    }

    Runnable poll() {
        return poll;
    }

    @Override
    public Iterator<Element> iterator() {
        Iterator<Element> inner = source.get();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                poll.run();
                return inner.hasNext();
            }

            @Override
            public Element next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return inner.next();
            }
        };
    }

    @Override
    public String summary(Format format) {
        return null;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public Iterable<Child> children(Format format) {
        return () -> new Iterator<>() {
            private final Iterator<Element> elements = ModelCollection.this.iterator();

            @Override
            public boolean hasNext() {
                return elements.hasNext();
            }

            @Override
            public Child next() {
                Element e = elements.next();
                return new Child("", "[" + keyText(e.key(), format) + "]", e::value, null);
            }
        };
    }

    /** How a key is written between the brackets: numbers in hex ([0x4]), strings as they are. */
    static String keyText(ModelValue key, Format format) {
        String text = key.summary(format);
        return text == null ? "" : text;
    }

    /** The element under {@code key}: the one whose key is equal to it. */
    public ModelValue get(ModelValue key) {
        for (Element e : this) {
            if (Values.sameKey(e.key(), key)) {
                return e.value();
            }
        }
        throw ModelError.outOfRange();
    }

    /**
     * The elements made from a source's items as they are asked for, in the source's order; an item the function
     * answers null for (filtered out, or unreadable) is passed over.
     */
    public static <S> Iterator<Element> madeFrom(Iterator<S> source, Function<S, Element> element) {
        return new Iterator<>() {
            private Element next;

            @Override
            public boolean hasNext() {
                while (next == null && source.hasNext()) {
                    next = element.apply(source.next());
                }
                return next != null;
            }

            @Override
            public Element next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Element e = next;
                next = null;
                return e;
            }
        };
    }
}
