import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Dump {
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(new FileInputStream(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            System.out.println("{\"error\":" + json(e.getMessage()) + "}");
            return;
        }
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            System.out.println("{\"key\":" + json(k) + ",\"value\":" + json(p.getProperty(k)) + "}");
        }
    }
}
