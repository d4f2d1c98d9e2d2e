//! Serializers of envelope records: Kafka Connect JsonConverter (schemas on/off).
