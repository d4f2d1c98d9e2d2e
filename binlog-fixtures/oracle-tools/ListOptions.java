import io.debezium.config.Field;
import io.debezium.connector.mysql.MySqlConnectorConfig;
public class ListOptions {
  public static void main(String[] a) throws Exception {
    for (Field f : MySqlConnectorConfig.ALL_FIELDS) {
      Object d = f.defaultValue();
      System.out.println(f.name() + "\t" + (d == null ? "" : d) + "\t" + f.group());
    }
  }
}
