package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.azure.functions.HttpMethod;

/** Helpers of the table-driven route tests: value escapes and routes built straight from templates. */
final class RouteCases {
    private RouteCases() {
    }

    /** Decodes the CSV value escapes: {@code <empty>}, {@code \s}, {@code \t}, {@code \n}, {@code \r}, {@code \0}, {@code \}{@code uXXXX}. */
    static String unescape(String v) {
        if (v == null || v.equals("<empty>")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 's': sb.append(' '); break;
                case 't': sb.append('\t'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case '0': sb.append('\0'); break;
                case 'u':
                    sb.append((char) Integer.parseInt(v.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default: sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    /** A route of app "app", generation 1, no prefix (the template is the whole path). */
    static FunctionRoute route(String app, String function, long generation, String template, int methodMask) {
        return new FunctionRoute(app, function, generation, "", RouteTemplate.parse(template), methodMask, null, null, "req", null);
    }

    /** {@code name=template} or {@code name[GET,POST]=template}, several separated by {@code ;;}. */
    static List<FunctionRoute> routes(String spec) {
        List<FunctionRoute> out = new ArrayList<>();
        for (String one : spec.split(" ;; ")) {
            int eq = one.indexOf('=');
            String name = one.substring(0, eq).trim();
            String template = one.substring(eq + 1).trim();
            int mask = FunctionRoute.ALL_METHODS;
            int bracket = name.indexOf('[');
            if (bracket >= 0) {
                mask = 0;
                for (String m : name.substring(bracket + 1, name.length() - 1).split(",")) {
                    mask |= 1 << HttpMethod.valueOf(m.trim()).ordinal();
                }
                name = name.substring(0, bracket);
            }
            out.add(route("app", name, 1, template, mask));
        }
        return out;
    }
}
