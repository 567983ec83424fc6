//! Share links: `#s=` + version tag + base64url(deflate(canonical text)), and the link's other parameters.
//!
//! A link's fragment looks like `#s=1eJzL…&mode=live&seed=3`:
//! - `s` is the payload: the version tag `1`, then the scenario text, raw-deflated
//!   (RFC 1951, no zlib header) and encoded as base64url without padding (RFC 4648 §5);
//! - `mode` is `sim` (the default) or `live`;
//! - `seed` overrides the scenario's seed;
//! - `sched` is reserved for a recorded schedule and is passed through untouched.
//!
//! The version tag is one character so that a later format (say a preset dictionary)
//! can be told apart without guessing; `1` is the only one defined. Decoding treats the
//! link as hostile: it never panics, bounds the work it does, and says what to do when
//! it refuses.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::bufread::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::{Read, Write};

/// The version tag that starts every payload this build writes.
pub const VERSION_TAG: char = '1';

/// Links longer than this many characters are too long for chat apps and some browsers.
pub const MAX_LINK_CHARS: usize = 2000;

/// Payloads longer than this are refused before any decoding work (256 KiB of text,
/// even incompressible, base64-encodes to about 350,000 characters).
pub const MAX_PAYLOAD_CHARS: usize = 350_000;

/// A payload may inflate to at most this many bytes: the language's source-size limit.
pub const MAX_INFLATED_BYTES: usize = super::limits::MAX_SOURCE_BYTES;

/// How a link asks for the scenario to be run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// In the deterministic simulator (virtual time).
    #[default]
    Sim,
    /// On the real executor and web workers.
    Live,
}

impl Mode {
    /// The word used in links and in the run summary: `sim` or `live`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sim => "sim",
            Mode::Live => "live",
        }
    }
}

/// Everything a share link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkParams {
    /// The scenario text, exactly as it was encoded.
    pub text: String,
    pub mode: Mode,
    /// `&seed=N`, overriding the scenario's own seed.
    pub seed: Option<u64>,
    /// `&sched=…`, reserved for a recorded schedule; kept as written.
    pub sched: Option<String>,
    /// `&memory=messages`: live runs pass shared state as messages even where the page could
    /// share memory (`&memory=shared`, the default, or an unknown value, leaves the choice to
    /// the live bar).
    pub messages: bool,
}

/// Why a link could not be opened. `Display` says what went wrong and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment has no `s=` parameter.
    NoScenario,
    /// `s=` is there but empty.
    EmptyPayload,
    /// The payload is longer than [`MAX_PAYLOAD_CHARS`].
    TooLong { chars: usize },
    /// The payload does not start with a version tag this build knows.
    UnknownVersion { tag: char },
    /// The payload is not base64url.
    BadBase64,
    /// The data is not a complete deflate stream.
    Corrupt,
    /// The data inflates past [`MAX_INFLATED_BYTES`].
    TooLarge,
    /// The inflated data is not UTF-8 text.
    NotText,
    /// `mode=` is neither `sim` nor `live`.
    BadMode(String),
    /// `seed=` is not a whole number from 0 to 2^64−1.
    BadSeed(String),
}

/// Keeps a value taken from a link short enough to quote in a message.
fn quote(value: &str) -> String {
    const MAX: usize = 24;
    if value.chars().count() <= MAX {
        format!("\"{value}\"")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("\"{head}…\"")
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ASK_AGAIN: &str = "Ask for the link again, or paste the scenario text instead.";
        match self {
            ShareError::NoScenario => write!(
                f,
                "This link has no scenario in it (nothing after \"#s=\"). \
                 Check that you copied the whole link, or open a preset instead."
            ),
            ShareError::EmptyPayload => write!(
                f,
                "This link's scenario is empty (nothing after \"#s=\"). \
                 Check that you copied the whole link. {ASK_AGAIN}"
            ),
            ShareError::TooLong { chars } => write!(
                f,
                "This link is too long to be a scenario ({chars} characters; the limit is \
                 {MAX_PAYLOAD_CHARS}). Check that you copied only the link, or paste the \
                 scenario text instead."
            ),
            ShareError::UnknownVersion { tag } if tag.is_ascii_digit() => write!(
                f,
                "This link was made by a newer version of Interleave (link format {tag}). \
                 Reload the page to get the latest version, or paste the scenario text instead."
            ),
            ShareError::UnknownVersion { .. } => write!(
                f,
                "This link is damaged (it does not start with a known format tag). {ASK_AGAIN}"
            ),
            ShareError::BadBase64 => write!(
                f,
                "This link is damaged (its data is not valid base64). {ASK_AGAIN}"
            ),
            ShareError::Corrupt => write!(
                f,
                "This link is damaged or cut short (its compressed data is incomplete). \
                 Check that you copied the whole link. {ASK_AGAIN}"
            ),
            ShareError::TooLarge => write!(
                f,
                "This link's scenario is larger than {} KiB, the most Interleave opens. \
                 Ask for a smaller scenario.",
                MAX_INFLATED_BYTES / 1024
            ),
            ShareError::NotText => write!(
                f,
                "This link is damaged (its data is not UTF-8 text). {ASK_AGAIN}"
            ),
            ShareError::BadMode(value) => write!(
                f,
                "This link asks for mode {}, which does not exist. \
                 Use \"mode=sim\" or \"mode=live\", or remove it from the link.",
                quote(value)
            ),
            ShareError::BadSeed(value) => write!(
                f,
                "This link's seed {} is not a whole number from 0 to 18446744073709551615. \
                 Fix the number after \"seed=\", or remove it from the link.",
                quote(value)
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// Encodes scenario text as a link payload: the version tag, then base64url(raw deflate).
///
/// Callers pass the canonical text (`print(scenario)`) so that equal scenarios get equal links.
pub fn encode_payload(text: &str) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(text.as_bytes())
        .expect("writing to a Vec cannot fail");
    let compressed = encoder.finish().expect("writing to a Vec cannot fail");
    let mut payload = String::with_capacity(1 + compressed.len().div_ceil(3) * 4);
    payload.push(VERSION_TAG);
    URL_SAFE_NO_PAD.encode_string(&compressed, &mut payload);
    payload
}

/// Decodes a link payload back to scenario text, refusing anything damaged, foreign or too big.
///
/// Whitespace inside the payload is ignored, because chat apps and e-mail wrap long links.
pub fn decode_payload(payload: &str) -> Result<String, ShareError> {
    // Bound the work before doing any: counting stops just past the limit.
    let chars = payload
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_PAYLOAD_CHARS + 1)
        .count();
    if chars > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLong {
            chars: payload.chars().filter(|c| !c.is_whitespace()).count(),
        });
    }
    let compact: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.chars();
    match rest.next() {
        None => return Err(ShareError::EmptyPayload),
        Some(VERSION_TAG) => {}
        Some(tag) => return Err(ShareError::UnknownVersion { tag }),
    }
    let compressed = URL_SAFE_NO_PAD
        .decode(rest.as_str())
        .map_err(|_| ShareError::BadBase64)?;
    let bytes = inflate_bounded(&compressed)?;
    String::from_utf8(bytes).map_err(|_| ShareError::NotText)
}

/// Inflates raw deflate data, reading at most one byte past the limit so that a
/// decompression bomb costs no more than the limit, and refusing trailing data.
fn inflate_bounded(compressed: &[u8]) -> Result<Vec<u8>, ShareError> {
    let mut decoder = DeflateDecoder::new(compressed);
    let mut out = Vec::new();
    let mut limited = (&mut decoder).take(MAX_INFLATED_BYTES as u64 + 1);
    limited
        .read_to_end(&mut out)
        .map_err(|_| ShareError::Corrupt)?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(ShareError::TooLarge);
    }
    // Bytes after the end of the deflate stream mean the link was altered.
    if usize::try_from(decoder.total_in()).ok() != Some(compressed.len()) {
        return Err(ShareError::Corrupt);
    }
    Ok(out)
}

/// The fragment for a link to this text: `#s=<payload>`, then `&mode=live` (sim is the
/// default and is left out), `&seed=N` and `&sched=…` when given.
pub fn format_fragment(text: &str, mode: Mode, seed: Option<u64>, sched: Option<&str>) -> String {
    let mut fragment = format!("#s={}", encode_payload(text));
    if mode != Mode::Sim {
        fragment.push_str("&mode=");
        fragment.push_str(mode.as_str());
    }
    if let Some(seed) = seed {
        fragment.push_str(&format!("&seed={seed}"));
    }
    if let Some(sched) = sched {
        fragment.push_str("&sched=");
        fragment.push_str(sched);
    }
    fragment
}

/// Reads a link's fragment. Accepts it with or without the leading `#`, or a whole link
/// (everything up to the first `#` is skipped). Unknown parameters are ignored, so that
/// older builds open links made by newer ones; when a parameter repeats, the first wins.
pub fn parse_fragment(fragment: &str) -> Result<LinkParams, ShareError> {
    let fragment = fragment.trim();
    let fragment = match fragment.split_once('#') {
        Some((_, after)) => after,
        None => fragment,
    };
    let mut payload = None;
    let mut mode = None;
    let mut seed = None;
    let mut sched = None;
    let mut messages = None;
    for part in fragment.split('&') {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        match key.trim() {
            "s" if payload.is_none() => payload = Some(value),
            "mode" if mode.is_none() => {
                mode = Some(match value.trim() {
                    "sim" => Mode::Sim,
                    "live" => Mode::Live,
                    _ => return Err(ShareError::BadMode(value.to_string())),
                })
            }
            "seed" if seed.is_none() => {
                let parsed = value.trim().parse::<u64>();
                seed = Some(parsed.map_err(|_| ShareError::BadSeed(value.to_string()))?);
            }
            "sched" if sched.is_none() => sched = Some(value.to_string()),
            "memory" if messages.is_none() => messages = Some(value.trim() == "messages"),
            _ => {}
        }
    }
    let payload = payload.ok_or(ShareError::NoScenario)?;
    Ok(LinkParams {
        text: decode_payload(payload)?,
        mode: mode.unwrap_or_default(),
        seed,
        sched,
        messages: messages.unwrap_or(false),
    })
}

/// The length in characters of the fragment [`format_fragment`] makes for this text in
/// sim mode (the page's own address comes on top of it).
pub fn link_len(text: &str) -> usize {
    format_fragment(text, Mode::Sim, None, None).len()
}

/// Whether a link to this text stays within [`MAX_LINK_CHARS`], short enough for chat apps.
pub fn fits_in_link(text: &str) -> bool {
    link_len(text) <= MAX_LINK_CHARS
}
