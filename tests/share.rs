//! Share links: the payload codec, the fragment's parameters, and hostile links that must be refused politely.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use interleave::model::share::{
    decode_payload, encode_payload, fits_in_link, format_fragment, link_len, parse_fragment,
    LinkParams, Mode, ShareError, MAX_INFLATED_BYTES, MAX_LINK_CHARS, MAX_PAYLOAD_CHARS,
};
use proptest::prelude::*;
use std::io::Write;

const EXAMPLE: &str = "scenario \"asyncio.gather vs threads\"\n\nruntime {\n  workers 2\n  seed 7\n}\n\nasync 任务1 x2 {\n  log \"start\"\n  sleep 1s\n  log \"end\"\n}\n\nthread 线程 x2 {\n  sleep 1s\n}\n";

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("vec write");
    encoder.finish().expect("vec write")
}

/// A payload in format 1 around arbitrary compressed bytes.
fn payload_of(compressed: &[u8]) -> String {
    format!("1{}", URL_SAFE_NO_PAD.encode(compressed))
}

// ===== the codec =====

#[test]
fn payload_round_trips_the_tutorial_example() {
    let payload = encode_payload(EXAMPLE);
    assert!(payload.starts_with('1'), "version tag first: {payload}");
    assert_eq!(decode_payload(&payload), Ok(EXAMPLE.to_string()));
}

#[test]
fn payload_uses_only_url_safe_characters() {
    let payload = encode_payload(EXAMPLE);
    assert!(payload
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert!(!payload.contains('='), "no padding");
}

#[test]
fn equal_text_gives_equal_payloads() {
    assert_eq!(encode_payload(EXAMPLE), encode_payload(EXAMPLE));
}

#[test]
fn empty_text_round_trips() {
    let payload = encode_payload("");
    assert_eq!(decode_payload(&payload), Ok(String::new()));
}

#[test]
fn payload_is_shorter_than_plain_base64_of_the_text() {
    // Tiny texts gain little from deflate, but never lose to encoding the text as is.
    let payload = encode_payload(EXAMPLE);
    let plain = URL_SAFE_NO_PAD.encode(EXAMPLE);
    assert!(
        payload.len() < plain.len(),
        "{} >= {}",
        payload.len(),
        plain.len()
    );
}

#[test]
fn whitespace_inside_a_wrapped_payload_is_ignored() {
    let payload = encode_payload(EXAMPLE);
    let (head, tail) = payload.split_at(payload.len() / 2);
    let wrapped = format!("  {head}\n  {tail}\n");
    assert_eq!(decode_payload(&wrapped), Ok(EXAMPLE.to_string()));
}

#[test]
fn text_at_the_size_limit_round_trips() {
    let text = "a".repeat(MAX_INFLATED_BYTES);
    assert_eq!(decode_payload(&encode_payload(&text)), Ok(text));
}

// ===== every refusal, with its message =====

#[test]
fn empty_payload_is_refused() {
    let err = decode_payload("").unwrap_err();
    assert_eq!(err, ShareError::EmptyPayload);
    assert!(err.to_string().contains("empty"), "{err}");
    assert!(err.to_string().contains("Ask for the link again"), "{err}");
}

#[test]
fn unknown_numeric_version_says_reload() {
    let err = decode_payload("2abcd").unwrap_err();
    assert_eq!(err, ShareError::UnknownVersion { tag: '2' });
    let msg = err.to_string();
    assert!(msg.contains("newer version"), "{msg}");
    assert!(msg.contains("Reload the page"), "{msg}");
}

#[test]
fn unknown_non_numeric_tag_says_damaged() {
    let err = decode_payload("xabcd").unwrap_err();
    assert_eq!(err, ShareError::UnknownVersion { tag: 'x' });
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn bad_base64_is_refused() {
    let err = decode_payload("1ab$cd").unwrap_err();
    assert_eq!(err, ShareError::BadBase64);
    assert_eq!(
        err.to_string(),
        "This link is damaged (its data is not valid base64). \
         Ask for the link again, or paste the scenario text instead."
    );
}

#[test]
fn padded_or_standard_base64_is_refused() {
    assert_eq!(decode_payload("1AA=="), Err(ShareError::BadBase64));
    assert_eq!(decode_payload("1a+b/"), Err(ShareError::BadBase64));
}

#[test]
fn truncated_link_is_refused_as_corrupt() {
    let compressed = deflate(EXAMPLE.as_bytes());
    let cut = payload_of(&compressed[..compressed.len() / 2]);
    let err = decode_payload(&cut).unwrap_err();
    assert_eq!(err, ShareError::Corrupt);
    assert!(err.to_string().contains("cut short"), "{err}");
}

#[test]
fn garbage_bytes_are_refused_as_corrupt() {
    // 0xff starts a deflate block of the reserved type 3, which is always invalid.
    assert_eq!(
        decode_payload(&payload_of(&[0xff, 0xff, 0xff, 0xff])),
        Err(ShareError::Corrupt)
    );
}

#[test]
fn bytes_after_the_stream_are_refused_as_corrupt() {
    let mut compressed = deflate(EXAMPLE.as_bytes());
    compressed.extend_from_slice(b"extra");
    assert_eq!(
        decode_payload(&payload_of(&compressed)),
        Err(ShareError::Corrupt)
    );
}

#[test]
fn non_utf8_text_is_refused() {
    let err = decode_payload(&payload_of(&deflate(&[0xc3, 0x28, 0xff]))).unwrap_err();
    assert_eq!(err, ShareError::NotText);
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn overlong_payload_is_refused_before_decoding() {
    let huge = format!("1{}", "A".repeat(MAX_PAYLOAD_CHARS));
    let err = decode_payload(&huge).unwrap_err();
    assert_eq!(
        err,
        ShareError::TooLong {
            chars: MAX_PAYLOAD_CHARS + 1
        }
    );
    assert!(err.to_string().contains("too long"), "{err}");
}

#[test]
fn deflate_bomb_of_ten_megabytes_of_zeros_is_refused() {
    let bomb = deflate(&vec![0u8; 10 * 1024 * 1024]);
    let payload = payload_of(&bomb);
    assert!(
        payload.len() < 20_000,
        "the bomb is small: {}",
        payload.len()
    );
    let err = decode_payload(&payload).unwrap_err();
    assert_eq!(err, ShareError::TooLarge);
    assert!(err.to_string().contains("256 KiB"), "{err}");
}

#[test]
fn text_one_byte_over_the_limit_is_refused() {
    let text = "a".repeat(MAX_INFLATED_BYTES + 1);
    assert_eq!(
        decode_payload(&encode_payload(&text)),
        Err(ShareError::TooLarge)
    );
}

#[test]
fn every_message_says_what_to_do() {
    let errors = [
        ShareError::NoScenario,
        ShareError::EmptyPayload,
        ShareError::TooLong { chars: 400_000 },
        ShareError::UnknownVersion { tag: '9' },
        ShareError::UnknownVersion { tag: '%' },
        ShareError::BadBase64,
        ShareError::Corrupt,
        ShareError::TooLarge,
        ShareError::NotText,
        ShareError::BadMode("turbo".into()),
        ShareError::BadSeed("-1".into()),
    ];
    let verbs = ["Ask", "Check", "Reload", "Use", "Fix", "paste", "open"];
    for err in errors {
        let msg = err.to_string();
        assert!(msg.ends_with('.'), "{msg}");
        assert!(verbs.iter().any(|v| msg.contains(v)), "no advice: {msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
    }
}

#[test]
fn long_values_are_shortened_in_messages() {
    let msg = ShareError::BadMode("x".repeat(10_000)).to_string();
    assert!(msg.len() < 300, "{}", msg.len());
    assert!(msg.contains('…'), "{msg}");
}

// ===== the fragment =====

#[test]
fn fragment_round_trips_with_defaults() {
    let fragment = format_fragment(EXAMPLE, Mode::Sim, None, None);
    assert!(fragment.starts_with("#s=1"), "{fragment}");
    assert!(
        !fragment.contains("mode="),
        "sim is the default: {fragment}"
    );
    assert_eq!(
        parse_fragment(&fragment),
        Ok(LinkParams {
            text: EXAMPLE.to_string(),
            mode: Mode::Sim,
            seed: None,
            sched: None,
            messages: false,
        })
    );
}

#[test]
fn a_link_can_force_live_mode_onto_messages() {
    let fragment = format_fragment(EXAMPLE, Mode::Live, None, None);
    let with = |extra: &str| parse_fragment(&format!("{fragment}{extra}")).expect("valid");
    assert!(with("&memory=messages").messages);
    assert!(!with("&memory=shared").messages);
    assert!(!with("").messages, "shared memory is the default");
    assert!(
        !with("&memory=carrier-pigeon").messages,
        "an unknown value leaves the default"
    );
}

#[test]
fn fragment_round_trips_every_parameter() {
    let fragment = format_fragment(EXAMPLE, Mode::Live, Some(u64::MAX), Some("0.1.1.0"));
    assert!(fragment.ends_with("&mode=live&seed=18446744073709551615&sched=0.1.1.0"));
    let params = parse_fragment(&fragment).expect("valid");
    assert_eq!(params.text, EXAMPLE);
    assert_eq!(params.mode, Mode::Live);
    assert_eq!(params.seed, Some(u64::MAX));
    assert_eq!(params.sched.as_deref(), Some("0.1.1.0"));
}

#[test]
fn fragment_is_accepted_without_the_hash_and_inside_a_whole_link() {
    let fragment = format_fragment(EXAMPLE, Mode::Sim, Some(3), None);
    let bare = fragment.trim_start_matches('#');
    let whole = format!("https://example.org/interleave/{fragment}");
    for input in [bare, whole.as_str()] {
        let params = parse_fragment(input).expect("valid");
        assert_eq!(params.text, EXAMPLE);
        assert_eq!(params.seed, Some(3));
    }
}

#[test]
fn parameters_may_come_in_any_order_and_unknown_ones_are_ignored() {
    let payload = encode_payload(EXAMPLE);
    let fragment = format!("#theme=dark&seed=5&&s={payload}&x&mode=sim&future=1");
    let params = parse_fragment(&fragment).expect("valid");
    assert_eq!(params.text, EXAMPLE);
    assert_eq!(params.seed, Some(5));
    assert_eq!(params.mode, Mode::Sim);
}

#[test]
fn missing_scenario_is_refused() {
    for input in ["", "#", "#mode=live", "#seed=1&x=2"] {
        assert_eq!(
            parse_fragment(input),
            Err(ShareError::NoScenario),
            "{input}"
        );
    }
    let msg = ShareError::NoScenario.to_string();
    assert!(msg.contains("open a preset"), "{msg}");
}

#[test]
fn empty_scenario_parameter_is_refused() {
    assert_eq!(parse_fragment("#s="), Err(ShareError::EmptyPayload));
    assert_eq!(
        parse_fragment("#s=&mode=sim"),
        Err(ShareError::EmptyPayload)
    );
}

#[test]
fn bad_mode_is_refused_with_the_choices() {
    let fragment = format!("#s={}&mode=fast", encode_payload(EXAMPLE));
    let err = parse_fragment(&fragment).unwrap_err();
    assert_eq!(err, ShareError::BadMode("fast".into()));
    let msg = err.to_string();
    assert!(msg.contains("\"fast\""), "{msg}");
    assert!(
        msg.contains("mode=sim") && msg.contains("mode=live"),
        "{msg}"
    );
}

#[test]
fn bad_seeds_are_refused() {
    let payload = encode_payload(EXAMPLE);
    for seed in ["-1", "", "1.5", "ten", "18446744073709551616"] {
        let fragment = format!("#s={payload}&seed={seed}");
        assert_eq!(
            parse_fragment(&fragment),
            Err(ShareError::BadSeed(seed.into())),
            "{seed}"
        );
    }
    assert!(ShareError::BadSeed("x".into())
        .to_string()
        .contains("remove it from the link"));
}

#[test]
fn unicode_and_control_characters_are_refused_without_panicking() {
    for input in [
        "#s=1任务",
        "#s=任务",
        "#s=1\u{0}\u{7f}",
        "#s=1🦀🦀🦀🦀",
        "#s=\u{feff}1AAAA",
    ] {
        assert!(parse_fragment(input).is_err(), "{input:?}");
    }
}

#[test]
fn a_huge_fragment_is_refused() {
    let huge = format!("#s=1{}&mode=sim", "A".repeat(2 * MAX_PAYLOAD_CHARS));
    assert!(matches!(
        parse_fragment(&huge),
        Err(ShareError::TooLong { .. })
    ));
}

// ===== link length =====

#[test]
fn link_length_counts_the_whole_fragment() {
    let fragment = format_fragment(EXAMPLE, Mode::Sim, None, None);
    assert_eq!(link_len(EXAMPLE), fragment.len());
    assert!(fits_in_link(EXAMPLE));
}

#[test]
fn incompressible_text_does_not_fit_in_a_link() {
    // A pseudo-random text defeats compression: 4,000 characters cannot fit in 2,000.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let text: String = (0..4000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'!' + (x % 90) as u8)
        })
        .collect();
    assert!(link_len(&text) > MAX_LINK_CHARS);
    assert!(!fits_in_link(&text));
}

// ===== properties =====

proptest! {
    #[test]
    fn decode_never_panics_on_arbitrary_strings(s in any::<String>()) {
        let _ = decode_payload(&s);
        let _ = decode_payload(&format!("1{s}"));
    }

    #[test]
    fn decode_never_panics_on_arbitrary_compressed_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_payload(&payload_of(&bytes));
    }

    #[test]
    fn parse_fragment_never_panics(s in any::<String>()) {
        let _ = parse_fragment(&s);
        let _ = parse_fragment(&format!("#s={s}"));
        let _ = parse_fragment(&format!("#s=1{s}&mode={s}&seed={s}"));
    }

    #[test]
    fn encode_then_decode_is_identity(s in any::<String>()) {
        prop_assert_eq!(decode_payload(&encode_payload(&s)), Ok(s));
    }

    #[test]
    fn fragment_round_trips_arbitrary_text_and_seed(s in any::<String>(), seed in any::<u64>(), live in any::<bool>()) {
        let mode = if live { Mode::Live } else { Mode::Sim };
        let params = parse_fragment(&format_fragment(&s, mode, Some(seed), None));
        prop_assert_eq!(params, Ok(LinkParams { text: s, mode, seed: Some(seed), sched: None, messages: false }));
    }
}
