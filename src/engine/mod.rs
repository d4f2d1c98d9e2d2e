//! Orchestration: configuration, filters, the streaming loop, the embedding and source-task APIs.
pub mod config;
