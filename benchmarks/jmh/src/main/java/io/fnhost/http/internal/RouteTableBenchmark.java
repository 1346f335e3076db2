package io.fnhost.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.microsoft.azure.functions.HttpMethod;

/**
 * Route look-up cost against the number of routes: {@link RouteTable#match} over tables of 10, 1,000
 * and 10,000 routes of mixed shapes (literals, constrained and optional parameters, complex segments,
 * catch-alls), compared in the same run with
 * <ul>
 * <li>{@code hashMapLiteral}: one {@code HashMap.get} of the whole path, the floor any router pays for
 * a literal route;</li>
 * <li>{@code linearScan}: every route tested in precedence order until one matches, as a router
 * without an index does (Azure's host walks its route collection this way).</li>
 * </ul>
 * Requests hit routes spread over the table (first, middle, last service) and one path that matches
 * nothing (a 404), in rotation; the path is already split into decoded segments, as the dispatcher
 * hands it over. Lives in fnhost-http's package because the table is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RouteTableBenchmark {

    @Param({"10", "1000", "10000"})
    public int routes;

    private RouteTable table;
    private List<FunctionRoute> ranked;
    private Map<String, FunctionRoute> byLiteralPath;
    private String[][] requests;
    private String[] literalPaths;
    private int next;

    /** Six template shapes, one per service; route i belongs to service i / 6. */
    static String template(int i) {
        int service = i / 6;
        switch (i % 6) {
            case 0: return "svc" + service + "/items";
            case 1: return "svc" + service + "/items/{id:int}";
            case 2: return "svc" + service + "/users/{userId}/orders/{orderId:guid?}";
            case 3: return "svc" + service + "/files/{name}.{ext}";
            case 4: return "svc" + service + "/v{version:int}/{category:alpha}/{page:int:min(1)=1}";
            default: return "svc" + service + "/docs/{*path}";
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<FunctionRoute> all = new ArrayList<>(routes);
        byLiteralPath = new HashMap<>();
        for (int i = 0; i < routes; i++) {
            FunctionRoute r = new FunctionRoute("app" + (i / 50), "f" + i, 1, "api", RouteTemplate.parse("api/" + template(i)),
                    FunctionRoute.ALL_METHODS, null, null, "req", null);
            all.add(r);
            byLiteralPath.put("/" + r.template.text(), r);
        }
        table = RouteTable.build(all);
        ranked = table.routes();
        int last = routes / 6 - 1;
        int middle = last / 2;
        String[] paths = {
            "/api/svc0/items",
            "/api/svc" + middle + "/items/42",
            "/api/svc" + middle + "/users/ada/orders/0f8fad5b-d9cb-469f-a165-70867728950e",
            "/api/svc" + last + "/files/report.pdf",
            "/api/svc" + last + "/v2/books",
            "/api/svc" + middle + "/docs/a/b/c.html",
            "/api/svc" + last + "/Items",
            "/api/nothing/here",
        };
        requests = new String[paths.length][];
        for (int i = 0; i < paths.length; i++) {
            requests[i] = HttpDispatcher.segments(paths[i], 0);
        }
        literalPaths = new String[] {"/api/svc0/items", "/api/svc" + middle + "/items", "/api/svc" + last + "/items",
            "/api/nothing/here"};
        for (int i = 0; i < paths.length - 1; i++) {
            if (table.match(HttpMethod.GET, requests[i]) == null || scan(requests[i]) == null) {
                throw new IllegalStateException("benchmark request " + paths[i] + " matches no route");
            }
        }
    }

    @Benchmark
    public RouteTable.Match trie() {
        String[] segments = requests[next++ & 7];
        return table.match(HttpMethod.GET, segments);
    }

    @Benchmark
    public FunctionRoute hashMapLiteral() {
        return byLiteralPath.get(literalPaths[next++ & 3]);
    }

    @Benchmark
    public FunctionRoute linearScan() {
        return scan(requests[next++ & 7]);
    }

    /** Tests each route in precedence order with the same per-segment checks the table uses. */
    private FunctionRoute scan(String[] segments) {
        for (FunctionRoute r : ranked) {
            if (matches(r.template, segments)) {
                return r;
            }
        }
        return null;
    }

    private static boolean matches(RouteTemplate t, String[] path) {
        List<RouteTemplate.Segment> segments = t.segments();
        for (int i = 0; i < segments.size(); i++) {
            RouteTemplate.Segment s = segments.get(i);
            if (s.isCatchAll()) {
                return true;
            }
            if (i >= path.length) {
                return t.mayEndAt(i);
            }
            switch (s.kind) {
                case LITERAL:
                    if (!s.literal.equals(RouteTemplate.foldCase(path[i]))) {
                        return false;
                    }
                    break;
                case PARAMETER:
                    if (!s.parameter.accepts(path[i])) {
                        return false;
                    }
                    break;
                default:
                    if (!s.matchComplex(path[i], RouteTemplate.foldCase(path[i]), new String[s.parts.length])) {
                        return false;
                    }
            }
        }
        return path.length == segments.size();
    }
}
