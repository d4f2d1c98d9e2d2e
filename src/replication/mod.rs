//! The network side: MySQL/MariaDB client protocol, replica registration and the binlog dump stream.
