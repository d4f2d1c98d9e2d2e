import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Oracle.java of ../../tools/dbz-oracle (same arguments, same line format) that also
 * writes the records' Kafka headers. Debezium's JSON embedded format drops headers unless
 * a header format is given, so this runs the engine in Connect format (raw SourceRecords)
 * and converts here:
 *   key/value: JsonConverter configured as the embedded engine's Json format configures it
 *              (converter.* then key.converter.* / value.converter.* properties);
 *   headers:   "headers": {name: string} with Kafka Connect's default header converter
 *              (SimpleHeaderConverter, what a Connect worker writes to Kafka), and
 *              "headers_json": {name: JSON} with JsonConverter (header.converter=JsonConverter).
 * Records without headers get neither field, so lines stay identical to Oracle.java's.
 *
 *   java -cp "classes:libs/*" HeaderOracle connector.properties out.jsonl [idleMs] [maxMs]
 */
public class HeaderOracle {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (FileInputStream in = new FileInputStream(args[0])) { props.load(in); }
        props.putIfAbsent("name", "oracle");
        long idleMs = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        long maxMs = args.length > 3 ? Long.parseLong(args[3]) : 600000;

        JsonConverter keys = new JsonConverter();
        keys.configure(converterConfig(props, "key.converter."), true);
        JsonConverter values = new JsonConverter();
        values.configure(converterConfig(props, "value.converter."), false);
        SimpleHeaderConverter simpleHeaders = new SimpleHeaderConverter();
        simpleHeaders.configure(new HashMap<>());
        JsonConverter jsonHeaders = new JsonConverter();
        Map<String, Object> headerCfg = converterConfig(props, "header.converter.");
        headerCfg.put("converter.type", "header");
        jsonHeaders.configure(headerCfg);

        AtomicLong count = new AtomicLong();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong lastRecord = new AtomicLong(System.currentTimeMillis());
        PrintWriter out = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(args[1]), StandardCharsets.UTF_8), false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { synchronized (out) { out.flush(); } }));

        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
                DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(props)
                .notifying(event -> {
                    SourceRecord r = event.record();
                    byte[] k = r.key() == null ? null : keys.fromConnectData(r.topic(), r.keySchema(), r.key());
                    byte[] v = r.value() == null ? null : values.fromConnectData(r.topic(), r.valueSchema(), r.value());
                    StringBuilder line = new StringBuilder(256);
                    line.append("{\"topic\":").append(quote(r.topic()))
                        .append(",\"key\":").append(k == null ? "null" : new String(k, StandardCharsets.UTF_8))
                        .append(",\"value\":").append(v == null ? "null" : new String(v, StandardCharsets.UTF_8));
                    if (r.headers() != null && !r.headers().isEmpty()) {
                        StringBuilder simple = new StringBuilder("{");
                        StringBuilder json = new StringBuilder("{");
                        for (Header h : r.headers()) {
                            if (simple.length() > 1) { simple.append(','); json.append(','); }
                            byte[] s = simpleHeaders.fromConnectHeader(r.topic(), h.key(), h.schema(), h.value());
                            byte[] j = jsonHeaders.fromConnectHeader(r.topic(), h.key(), h.schema(), h.value());
                            simple.append(quote(h.key())).append(':')
                                  .append(s == null ? "null" : quote(new String(s, StandardCharsets.UTF_8)));
                            json.append(quote(h.key())).append(':')
                                .append(j == null ? "null" : new String(j, StandardCharsets.UTF_8));
                        }
                        line.append(",\"headers\":").append(simple).append('}')
                            .append(",\"headers_json\":").append(json).append('}');
                    }
                    line.append('}');
                    synchronized (out) { out.println(line); }
                    count.incrementAndGet();
                    lastRecord.set(System.currentTimeMillis());
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failed.set(true);
                        System.err.println("engine stopped: " + message);
                        if (error != null) error.printStackTrace();
                    }
                })
                .build();

        long start = System.currentTimeMillis();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.execute(engine);
        while (!failed.get()) {
            Thread.sleep(100);
            long now = System.currentTimeMillis();
            boolean idle = count.get() > 0 && now - lastRecord.get() > idleMs;
            if (idle || now - start > maxMs) break;
        }
        synchronized (out) { out.flush(); }
        try {
            engine.close();
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("oracle: engine close failed: " + e);
        }
        synchronized (out) { out.flush(); out.close(); }
        System.err.printf("oracle: records=%d%n", count.get());
        System.exit(failed.get() ? 1 : 0);
    }

    /** converter.* overlaid with PREFIX* (prefixes removed), as the embedded engine does. */
    private static Map<String, Object> converterConfig(Properties props, String prefix) {
        Map<String, Object> cfg = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("converter.")) cfg.put(name.substring("converter.".length()), props.getProperty(name));
        }
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(prefix)) cfg.put(name.substring(prefix.length()), props.getProperty(name));
        }
        return cfg;
    }

    private static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\');
            else if (c < 0x20) { b.append(String.format("\\u%04x", (int) c)); continue; }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
