//! The Debezium data model: Connect schemas, value converters, source block, change and schema-change records.
