//! Line-oriented emitter: one JSON line per record to any `std::io::Write` (stdout, a file).
//!
//! Owns the line framing `{"topic":…,"key":…,"value":…}` — the shape of
//! `binlog-fixtures/reference/*.stream.jsonl` — and the flush that acknowledges a batch.
//! It must not parse or re-serialize keys and values: they are JSON text already and are
//! copied verbatim (`null` when absent).

use std::io::{BufWriter, Stdout, Write};

use super::{EmitError, EmitFuture, Emitter, Record};

/// Writes one line per record and flushes at the end of every [`Emitter::emit`] call;
/// the flush is the acknowledgement.
#[derive(Debug)]
pub struct LineEmitter<W: Write> {
    out: BufWriter<W>,
    target: String,
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
            topic_json: None,
        }
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
        self.out
            .write_all(record.key.as_deref().unwrap_or(b"null"))?;
        self.out.write_all(b",\"value\":")?;
        self.out
            .write_all(record.value.as_deref().unwrap_or(b"null"))?;
        self.out.write_all(b"}\n")
    }

    fn io_error(&self, source: std::io::Error) -> EmitError {
        EmitError::Io {
            target: self.target.clone(),
            source,
        }
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
