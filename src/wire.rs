//! The binary form of every message between the page and its workers: one channel byte, then
//! the message in postcard.
//!
//! JSON made both wasm files carry serde_json's parser and, for the internally tagged enums it
//! needed, serde's buffering `Content` machinery; postcard's decoder is a few kilobytes and its
//! messages are a third the size. The channel byte lets the live runner and the explorer share
//! one worker without either mistaking the other's message for its own: postcard bytes carry no
//! names, so without it an explorer message could decode as a live one.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Which protocol a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Channel {
    /// `live::proto`: a live run's requests, replies and trace batches.
    Live = 1,
    /// `explore`'s messages: a search started, its progress, its report.
    Explore = 2,
    /// `bridge::protocol`: the code panel's requests to the bridge worker, and its replies.
    Bridge = 3,
}

/// Longest message either side accepts; a run's batches stay far below it.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The message's bytes, behind its channel byte.
pub fn encode<T: Serialize>(channel: Channel, msg: &T) -> Vec<u8> {
    let mut bytes = vec![channel as u8];
    // Our messages hold only sized data (no maps with non-string keys, no skipped fields), which
    // postcard always encodes; an error would be a bug in a message type, and an empty body is
    // then refused by the reader rather than panicking here.
    bytes.extend(postcard::to_allocvec(msg).unwrap_or_default());
    bytes
}

/// Reads a message of `channel`, or says why `bytes` are not one; never panics on any input.
pub fn decode<T: DeserializeOwned>(channel: Channel, bytes: &[u8]) -> Result<T, String> {
    if bytes.len() > MAX_MESSAGE {
        return Err(format!("message of {} bytes is too long", bytes.len()));
    }
    match bytes.split_first() {
        Some((&first, body)) if first == channel as u8 => {
            postcard::from_bytes(body).map_err(|e| format!("not a {channel:?} message: {e}"))
        }
        Some(_) => Err(format!("not a {channel:?} message: another channel's")),
        None => Err("an empty message".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_back_only_on_its_own_channel() {
        let msg = (7u32, String::from("任务"), vec![-1i64, 2]);
        let bytes = encode(Channel::Live, &msg);
        assert_eq!(decode(Channel::Live, &bytes), Ok(msg));
        assert!(decode::<(u32, String, Vec<i64>)>(Channel::Explore, &bytes).is_err());
        assert!(decode::<u32>(Channel::Live, &[]).is_err());
        assert!(decode::<String>(Channel::Live, &[1, 200, 200, 200, 200, 15]).is_err());
    }
}
