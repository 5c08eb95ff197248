//! Every `ShareError`, from the input that causes it, with its message.

use aspects_share::{
    decode, encode, try_encode, ShareError, SharedState, MAX_FIELD_LEN, MAX_FRAGMENT_LEN,
    MAX_INFLATED_LEN,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// A v1 fragment around arbitrary payload bytes (what a hand-made or
/// hostile link can hold).
fn v1_of(payload: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, 10);
    v1_of_deflated(&compressed)
}

fn v1_of_deflated(compressed: &[u8]) -> String {
    format!("v1.{}", URL_SAFE_NO_PAD.encode(compressed))
}

fn reason(result: Result<SharedState, ShareError>) -> String {
    match result {
        Err(ShareError::InvalidPayload { reason }) => reason,
        other => panic!("expected InvalidPayload, got {other:?}"),
    }
}

fn small_state() -> SharedState {
    SharedState {
        workspace: include_str!("fixtures/example-20.nix").into(),
        ..Default::default()
    }
}

#[test]
fn not_a_share_link() {
    for input in [
        "",
        "   \n",
        "#",
        "hello",
        "v1",
        "v.abc",
        "vx.abc",
        "V1.abc",
        "1.abc",
        "https://example.org/",
        "https://example.org/#",
        "https://example.org/#section-2",
        "#v1",
        "v1234567890.abc",
        "\u{feff}v1.abc",
    ] {
        assert_eq!(decode(input), Err(ShareError::NotAShareLink), "{input:?}");
    }
    let message = ShareError::NotAShareLink.to_string();
    assert!(
        message.contains("not an Aspect Playground share link"),
        "{message}"
    );
}

#[test]
fn unknown_versions() {
    assert_eq!(
        decode("v2.AAAA"),
        Err(ShareError::UnknownVersion { version: 2 })
    );
    assert_eq!(
        decode(" #v10.anything at all"),
        Err(ShareError::UnknownVersion { version: 10 })
    );
    assert_eq!(
        decode("https://example.org/#v999999999."),
        Err(ShareError::UnknownVersion {
            version: 999_999_999
        })
    );
    assert_eq!(
        decode("v0.x"),
        Err(ShareError::UnknownVersion { version: 0 })
    );
    let newer = ShareError::UnknownVersion { version: 2 }.to_string();
    assert!(newer.contains("newer version"), "{newer}");
    assert!(newer.contains("v2"), "{newer}");
    let older = ShareError::UnknownVersion { version: 0 }.to_string();
    assert!(!older.contains("newer"), "{older}");
}

#[test]
fn fragment_too_long() {
    let long = format!("v1.{}", "A".repeat(MAX_FRAGMENT_LEN));
    assert_eq!(decode(&long), Err(ShareError::TooLong { len: long.len() }));
    // The cap is on what was given, before any work.
    let spaces = " ".repeat(MAX_FRAGMENT_LEN + 1);
    assert!(matches!(decode(&spaces), Err(ShareError::TooLong { .. })));
    let message = ShareError::TooLong { len: 3_000_000 }.to_string();
    assert!(
        message.contains("3000000") && message.contains("too long"),
        "{message}"
    );
}

#[test]
fn invalid_base64_points_at_the_character() {
    let cases = [
        ("v1.ab%cd", 5, '%'),
        ("#v1.abc=", 7, '='),
        ("  v1.AAé", 7, 'é'),
        ("v1.AA+A", 5, '+'),
        ("v1.AA/A", 5, '/'),
        ("v1.AA.A", 5, '.'),
        ("ünï https://x/#v1.AA!", 20, '!'),
    ];
    for (input, position, character) in cases {
        assert_eq!(
            decode(input),
            Err(ShareError::InvalidBase64 {
                position,
                character
            }),
            "{input:?}"
        );
        assert_eq!(input.chars().nth(position), Some(character));
    }
    let message = ShareError::InvalidBase64 {
        position: 5,
        character: '%',
    }
    .to_string();
    assert!(
        message.contains("'%'") && message.contains("character 6"),
        "{message}"
    );
}

#[test]
fn truncated_links() {
    let fragment = encode(&small_state());
    for cut in [1, 2, 3, 10, fragment.len() / 2] {
        let short = &fragment[..fragment.len() - cut];
        assert_eq!(decode(short), Err(ShareError::Truncated), "cut {cut}");
    }
    // No data at all, and a length no encoder writes (4k + 1 symbols).
    assert_eq!(decode("v1."), Err(ShareError::Truncated));
    assert_eq!(decode("v1.A"), Err(ShareError::Truncated));
    assert!(ShareError::Truncated.to_string().contains("cut off"));
}

#[test]
fn corrupt_deflate_data() {
    // First byte: final block of the reserved type 3.
    assert_eq!(
        decode(&v1_of_deflated(&[0xff; 8])),
        Err(ShareError::Corrupt)
    );
    // A stored block whose length check (NLEN) does not match.
    assert_eq!(
        decode(&v1_of_deflated(&[0x01, 0x02, 0x00, 0x00, 0x00, b'h', b'i'])),
        Err(ShareError::Corrupt)
    );
    assert!(ShareError::Corrupt.to_string().contains("damaged"));
}

#[test]
fn zip_bomb_stops_at_the_limit() {
    let bomb = vec![b' '; MAX_INFLATED_LEN * 4];
    let fragment = v1_of(&bomb);
    assert!(fragment.len() < 40_000, "{} bytes", fragment.len());
    assert_eq!(decode(&fragment), Err(ShareError::TooLarge));
    assert!(ShareError::TooLarge.to_string().contains("4 MiB"));
}

#[test]
fn payload_of_exactly_the_limit_decodes() {
    let overhead = r#"{"w":""}"#.len();
    let at_limit = SharedState {
        workspace: "a".repeat(MAX_INFLATED_LEN - overhead),
        ..Default::default()
    };
    let fragment = try_encode(&at_limit).expect("fits");
    assert_eq!(decode(&fragment), Ok(at_limit.clone()));
    let over = SharedState {
        workspace: at_limit.workspace + "a",
        ..Default::default()
    };
    assert_eq!(try_encode(&over), Err(ShareError::TooLarge));
    assert_eq!(decode(&encode(&over)), Err(ShareError::TooLarge));
}

#[test]
fn incompressible_workspace_is_too_long_to_share() {
    // Printable but random: deflate cannot shrink it below the fragment cap.
    let mut x: u32 = 1;
    let workspace: String = (0..MAX_FRAGMENT_LEN)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(b'!' + ((x >> 16) % 94) as u8)
        })
        .collect();
    let state = SharedState {
        workspace,
        ..Default::default()
    };
    assert!(matches!(
        try_encode(&state),
        Err(ShareError::TooLong { .. })
    ));
}

#[test]
fn not_utf8() {
    assert_eq!(
        decode(&v1_of(b"{\"w\":\"\xff\"}")),
        Err(ShareError::NotUtf8 { offset: 6 })
    );
    // A UTF-8 sequence cut in the middle.
    assert_eq!(
        decode(&v1_of("{\"w\":\"é".as_bytes().split_last().unwrap().1)),
        Err(ShareError::NotUtf8 { offset: 6 })
    );
    let message = ShareError::NotUtf8 { offset: 6 }.to_string();
    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn invalid_payloads() {
    let cases: &[(&str, &str)] = &[
        ("", "not valid JSON"),
        ("not json", "not valid JSON"),
        (r#"{"w":"x"} trailing"#, "not valid JSON"),
        (r#"{"w":"x""#, "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (r#"["workspace"]"#, "not a JSON object"),
        (r#""text""#, "not a JSON object"),
        ("null", "not a JSON object"),
        ("42", "not a JSON object"),
        ("{}", "no workspace text"),
        (r#"{"v":"graph"}"#, "no workspace text"),
        (r#"{"w":null}"#, "no workspace text"),
        (
            r#"{"w":5}"#,
            "workspace text (\"w\") should be text, not a number",
        ),
        (r#"{"w":["a"]}"#, "should be text, not a list"),
        (
            r#"{"w":"x","v":true}"#,
            "view (\"v\") should be text, not true or false",
        ),
        (
            r#"{"w":"x","c":[1]}"#,
            "class (\"c\") should be text, not a list",
        ),
        (
            r#"{"w":"x","a":{"b":1}}"#,
            "aspect (\"a\") should be text, not an object",
        ),
        (
            r#"{"w":"x","f":-1.5}"#,
            "file (\"f\") should be text, not a number",
        ),
        (r#"{"w":"x","w":"y"}"#, "the key \"w\" appears twice"),
        (
            r#"{"w":"x","v":null,"v":"graph"}"#,
            "the key \"v\" appears twice",
        ),
        (r#"{"w":"\ud800"}"#, "not valid JSON"),
    ];
    for (payload, expected) in cases {
        let got = reason(decode(&v1_of(payload.as_bytes())));
        assert!(got.contains(expected), "{payload}: {got}");
    }
    let message = ShareError::InvalidPayload {
        reason: "it has no workspace text".into(),
    }
    .to_string();
    assert_eq!(
        message,
        "This share link's contents are not valid: it has no workspace text."
    );
}

/// serde_json's nesting limit answers deep nesting, in known and unknown
/// keys alike: an error, not a stack overflow.
#[test]
fn deeply_nested_payload_is_an_error() {
    for key in ["w", "z"] {
        let payload = format!("{{\"{key}\":{}", "[".repeat(100_000));
        let got = reason(decode(&v1_of(payload.as_bytes())));
        assert!(got.contains("not valid JSON"), "{got}");
    }
}

#[test]
fn field_too_long() {
    let at_cap = "v".repeat(MAX_FIELD_LEN);
    let payload = format!(r#"{{"w":"x","v":"{at_cap}"}}"#);
    assert_eq!(
        decode(&v1_of(payload.as_bytes())).unwrap().view,
        Some(at_cap.clone())
    );
    let payload = format!(r#"{{"w":"x","f":"{at_cap}/"}}"#);
    assert_eq!(
        decode(&v1_of(payload.as_bytes())),
        Err(ShareError::FieldTooLong {
            field: "file",
            len: MAX_FIELD_LEN + 1
        })
    );
    let state = SharedState {
        aspect: Some(at_cap + "é"),
        ..Default::default()
    };
    let error = ShareError::FieldTooLong {
        field: "aspect",
        len: MAX_FIELD_LEN + 2,
    };
    assert_eq!(try_encode(&state), Err(error.clone()));
    assert_eq!(decode(&encode(&state)), Err(error.clone()));
    assert!(error.to_string().contains("aspect is too long"), "{error}");
}

#[test]
fn every_message_is_a_sentence() {
    let errors = [
        ShareError::NotAShareLink,
        ShareError::UnknownVersion { version: 2 },
        ShareError::UnknownVersion { version: 0 },
        ShareError::TooLong { len: 1 },
        ShareError::InvalidBase64 {
            position: 0,
            character: '!',
        },
        ShareError::Truncated,
        ShareError::Corrupt,
        ShareError::TooLarge,
        ShareError::NotUtf8 { offset: 0 },
        ShareError::InvalidPayload {
            reason: "it is not a JSON object".into(),
        },
        ShareError::FieldTooLong {
            field: "view",
            len: 2000,
        },
    ];
    for error in errors {
        let message = error.to_string();
        assert!(message.starts_with("This "), "{message}");
        assert!(message.ends_with('.'), "{message}");
        let as_error: &dyn std::error::Error = &error;
        assert!(as_error.source().is_none());
    }
}
