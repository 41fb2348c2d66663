package dev.reprise.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random module of nested legacy trys for {@link LegacyExceptionsPassTest}: exported
 * {@code run(x)} clears the global {@code acc} and runs a body whose path depends on the bits of
 * x, marking each step in {@code acc} and returning it. The bodies nest blocks, ifs, trys with
 * catch, catch_all and rethrow clauses, trys that delegate (to any enclosing label, or to the
 * caller), branches to any enclosing label, throws of two tags, and a call to a second random
 * function, so delegates and exceptions cross a call.
 */
final class RandomTrys {
    private enum Kind { BLOCK, TRY_BODY, HANDLER }

    private record Label(String name, Kind kind) {
    }

    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private int names;
    private int marks;

    RandomTrys(Random random) {
        this.random = random;
    }

    String module() {
        out.append("(module\n  (tag $e (param i32))\n  (tag $f)\n");
        out.append("  (global $acc (export \"acc\") (mut i32) (i32.const 0))\n");
        out.append("  (func $mark (param i32)\n    (global.set $acc (i32.add (i32.mul (global.get $acc) (i32.const 31)) (local.get 0))))\n");
        out.append("  (func $callee (param $x i32)\n");
        statements(new ArrayList<>(), 3, false);
        out.append("  )\n  (func $body (param $x i32)\n");
        statements(new ArrayList<>(), 4, true);
        out.append("  )\n  (func (export \"run\") (param $x i32) (result i32)\n");
        out.append("    (global.set $acc (i32.const 0)) (call $body (local.get $x)) (global.get $acc)))\n");
        return out.toString();
    }

    private void statements(List<Label> labels, int depth, boolean mayCall) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            statement(labels, depth, mayCall);
        }
    }

    private String bit() {
        return "(i32.and (local.get $x) (i32.const " + (1 << random.nextInt(6)) + "))";
    }

    private void statement(List<Label> labels, int depth, boolean mayCall) {
        int pick = random.nextInt(depth > 0 ? 12 : 5);
        switch (pick) {
            case 0, 1 -> out.append("(call $mark (i32.const ").append(++marks).append("))\n");
            case 2 -> out.append(random.nextBoolean() ? "(if " + bit() + " (then (throw $e (i32.const " + ++marks + "))))\n"
                    : "(if " + bit() + " (then (throw $f)))\n");
            case 3 -> {
                if (labels.isEmpty()) {
                    out.append("(call $mark (i32.const ").append(++marks).append("))\n");
                } else {
                    Label l = labels.get(random.nextInt(labels.size()));
                    out.append("(if ").append(bit()).append(" (then (br ").append(l.name).append(")))\n");
                }
            }
            case 4 -> {
                List<Label> handlers = labels.stream().filter(l -> l.kind == Kind.HANDLER).toList();
                if (handlers.isEmpty() || !mayCall && random.nextBoolean()) {
                    if (mayCall) {
                        out.append("(call $callee (local.get $x))\n");
                    } else {
                        out.append("(call $mark (i32.const ").append(++marks).append("))\n");
                    }
                } else {
                    Label l = handlers.get(random.nextInt(handlers.size()));
                    out.append("(if ").append(bit()).append(" (then (rethrow ").append(l.name).append(")))\n");
                }
            }
            case 5, 6 -> {
                String name = "$b" + names++;
                out.append(random.nextBoolean() ? "(block " + name + "\n" : "(if " + name + " " + bit() + " (then\n");
                boolean isIf = out.charAt(out.length() - 2) == 'n';
                labels.add(new Label(name, Kind.BLOCK));
                statements(labels, depth - 1, mayCall);
                labels.remove(labels.size() - 1);
                out.append(isIf ? "))\n" : ")\n");
            }
            case 7, 8 -> delegatingTry(labels, depth, mayCall);
            default -> catchingTry(labels, depth, mayCall);
        }
    }

    /** Opens a try named {@code name} and writes its body ({@code (do ...)}). */
    private void tryBody(String name, List<Label> labels, int depth, boolean mayCall) {
        out.append("(try ").append(name).append("\n(do\n");
        labels.add(new Label(name, Kind.TRY_BODY));
        statements(labels, depth - 1, mayCall);
        labels.remove(labels.size() - 1);
        out.append(")\n");
    }

    private void catchingTry(List<Label> labels, int depth, boolean mayCall) {
        String name = "$t" + names++;
        tryBody(name, labels, depth, mayCall);
        boolean any = false;
        if (random.nextBoolean()) {
            clause("(catch $e (call $mark)\n", name, labels, depth, mayCall);
            any = true;
        }
        if (random.nextBoolean()) {
            clause("(catch $f\n", name, labels, depth, mayCall);
            any = true;
        }
        if (!any || random.nextBoolean()) {
            clause("(catch_all\n", name, labels, depth, mayCall);
        }
        out.append(")\n");
    }

    private void clause(String head, String name, List<Label> labels, int depth, boolean mayCall) {
        out.append(head).append("(call $mark (i32.const ").append(++marks).append("))\n");
        labels.add(new Label(name, Kind.HANDLER));
        statements(labels, depth - 1, mayCall);
        labels.remove(labels.size() - 1);
        out.append(")\n");
    }

    private void delegatingTry(List<Label> labels, int depth, boolean mayCall) {
        tryBody("$d" + names++, labels, depth, mayCall);
        int target = random.nextInt(labels.size() + 1);
        // a name, or the depth of the function's own label: to the caller
        out.append("(delegate ").append(target == labels.size() ? String.valueOf(labels.size()) : labels.get(target).name)
                .append("))\n");
    }
}
