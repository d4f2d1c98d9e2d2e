//! Line-oriented emitter: one JSON line per record to any `std::io::Write` (stdout, a file).
//!
//! Owns the line framing `{"topic":…,"key":…,"value":…}` — the shape of
//! `binlog-fixtures/reference/*.stream.jsonl` — with `,"headers":{name: text}` added
//! when a record has headers (the shape of `oracle-tools/HeaderOracle.java`'s lines),
//! and the flush that acknowledges a batch.
//! It must not parse or re-serialize keys and values: they are JSON text already and are
//! copied verbatim (`null` when absent). Binary keys or values (Avro in Confluent's wire
//! format) are written as a base64 JSON string instead, as the Avro oracle's lines are.

use std::io::{BufWriter, Stdout, Write};

use super::{EmitError, EmitFuture, Emitter, Record};

/// Writes one line per record and flushes at the end of every [`Emitter::emit`] call;
/// the flush is the acknowledgement.
#[derive(Debug)]
pub struct LineEmitter<W: Write> {
    out: BufWriter<W>,
    target: String,
    /// Keys / values are binary: written as base64 strings.
    base64: (bool, bool),
    /// The last topic written and its JSON string form: records of a batch mostly
    /// share one topic, so it is escaped once rather than per record.
    topic_json: Option<(std::sync::Arc<str>, Vec<u8>)>,
}

/// The line emitter on standard output.
pub type StdoutEmitter = LineEmitter<Stdout>;

impl LineEmitter<Stdout> {
    /// A line emitter writing to standard output.
    pub fn stdout() -> StdoutEmitter {
        LineEmitter::new(std::io::stdout(), "stdout")
    }
}

impl<W: Write> LineEmitter<W> {
    /// A line emitter on `writer`; `target` names it in errors (e.g. a file path).
    pub fn new(writer: W, target: impl Into<String>) -> Self {
        LineEmitter {
            out: BufWriter::with_capacity(64 * 1024, writer),
            target: target.into(),
            base64: (false, false),
            topic_json: None,
        }
    }

    /// Writes keys (`key`) and/or values (`value`) as base64 strings: for binary
    /// converters such as Avro.
    pub fn base64_binary(mut self, key: bool, value: bool) -> Self {
        self.base64 = (key, value);
        self
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        self.out.get_ref()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, EmitError> {
        let target = self.target;
        self.out.into_inner().map_err(|e| EmitError::Io {
            target,
            source: e.into_error(),
        })
    }

    fn write_batch(&mut self, batch: &[Record]) -> Result<(), EmitError> {
        for record in batch {
            self.write_record(record)
                .map_err(|source| self.io_error(source))?;
        }
        self.out.flush().map_err(|source| self.io_error(source))
    }

    fn write_record(&mut self, record: &Record) -> std::io::Result<()> {
        self.out.write_all(b"{\"topic\":")?;
        let cached = self
            .topic_json
            .as_ref()
            .is_some_and(|(topic, _)| std::sync::Arc::ptr_eq(topic, &record.topic));
        if !cached {
            let json = serde_json::to_vec(&*record.topic)?;
            self.topic_json = Some((record.topic.clone(), json));
        }
        if let Some((_, json)) = &self.topic_json {
            self.out.write_all(json)?;
        }
        self.out.write_all(b",\"key\":")?;
        write_payload(&mut self.out, record.key.as_deref(), self.base64.0)?;
        self.out.write_all(b",\"value\":")?;
        write_payload(&mut self.out, record.value.as_deref(), self.base64.1)?;
        if !record.headers.is_empty() {
            self.out.write_all(b",\"headers\":{")?;
            for (i, header) in record.headers.iter().enumerate() {
                if i > 0 {
                    self.out.write_all(b",")?;
                }
                serde_json::to_writer(&mut self.out, &*header.name)?;
                self.out.write_all(b":")?;
                serde_json::to_writer(&mut self.out, &String::from_utf8_lossy(&header.value))?;
            }
            self.out.write_all(b"}")?;
        }
        self.out.write_all(b"}\n")
    }

    fn io_error(&self, source: std::io::Error) -> EmitError {
        EmitError::Io {
            target: self.target.clone(),
            source,
        }
    }
}

/// A key or value: verbatim JSON, a base64 string of binary bytes, or `null`.
fn write_payload(
    out: &mut impl Write,
    payload: Option<&[u8]>,
    base64: bool,
) -> std::io::Result<()> {
    use base64::Engine as _;
    match payload {
        None => out.write_all(b"null"),
        Some(bytes) if base64 => {
            out.write_all(b"\"")?;
            out.write_all(
                base64::engine::general_purpose::STANDARD
                    .encode(bytes)
                    .as_bytes(),
            )?;
            out.write_all(b"\"")
        }
        Some(bytes) => out.write_all(bytes),
    }
}

impl<W: Write + Send> Emitter for LineEmitter<W> {
    fn emit<'a>(&'a mut self, batch: &'a [Record]) -> EmitFuture<'a> {
        Box::pin(async move { self.write_batch(batch) })
    }

    fn close(&mut self) -> EmitFuture<'_> {
        Box::pin(async move { self.out.flush().map_err(|source| self.io_error(source)) })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bytes::Bytes;

    use super::*;

    fn record(topic: &str, key: Option<&'static str>, value: Option<&'static str>) -> Record {
        Record {
            topic: Arc::from(topic),
            key: key.map(|k| Bytes::from_static(k.as_bytes())),
            value: value.map(|v| Bytes::from_static(v.as_bytes())),
            headers: Vec::new(),
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        match tokio::runtime::Builder::new_current_thread().build() {
            Ok(rt) => rt.block_on(f),
            Err(e) => panic!("{e}"),
        }
    }

    // Expected lines follow the shape of binlog-fixtures/reference/*.stream.jsonl.
    #[test]
    fn writes_one_line_per_record_with_nulls() {
        let mut emitter = LineEmitter::new(Vec::new(), "buffer");
        let batch = [
            record("p.db.t", Some("{\"id\":1}"), Some("{\"op\":\"c\"}")),
            record("p.db.t", Some("{\"id\":1}"), None),
            record("p", None, Some("{}")),
        ];
        let result = block_on(emitter.emit(&batch));
        assert!(result.is_ok(), "{result:?}");
        let text = String::from_utf8(emitter.get_ref().clone()).unwrap_or_default();
        assert_eq!(
            text,
            "{\"topic\":\"p.db.t\",\"key\":{\"id\":1},\"value\":{\"op\":\"c\"}}\n\
             {\"topic\":\"p.db.t\",\"key\":{\"id\":1},\"value\":null}\n\
             {\"topic\":\"p\",\"key\":null,\"value\":{}}\n"
        );
    }

    #[test]
    fn binary_payloads_are_base64() {
        // binlog-fixtures/reference/seed.stream.avro.jsonl: key "AAAAAAEA" is 00 00000001 00.
        let mut emitter = LineEmitter::new(Vec::new(), "buffer").base64_binary(true, false);
        let batch = [Record::new(
            Arc::from("p"),
            Some(Bytes::from_static(&[0, 0, 0, 0, 1, 0])),
            Some(Bytes::from_static(b"{}")),
        )];
        assert!(block_on(emitter.emit(&batch)).is_ok());
        let text = String::from_utf8(emitter.get_ref().clone()).unwrap_or_default();
        assert_eq!(
            text,
            "{\"topic\":\"p\",\"key\":\"AAAAAAEA\",\"value\":{}}\n"
        );
    }

    #[test]
    fn topic_is_json_escaped() {
        let mut emitter = LineEmitter::new(Vec::new(), "buffer");
        let batch = [record("a\"b\\c", None, None)];
        assert!(block_on(emitter.emit(&batch)).is_ok());
        let line: serde_json::Value = serde_json::from_slice(emitter.get_ref()).unwrap_or_default();
        assert_eq!(line["topic"], "a\"b\\c");
    }

    #[test]
    fn every_emit_is_flushed_to_the_writer() {
        let mut emitter = LineEmitter::new(Vec::new(), "buffer");
        assert!(block_on(emitter.emit(&[record("t", None, Some("1"))])).is_ok());
        assert_eq!(
            emitter.get_ref().len(),
            "{\"topic\":\"t\",\"key\":null,\"value\":1}\n".len()
        );
    }

    struct BrokenPipe;
    impl Write for BrokenPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
    }

    #[test]
    fn write_failure_is_an_error_naming_the_target() {
        let mut emitter = LineEmitter::new(BrokenPipe, "stdout");
        let message = block_on(emitter.emit(&[record("t", None, Some("1"))]))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("stdout"), "{message}");
    }
}
