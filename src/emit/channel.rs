//! In-process emitter: record batches sent over a tokio channel, for embedders.
//!
//! Owns the hand-over of batches to a receiver in the same process, with back-pressure
//! (a full channel makes `emit` wait). Acknowledgement means "accepted by the channel";
//! what the receiver does next is its own business. It must not interpret records.

use tokio::sync::mpsc;

use super::{EmitError, EmitFuture, Emitter, Record};

/// Sends each non-empty batch, in order, as one `Vec<Record>` message.
#[derive(Debug)]
pub struct ChannelEmitter {
    sender: Option<mpsc::Sender<Vec<Record>>>,
}

impl ChannelEmitter {
    /// A channel holding at most `capacity` batches (at least 1) and its receiver.
    pub fn new(capacity: usize) -> (ChannelEmitter, mpsc::Receiver<Vec<Record>>) {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        (ChannelEmitter::from_sender(sender), receiver)
    }

    /// An emitter on an existing sender.
    pub fn from_sender(sender: mpsc::Sender<Vec<Record>>) -> ChannelEmitter {
        ChannelEmitter {
            sender: Some(sender),
        }
    }
}

impl Emitter for ChannelEmitter {
    fn emit<'a>(&'a mut self, batch: &'a [Record]) -> EmitFuture<'a> {
        Box::pin(async move {
            if batch.is_empty() {
                return Ok(());
            }
            let sender = self.sender.as_ref().ok_or(EmitError::ChannelClosed)?;
            sender
                .send(batch.to_vec())
                .await
                .map_err(|_| EmitError::ChannelClosed)
        })
    }

    /// Drops the sender, so the receiver sees the end of the stream.
    fn close(&mut self) -> EmitFuture<'_> {
        self.sender = None;
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn record(n: u8) -> Record {
        Record {
            topic: Arc::from("t"),
            key: None,
            value: Some(bytes::Bytes::from(vec![b'0' + n])),
            headers: Vec::new(),
        }
    }

    #[tokio::test]
    async fn batches_arrive_in_order_then_the_stream_ends() {
        let (mut emitter, mut receiver) = ChannelEmitter::new(4);
        assert!(emitter.emit(&[record(1), record(2)]).await.is_ok());
        assert!(emitter.emit(&[]).await.is_ok());
        assert!(emitter.emit(&[record(3)]).await.is_ok());
        assert!(emitter.close().await.is_ok());
        assert_eq!(receiver.recv().await, Some(vec![record(1), record(2)]));
        assert_eq!(receiver.recv().await, Some(vec![record(3)]));
        assert_eq!(receiver.recv().await, None);
    }

    #[tokio::test]
    async fn dropped_receiver_is_an_error() {
        let (mut emitter, receiver) = ChannelEmitter::new(1);
        drop(receiver);
        let result = emitter.emit(&[record(1)]).await;
        assert!(
            matches!(result, Err(EmitError::ChannelClosed)),
            "{result:?}"
        );
    }

    #[tokio::test]
    async fn full_channel_waits_for_the_receiver() {
        let (mut emitter, mut receiver) = ChannelEmitter::new(1);
        assert!(emitter.emit(&[record(1)]).await.is_ok());
        let second = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            emitter.emit(&[record(2)]),
        )
        .await;
        assert!(second.is_err(), "emit did not wait for a full channel");
        assert_eq!(receiver.recv().await, Some(vec![record(1)]));
    }
}
