package dev.kdlab.debugger.dx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The LINQ methods of dx's collections (Microsoft Learn, debugger/using-linq-with-the-debugger-objects): Where,
 * Select, OrderBy, OrderByDescending, First, FirstOrDefault, Last, Count, Any, All, Take, Skip, Flatten, GroupBy,
 * Sum, Max, Min, Reverse, Distinct. The ones that give a collection give a lazy one: nothing is read before it is
 * iterated, and Where and Select keep each element's key ({@code Processes.Select(p => p.Name)} is still keyed by
 * process id, transcripts 6.8). OrderBy and GroupBy read the whole source when first iterated, as LINQ does.
 */
final class Linq {
    /** Flatten follows a lambda's children this deep at most, so a cycle ends with an error. */
    static final int MAX_FLATTEN_DEPTH = 1000;

    /** The methods and their help ({@code dx -v}). */
    static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put("All", "All(predicateMethod) - Determines whether all elements of a sequence satisfy a condition");
        HELP.put("Any", "Any([predicateMethod]) - Determines whether any element of a sequence satisfies a condition");
        HELP.put("Count", "Count([predicateMethod]) - Returns the number of elements in the sequence");
        HELP.put("Distinct", "Distinct() - Returns the distinct elements of a sequence");
        HELP.put("First", "First([predicateMethod]) - Returns the first element of the sequence");
        HELP.put("FirstOrDefault", "FirstOrDefault([predicateMethod]) - Returns the first element of the sequence or null");
        HELP.put("Flatten", "Flatten([keyProjectorMethod]) - Flattens a tree of collections (or a tree of keys projected by the"
                + " optional method) into a single collection");
        HELP.put("GroupBy", "GroupBy(keyProjectorMethod) - Groups the elements of a sequence by the key the method projects");
        HELP.put("Last", "Last([predicateMethod]) - Returns the last element of the sequence");
        HELP.put("Max", "Max([projectorMethod]) - Returns the maximum value of the sequence");
        HELP.put("Min", "Min([projectorMethod]) - Returns the minimum value of the sequence");
        HELP.put("OrderBy", "OrderBy(keySelectorMethod) - Sorts the elements of a sequence in ascending order of their keys");
        HELP.put("OrderByDescending", "OrderByDescending(keySelectorMethod) - Sorts the elements of a sequence in descending"
                + " order of their keys");
        HELP.put("Reverse", "Reverse() - Inverts the order of the elements of a sequence");
        HELP.put("Select", "Select(projectorMethod) - Projects each element of a sequence into a new form");
        HELP.put("Skip", "Skip(count) - Bypasses a specified number of elements in a sequence and returns the rest");
        HELP.put("Sum", "Sum([projectorMethod]) - Returns the sum of the values of the sequence");
        HELP.put("Take", "Take(count) - Returns a specified number of contiguous elements from the start of a sequence");
        HELP.put("Where", "Where(filterMethod) - Filters a sequence of values based on a predicate");
    }

    private Linq() {
    }

    /** The sequence a value is, if it is one: a collection, or a native array's elements. */
    static Optional<ModelCollection> sequence(ModelValue value, Runnable poll) {
        if (value instanceof ModelCollection c) {
            return Optional.of(c);
        }
        if (value instanceof NativeValue n) {
            return n.elements().map(values -> ModelCollection.indexed(values, poll, null));
        }
        return Optional.empty();
    }

    /** Calls a LINQ method; empty when there is none of that name. */
    static Optional<ModelValue> call(ModelCollection source, String method, List<ModelValue> args) {
        Runnable poll = source.poll();
        return Optional.ofNullable(switch (method) {
            case "Where" -> {
                Callable predicate = lambda(args, 0, method);
                yield filtered(source, e -> Values.truth(predicate.call(List.of(e.value()))));
            }
            case "Select" -> {
                Callable projector = lambda(args, 0, method);
                yield mapped(source, e -> new ModelCollection.Element(e.key(), () -> projector.call(List.of(e.value()))));
            }
            case "OrderBy", "OrderByDescending" -> ordered(source, lambda(args, 0, method),
                    method.equals("OrderByDescending"));
            case "First", "FirstOrDefault", "Last" -> first(source, optionalLambda(args, method), method);
            case "Count" -> {
                Callable predicate = optionalLambda(args, method);
                long count = 0;
                for (ModelCollection.Element e : source) {
                    if (predicate == null || Values.truth(predicate.call(List.of(e.value())))) {
                        count++;
                    }
                }
                yield NumberValue.unsigned(count);
            }
            case "Any" -> {
                Callable predicate = optionalLambda(args, method);
                boolean any = false;
                for (ModelCollection.Element e : source) {
                    if (predicate == null || Values.truth(predicate.call(List.of(e.value())))) {
                        any = true;
                        break;
                    }
                }
                yield BoolValue.of(any);
            }
            case "All" -> {
                Callable predicate = lambda(args, 0, method);
                boolean all = true;
                for (ModelCollection.Element e : source) {
                    if (!Values.truth(predicate.call(List.of(e.value())))) {
                        all = false;
                        break;
                    }
                }
                yield BoolValue.of(all);
            }
            case "Take", "Skip" -> counted(source, count(args, method), method.equals("Take"));
            case "Flatten" -> flattened(source, optionalLambda(args, method));
            case "GroupBy" -> grouped(source, lambda(args, 0, method));
            case "Sum" -> sum(source, optionalLambda(args, method));
            case "Max", "Min" -> extreme(source, optionalLambda(args, method), method.equals("Max"));
            case "Reverse" -> {
                arity(args, 0, method);
                yield new ModelCollection(() -> {
                    List<ModelCollection.Element> all = all(source);
                    java.util.Collections.reverse(all);
                    return all.iterator();
                }, poll, null);
            }
            case "Distinct" -> {
                arity(args, 0, method);
                yield new ModelCollection(() -> {
                    Groups<ModelCollection.Element> seen = new Groups<>();
                    List<ModelCollection.Element> kept = new ArrayList<>();
                    for (ModelCollection.Element e : source) {
                        if (seen.add(e.value(), e)) {
                            kept.add(e);
                        }
                    }
                    return kept.iterator();
                }, poll, null);
            }
            default -> null;
        });
    }

    private static ModelCollection filtered(ModelCollection source, java.util.function.Predicate<ModelCollection.Element> keep) {
        return new ModelCollection(() -> ModelCollection.madeFrom(source.iterator(), e -> keep.test(e) ? e : null),
                source.poll(), null);
    }

    private static ModelCollection mapped(ModelCollection source,
                                          Function<ModelCollection.Element, ModelCollection.Element> map) {
        return new ModelCollection(() -> {
            Iterator<ModelCollection.Element> inner = source.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public ModelCollection.Element next() {
                    return map.apply(inner.next());
                }
            };
        }, source.poll(), null);
    }

    private static ModelCollection ordered(ModelCollection source, Callable keySelector, boolean descending) {
        return new ModelCollection(() -> {
            List<ModelCollection.Element> all = all(source);
            List<ModelValue> keys = new ArrayList<>();
            for (ModelCollection.Element e : all) {
                keys.add(keySelector.call(List.of(e.value())));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                order.add(i);
            }
            Comparator<Integer> byKey = (a, b) -> Values.compare(keys.get(a), keys.get(b));
            order.sort(descending ? byKey.reversed() : byKey);   // List.sort is stable, as LINQ's OrderBy is
            List<ModelCollection.Element> sorted = new ArrayList<>();
            for (int i : order) {
                sorted.add(all.get(i));
            }
            return sorted.iterator();
        }, source.poll(), null);
    }

    private static ModelValue first(ModelCollection source, Callable predicate, String method) {
        ModelValue found = null;
        for (ModelCollection.Element e : source) {
            if (predicate == null || Values.truth(predicate.call(List.of(e.value())))) {
                found = e.value();
                if (!method.equals("Last")) {
                    break;
                }
            }
        }
        if (found == null) {
            if (method.equals("FirstOrDefault")) {
                return NullValue.NULL;
            }
            throw new ModelError("Sequence contains no elements");
        }
        return found;
    }

    private static ModelCollection counted(ModelCollection source, long count, boolean take) {
        return new ModelCollection(() -> new Iterator<>() {
            private final Iterator<ModelCollection.Element> inner = source.iterator();
            private long seen;

            @Override
            public boolean hasNext() {
                while (!take && seen < count && inner.hasNext()) {
                    inner.next();
                    seen++;
                }
                return (!take || seen < count) && inner.hasNext();
            }

            @Override
            public ModelCollection.Element next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (take) {
                    seen++;
                }
                return inner.next();
            }
        }, source.poll(), null);
    }

    /**
     * Flatten(): the elements of the elements that are collections (the others as they are). Flatten(f): each
     * element, then, depth first, what {@code f} gives for it (a tree walked by its children).
     */
    private static ModelCollection flattened(ModelCollection source, Callable children) {
        Runnable poll = source.poll();
        return ModelCollection.indexed(() -> new Iterator<>() {
            private final Deque<Iterator<ModelCollection.Element>> stack = new ArrayDeque<>(List.of(source.iterator()));
            private ModelValue next;

            @Override
            public boolean hasNext() {
                while (next == null && !stack.isEmpty()) {
                    poll.run();
                    Iterator<ModelCollection.Element> top = stack.peek();
                    if (!top.hasNext()) {
                        stack.pop();
                        continue;
                    }
                    ModelValue value = top.next().value();
                    if (children == null) {
                        Optional<ModelCollection> inner = stack.size() == 1 ? sequence(value, poll) : Optional.empty();
                        if (inner.isPresent()) {
                            stack.push(inner.get().iterator());
                        } else {
                            next = value;
                        }
                    } else {
                        next = value;
                        Optional<ModelCollection> inner = sequence(children.call(List.of(value)), poll);
                        if (inner.isPresent()) {
                            if (stack.size() >= MAX_FLATTEN_DEPTH) {
                                throw new ModelError("Flatten went deeper than " + MAX_FLATTEN_DEPTH + " levels");
                            }
                            stack.push(inner.get().iterator());
                        }
                    }
                }
                return next != null;
            }

            @Override
            public ModelValue next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ModelValue value = next;
                next = null;
                return value;
            }
        }, poll, null);
    }

    /** GroupBy(f): one element per key (in the order keys first appear), each the collection of its elements. */
    private static ModelCollection grouped(ModelCollection source, Callable keySelector) {
        Runnable poll = source.poll();
        return new ModelCollection(() -> {
            Groups<ModelCollection.Element> groups = new Groups<>();
            for (ModelCollection.Element e : source) {
                groups.add(keySelector.call(List.of(e.value())), e);
            }
            List<ModelCollection.Element> result = new ArrayList<>();
            for (int i = 0; i < groups.keys.size(); i++) {
                List<ModelCollection.Element> members = groups.members.get(i);
                result.add(new ModelCollection.Element(groups.keys.get(i), new ModelCollection(members::iterator, poll, null)));
            }
            return result.iterator();
        }, poll, null);
    }

    /** Values grouped by key, in the order keys first appear; keys that hash are found at once, others one by one. */
    private static final class Groups<T> {
        final List<ModelValue> keys = new ArrayList<>();
        final List<List<T>> members = new ArrayList<>();
        private final Map<Object, List<Integer>> byHash = new java.util.HashMap<>();

        /** Adds a member under its key; true when the key is new. */
        boolean add(ModelValue key, T member) {
            Object hash = Values.hashKey(key);
            List<Integer> candidates = byHash.computeIfAbsent(hash == null ? NO_HASH : hash, h -> new ArrayList<>());
            for (int i : candidates) {
                if (Values.sameKey(keys.get(i), key)) {
                    members.get(i).add(member);
                    return false;
                }
            }
            candidates.add(keys.size());
            keys.add(key);
            members.add(new ArrayList<>(List.of(member)));
            return true;
        }

        private static final Object NO_HASH = new Object();
    }

    private static ModelValue sum(ModelCollection source, Callable projector) {
        long total = 0;
        boolean signed = true;
        int size = 4;
        for (ModelCollection.Element e : source) {
            ModelValue v = projector == null ? e.value() : projector.call(List.of(e.value()));
            Values.Num n = Values.number(v);
            Values.Num type = Values.common(new Values.Num(total, signed, size, false), n);
            total += n.value();
            signed = type.signed();
            size = type.size();
        }
        return new NumberValue(total, signed, size);
    }

    private static ModelValue extreme(ModelCollection source, Callable projector, boolean max) {
        ModelValue best = null;
        for (ModelCollection.Element e : source) {
            ModelValue v = projector == null ? e.value() : projector.call(List.of(e.value()));
            if (best == null || (max ? Values.compare(v, best) > 0 : Values.compare(v, best) < 0)) {
                best = v;
            }
        }
        if (best == null) {
            throw new ModelError("Sequence contains no elements");
        }
        return best;
    }

    private static List<ModelCollection.Element> all(ModelCollection source) {
        List<ModelCollection.Element> all = new ArrayList<>();
        for (ModelCollection.Element e : source) {
            all.add(e);
        }
        return all;
    }

    private static Callable lambda(List<ModelValue> args, int index, String method) {
        arity(args, index + 1, method);
        if (!(args.get(index) instanceof Callable c)) {
            throw ModelError.invalidOperation(method + " takes a method (p => ...)");
        }
        return c;
    }

    private static Callable optionalLambda(List<ModelValue> args, String method) {
        return args.isEmpty() ? null : lambda(args, 0, method);
    }

    private static long count(List<ModelValue> args, String method) {
        arity(args, 1, method);
        long n = Values.longValue(args.get(0));
        if (n < 0) {
            throw ModelError.outOfRange();
        }
        return n;
    }

    private static void arity(List<ModelValue> args, int count, String method) {
        if (args.size() != count) {
            throw new ModelError("Incorrect number of arguments to method '" + method + "'");
        }
    }
}
