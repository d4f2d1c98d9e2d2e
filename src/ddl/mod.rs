//! MySQL/MariaDB DDL parser: statement text in, AST out. Knows nothing of binlogs or Debezium.
