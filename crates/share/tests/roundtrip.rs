//! encode → decode gives the state back: fixed cases, then many generated
//! states (a small deterministic generator, no extra crate), then damaged
//! links (never a panic, never another state).

use aspects_share::{decode, encode, link, try_encode, SharedState};

/// xorshift64*: deterministic, so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that Nix workspaces and the JSON layer care about: headers,
/// quotes, backslashes, interpolation, control characters, CRLF, non-ASCII.
const PIECES: &[&str] = &[
    "{ ",
    " }",
    " = ",
    ";",
    "\n",
    "  ",
    "aspects",
    "nixos",
    "darwin",
    "includes = [ ",
    "\"",
    "\\",
    "${",
    "''",
    "'''",
    "-- repo/modules/a.nix --\n",
    "# comment\n",
    "é",
    "日本",
    "🚀",
    "\u{0}",
    "\t",
    "\r\n",
    "`",
    "```",
    "#",
    "%",
    "&",
    "/",
    "\u{7f}",
    "\u{2028}",
    "\u{feff}",
    "\u{10ffff}",
    "v1.",
    "AAAA",
    "null",
    "{\"w\":",
];

fn text(rng: &mut Rng, max_pieces: usize) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(max_pieces + 1) {
        if rng.below(4) == 0 {
            // Any Unicode scalar value.
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
            out.push(c);
        } else {
            out.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    out
}

fn optional(rng: &mut Rng) -> Option<String> {
    match rng.below(3) {
        0 => None,
        1 => Some(String::new()),
        _ => Some(text(rng, 12)),
    }
}

fn state(rng: &mut Rng) -> SharedState {
    // Now and then a big workspace, to cross deflate block boundaries.
    let max_pieces = if rng.below(50) == 0 { 20_000 } else { 200 };
    SharedState {
        workspace: text(rng, max_pieces),
        view: optional(rng),
        class: optional(rng),
        aspect: optional(rng),
        file: optional(rng),
    }
}

fn is_fragment(s: &str) -> bool {
    s.strip_prefix("v1.").is_some_and(|data| {
        data.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[test]
fn fixed_states_round_trip() {
    let cases = [
        SharedState::default(),
        SharedState {
            workspace: "{ }".into(),
            view: Some("graph".into()),
            class: Some("nixos".into()),
            aspect: Some("laptop".into()),
            file: Some("repo/flake.nix".into()),
        },
        SharedState {
            workspace: "x".repeat(100_000),
            view: Some(String::new()),
            ..Default::default()
        },
        SharedState {
            workspace: include_str!("fixtures/multi-file-60.nix").into(),
            aspect: Some("vim-btw".into()),
            ..Default::default()
        },
    ];
    for state in cases {
        let fragment = encode(&state);
        assert!(is_fragment(&fragment), "{fragment}");
        assert_eq!(decode(&fragment), Ok(state.clone()));
        assert_eq!(try_encode(&state), Ok(fragment));
    }
}

#[test]
fn generated_states_round_trip() {
    let mut rng = Rng(0x5EED_0FA5_9EC7);
    for case in 0..2_000 {
        let state = state(&mut rng);
        let fragment = encode(&state);
        assert!(is_fragment(&fragment), "case {case}");
        assert_eq!(try_encode(&state).as_ref(), Ok(&fragment), "case {case}");
        assert_eq!(decode(&fragment), Ok(state.clone()), "case {case}");
        let shared = link("https://example.org/play/?x=1#old", &state);
        assert!(shared.starts_with("https://example.org/play/?x=1#v1."));
        assert_eq!(decode(&shared), Ok(state.clone()), "case {case} (link)");
        assert_eq!(
            decode(&format!("\n #{fragment} \r\n")),
            Ok(state),
            "case {case} (#)"
        );
    }
}

#[test]
fn encoding_is_deterministic() {
    let mut rng = Rng(42);
    for _ in 0..100 {
        let state = state(&mut rng);
        assert_eq!(encode(&state), encode(&state.clone()));
    }
}

/// Deflate-raw has no checksum, but it has an end marker: a link cut short
/// never opens as some other state.
#[test]
fn truncated_links_fail_or_give_the_same_state() {
    let mut rng = Rng(7);
    for case in 0..200 {
        let state = state(&mut rng);
        let fragment = encode(&state);
        for len in (3..fragment.len()).rev().take(40) {
            if let Ok(got) = decode(&fragment[..len]) {
                assert_eq!(got, state, "case {case}, cut to {len}");
            }
        }
    }
}

/// A damaged character may change the text (there is no checksum), but it
/// never panics.
#[test]
fn damaged_links_do_not_panic() {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = Rng(99);
    for _ in 0..300 {
        let fragment = encode(&state(&mut rng));
        let mut bytes = fragment.into_bytes();
        for _ in 0..1 + rng.below(3) {
            let at = 3 + rng.below(bytes.len() - 3);
            bytes[at] = ALPHABET[rng.below(ALPHABET.len())];
        }
        let damaged = String::from_utf8(bytes).expect("ASCII");
        let _ = decode(&damaged);
    }
}
