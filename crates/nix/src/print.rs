//! Printers: values in Nix syntax (as `nix-instantiate --eval --strict`
//! prints them) and as JSON.

use crate::error::EvalResult;
use crate::eval::Eval;
use crate::value::Value;
use std::collections::HashSet;

/// Prints `v` in Nix syntax. With `strict`, everything inside is forced
/// first (errors surface); without, unevaluated parts print as `«thunk»`.
pub fn print_value(ev: &mut Eval, v: &Value, strict: bool) -> EvalResult<String> {
    if strict {
        ev.force_deep(v)?;
    }
    let mut out = String::new();
    let mut seen = HashSet::new();
    write_value(ev, v, &mut out, &mut seen, 0)?;
    Ok(out)
}

fn write_value(
    ev: &mut Eval,
    v: &Value,
    out: &mut String,
    seen: &mut HashSet<usize>,
    depth: usize,
) -> EvalResult<()> {
    let v = match v {
        Value::Thunk(_) => {
            // Only already-evaluated thunks are shown.
            match ev.force_if_done(v) {
                Some(x) => x,
                None => {
                    out.push_str("«thunk»");
                    return Ok(());
                }
            }
        }
        other => other.clone(),
    };
    if depth > 5_000 {
        out.push_str("«too deep»");
        return Ok(());
    }
    ev.check_stack()?;
    ev.check_string(out.len())?;
    match &v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&nix_float(*f)),
        Value::String(s) => nix_string(s, out),
        Value::Path(p) => out.push_str(p),
        Value::Attrs(a) => {
            // Empty sets are one shared value: never «repeated».
            if !a.is_empty() && !seen.insert(a.address()) {
                out.push_str("«repeated»");
                return Ok(());
            }
            out.push_str("{ ");
            for attr in a.iter() {
                nix_attr_name(&attr.name, out);
                out.push_str(" = ");
                write_value(ev, &attr.value, out, seen, depth + 1)?;
                out.push_str("; ");
            }
            out.push('}');
        }
        Value::List(items) => {
            if !items.is_empty() && !seen.insert(items.address()) {
                out.push_str("«repeated»");
                return Ok(());
            }
            out.push_str("[ ");
            for x in items.iter() {
                write_value(ev, x, out, seen, depth + 1)?;
                out.push(' ');
            }
            out.push(']');
        }
        Value::Lambda(_) | Value::Native(_) => out.push_str("<LAMBDA>"),
        Value::PrimOp(app) if app.args.is_empty() => out.push_str("<PRIMOP>"),
        Value::PrimOp(_) => out.push_str("<PRIMOP-APP>"),
        Value::Thunk(_) => out.push_str("«thunk»"),
    }
    Ok(())
}

/// Whether `name` can be written without quotes.
pub fn is_identifier(name: &str) -> bool {
    is_identifier_shape(name)
        && !(name.len() <= 7
            && matches!(
                name,
                "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit"
            ))
}

/// Whether `name` has an identifier's characters (keywords included).
/// Bytes, not chars: every character an identifier may hold is ASCII. A
/// table, because option paths are rendered with this for every deferred
/// module's file name.
fn is_identifier_shape(name: &str) -> bool {
    let bytes = name.as_bytes();
    match bytes.first() {
        Some(&c) if IDENTIFIER_BYTE[c as usize] == HEAD => {}
        _ => return false,
    }
    bytes[1..].iter().all(|&c| IDENTIFIER_BYTE[c as usize] != 0)
}

/// `IDENTIFIER_BYTE[b]`: [`HEAD`] if an identifier may start with byte
/// `b` (and hold it), [`TAIL`] if it may only hold it, 0 otherwise.
const IDENTIFIER_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() || c == b'_' {
            HEAD
        } else if c.is_ascii_digit() || c == b'\'' || c == b'-' {
            TAIL
        } else {
            0
        };
        b += 1;
    }
    t
};
const HEAD: u8 = 2;
const TAIL: u8 = 1;

pub fn nix_attr_name(name: &str, out: &mut String) {
    // Nix 2.8 writes every identifier-shaped name bare except `if`, and
    // escapes every `$` in quoted names.
    if is_identifier_shape(name) && name != "if" {
        out.push_str(name);
    } else {
        let mut quoted = String::new();
        nix_string(name, &mut quoted);
        out.push_str(&quoted.replace("\\$", "$").replace('$', "\\$"));
    }
}

/// A string literal in Nix syntax.
pub fn nix_string(s: &str, out: &mut String) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A float the way Nix prints it (C++ stream defaults: 6 significant
/// digits, shortest of fixed and exponent notation).
pub fn nix_float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let exp = f.abs().log10().floor() as i32;
    // Round to 6 significant digits first: that can change the exponent.
    let formatted = format!("{:.5e}", f);
    let (mantissa, e) = formatted.split_once('e').expect("exponent form");
    let e: i32 = e.parse().unwrap_or(exp);
    if (-4..6).contains(&e) {
        let decimals = (5 - e).max(0) as usize;
        trim_zeros(&format!("{:.*}", decimals, f))
    } else {
        let m = trim_zeros(mantissa);
        let sign = if e < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", e.abs())
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// A float in `builtins.toJSON` output.
pub fn json_float(f: f64) -> String {
    nix_float(f)
}

/// A JSON string literal.
pub fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_ascii_names_that_are_not_keywords() {
        for yes in ["a", "_x", "a-b'", "aspect-chain", "inherits", "x1", "If"] {
            assert!(is_identifier(yes), "{yes}");
        }
        for no in [
            "", "1a", "-a", "'a", "a b", "é", "aé", "a.b", "if", "in", "inherit", "rec",
        ] {
            assert!(!is_identifier(no), "{no}");
        }
    }

    #[test]
    fn floats_print_like_nix() {
        assert_eq!(nix_float(1.5), "1.5");
        assert_eq!(nix_float(0.1), "0.1");
        assert_eq!(nix_float(1.234567891), "1.23457");
        assert_eq!(nix_float(1e6), "1e+06");
        assert_eq!(nix_float(123456.0), "123456");
        assert_eq!(nix_float(1e-7), "1e-07");
        assert_eq!(nix_float(1.0), "1");
        assert_eq!(nix_float(0.0001), "0.0001");
    }

    #[test]
    fn names_are_quoted_when_needed() {
        let mut s = String::new();
        nix_attr_name("a-b", &mut s);
        nix_attr_name("1a", &mut s);
        nix_attr_name("if", &mut s);
        nix_attr_name("$", &mut s);
        assert_eq!(s, "a-b\"1a\"\"if\"\"\\$\"");
    }
}
