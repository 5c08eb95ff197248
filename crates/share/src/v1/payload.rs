//! The v1 payload: one compact JSON object with one-letter keys,
//! `{"w":…,"v":…,"c":…,"a":…,"f":…}`.
//!
//! Reading is done by hand (serde visitors, not derive) so that every way a
//! payload can be wrong gets a plain sentence, values of unknown keys are
//! skipped without being built, and a JSON array is not taken for an
//! object.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::{ShareError, SharedState};

/// What the encoder writes, in this key order; absent fields are left out.
#[derive(Serialize)]
struct Written<'a> {
    w: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<&'a str>,
}

pub(super) fn write(state: &SharedState) -> Vec<u8> {
    let written = Written {
        w: &state.workspace,
        v: state.view.as_deref(),
        c: state.class.as_deref(),
        a: state.aspect.as_deref(),
        f: state.file.as_deref(),
    };
    // Strings only: serde_json cannot fail on them.
    serde_json::to_vec(&written).expect("a struct of strings serializes")
}

pub(super) fn read(text: &str) -> Result<SharedState, ShareError> {
    let found: Found = serde_json::from_str(text).map_err(|error| invalid(json_problem(&error)))?;
    if let Some(key) = found.duplicate {
        return Err(invalid(format!("the key \"{key}\" appears twice")));
    }
    let workspace = match found.w {
        Some(Value::Text(text)) => text,
        None | Some(Value::Null) => return Err(invalid("it has no workspace text".into())),
        Some(Value::Other(kind)) => {
            return Err(invalid(format!(
                "the workspace text (\"w\") should be text, not {kind}"
            )))
        }
    };
    Ok(SharedState {
        workspace,
        view: optional(found.v, "v", "view")?,
        class: optional(found.c, "c", "class")?,
        aspect: optional(found.a, "a", "aspect")?,
        file: optional(found.f, "f", "file")?,
    })
}

fn optional(value: Option<Value>, key: &str, field: &str) -> Result<Option<String>, ShareError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Text(text)) => Ok(Some(text)),
        Some(Value::Other(kind)) => Err(invalid(format!(
            "the {field} (\"{key}\") should be text, not {kind}"
        ))),
    }
}

fn invalid(reason: String) -> ShareError {
    ShareError::InvalidPayload { reason }
}

fn json_problem(error: &serde_json::Error) -> String {
    match error.classify() {
        // The visitors below accept any value inside the object, so a data
        // error can only be a top-level value that is not an object.
        serde_json::error::Category::Data => "it is not a JSON object".into(),
        _ => format!("it is not valid JSON ({error})"),
    }
}

/// The payload's keys as found, before checking their types.
#[derive(Default)]
struct Found {
    w: Option<Value>,
    v: Option<Value>,
    c: Option<Value>,
    a: Option<Value>,
    f: Option<Value>,
    duplicate: Option<&'static str>,
}

impl<'de> Deserialize<'de> for Found {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FoundVisitor)
    }
}

struct FoundVisitor;

impl<'de> Visitor<'de> for FoundVisitor {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key::<Key>()? {
            let (slot, name) = match key {
                Key::W => (&mut found.w, "w"),
                Key::V => (&mut found.v, "v"),
                Key::C => (&mut found.c, "c"),
                Key::A => (&mut found.a, "a"),
                Key::F => (&mut found.f, "f"),
                // Unknown keys are skipped (FORMAT.md: "Reading").
                Key::Unknown => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value = map.next_value::<Value>()?;
            if slot.replace(value).is_some() {
                found.duplicate.get_or_insert(name);
            }
        }
        Ok(found)
    }
}

enum Key {
    W,
    V,
    C,
    A,
    F,
    Unknown,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    // Matching on the borrowed text: an unknown key is never copied.
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "w" => Key::W,
            "v" => Key::V,
            "c" => Key::C,
            "a" => Key::A,
            "f" => Key::F,
            _ => Key::Unknown,
        })
    }
}

/// A field's value: text, null, or the kind of anything else (for the
/// message; its contents are skipped, not built).
enum Value {
    Text(String),
    Null,
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(Value::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        Ok(Value::Text(text))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Other("true or false"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Other("a number"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Other("a list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Other("an object"))
    }
}
