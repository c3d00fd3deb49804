package io.dkpmesh.core.render;

import freemarker.core.TemplateElement;
import freemarker.core.TemplateObject;
import freemarker.template.Template;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a parsed template's tree: every directive and every expression in it, macros and functions
 * that are never called included, text and comments excluded. FreeMarker's public API reaches the
 * directives ({@link TemplateElement}'s children) but not the expressions inside them, which its own
 * tools (the canonical form, the debugger) read through each node's parameters; those accessors are
 * package-private, so they are read here by reflection, against the pinned FreeMarker version
 * ({@code TemplateFailuresTest} fails when an upgrade moves them).
 */
final class TemplateTree {

    private static final String BUILT_IN_VARIABLE = "freemarker.core.BuiltinVariable";
    private static final Method PARAMETER_COUNT;
    private static final Method PARAMETER_VALUE;

    static {
        try {
            PARAMETER_COUNT = TemplateObject.class.getDeclaredMethod("getParameterCount");
            PARAMETER_VALUE = TemplateObject.class.getDeclaredMethod("getParameterValue", int.class);
            PARAMETER_COUNT.setAccessible(true);
            PARAMETER_VALUE.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TemplateTree() {}

    /** Every use of the built-in variable {@code .name} (such as {@code .now}) in the template, in source order. */
    static List<TemplateObject> builtInVariables(Template template, String name) {
        List<TemplateObject> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // an ArrayDeque takes no nulls, and parameters are null where a directive leaves one out
        Deque<Object> todo = new LinkedList<>();
        todo.push(template.getRootTreeNode());
        while (!todo.isEmpty()) {
            Object node = todo.pop();
            if (node == null || !seen.add(node)) {
                continue;
            }
            if (node instanceof Collection<?> items) {
                items.forEach(todo::push);
            } else if (node instanceof Map<?, ?> map) {
                map.keySet().forEach(todo::push);
                map.values().forEach(todo::push);
            } else if (node instanceof Object[] items) {
                Collections.addAll(todo, items);
            } else if (node instanceof TemplateObject object) {
                if (object.getClass().getName().equals(BUILT_IN_VARIABLE)
                        && object.getCanonicalForm().equals("." + name)) {
                    found.add(object);
                }
                if (object instanceof TemplateElement element) {
                    for (int i = 0; i < element.getChildCount(); i++) {
                        todo.push(element.getChildAt(i));
                    }
                }
                int count = (Integer) invoke(PARAMETER_COUNT, object);
                for (int i = 0; i < count; i++) {
                    todo.push(invoke(PARAMETER_VALUE, object, i));
                }
            }
        }
        found.sort((a, b) -> a.getBeginLine() != b.getBeginLine()
                ? Integer.compare(a.getBeginLine(), b.getBeginLine())
                : Integer.compare(a.getBeginColumn(), b.getBeginColumn()));
        return found;
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read FreeMarker's template tree", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot read FreeMarker's template tree", e.getCause());
        }
    }
}
