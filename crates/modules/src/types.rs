//! Option types: read from the descriptors `lib.types.*` builds (see
//! `prelude/modules-lib.nix`), checked and merged in Rust.

use aspects_nix::value::{Attrs, List, Value};
use aspects_nix::Str;
use aspects_nix::{Eval, EvalResult};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub enum Type {
    Anything,
    /// Like `anything`, but sets merge lazily attribute by attribute (the
    /// freeform type the playground shows configurations with).
    LazyAnything,
    Raw,
    Unspecified,
    Bool,
    Int,
    Float,
    Str,
    /// Strings joined with a separator (`lines`, `commas`).
    Separated(Str),
    Path,
    Package,
    Attrs,
    Enum(List),
    NullOr(Rc<CheckedType>),
    ListOf(Rc<CheckedType>),
    AttrsOf(Rc<CheckedType>),
    LazyAttrsOf(Rc<CheckedType>),
    Uniq(Rc<CheckedType>),
    /// The result type stays a descriptor until a function is called:
    /// types such as flake-aspects' providers refer to themselves.
    FunctionTo(Value),
    /// The last definition (after priorities) wins.
    LastWins,
    Either(Rc<CheckedType>, Rc<CheckedType>),
    CoercedTo {
        from: Rc<CheckedType>,
        coerce: Value,
        to: Rc<CheckedType>,
    },
    Submodule {
        modules: Value,
        special_args: Value,
        shorthand_only_config: bool,
        class: Option<Str>,
    },
    DeferredModule,
    OptionType,
}

/// A type together with the extra checks `addCheck` attached to it.
#[derive(Debug, Clone)]
pub struct CheckedType {
    pub ty: Type,
    pub name: Str,
    /// Forced only for messages: some descriptions never terminate.
    pub description: Value,
    pub checks: Vec<Value>,
}

fn field(ev: &mut Eval, a: &Attrs, name: &str) -> EvalResult<Option<Value>> {
    match a.get(name) {
        Some(v) => Ok(Some(ev.force(&v.clone())?)),
        None => Ok(None),
    }
}

fn string_field(ev: &mut Eval, a: &Attrs, name: &str) -> EvalResult<Str> {
    match field(ev, a, name)? {
        Some(Value::String(s)) => Ok(s),
        _ => Ok("".into()),
    }
}

/// Parsed types by descriptor identity (the descriptor is kept alive, so
/// its address cannot be reused while cached).
#[derive(Default)]
struct TypeCache {
    parsed: rustc_hash::FxHashMap<usize, (Value, Rc<CheckedType>)>,
}

impl CheckedType {
    /// Reads a type descriptor value (cached per descriptor).
    pub fn from_value(ev: &mut Eval, v: &Value) -> EvalResult<CheckedType> {
        Ok((*CheckedType::shared(ev, v)?).clone())
    }

    /// [`CheckedType::from_value`], shared: the descriptor's one reading
    /// (types are read again for every option and function result that
    /// uses them, and a copy clones every field).
    pub fn shared(ev: &mut Eval, v: &Value) -> EvalResult<Rc<CheckedType>> {
        let v = ev.force(v)?;
        let key = match &v {
            Value::Attrs(a) => Some(a.address()),
            _ => None,
        };
        if let Some(k) = key {
            if let Some((_, t)) = ev.extension::<TypeCache>().parsed.get(&k) {
                return Ok(t.clone());
            }
        }
        let t = Rc::new(CheckedType::parse(ev, &v)?);
        if let Some(k) = key {
            ev.extension::<TypeCache>()
                .parsed
                .insert(k, (v.clone(), t.clone()));
        }
        Ok(t)
    }

    fn parse(ev: &mut Eval, v: &Value) -> EvalResult<CheckedType> {
        let v = v.clone();
        let Value::Attrs(a) = &v else {
            return Err(aspects_nix::EvalError::new(
                aspects_nix::ErrorKind::WrongValueType,
                format!("an option type was expected, but found {}", v.describe()),
            )
            .boxed());
        };
        let name = string_field(ev, a, "name")?;
        let description = a.get("description").cloned().unwrap_or(Value::Null);
        let checks = match field(ev, a, "checks")? {
            Some(Value::List(l)) => l.to_vec(),
            _ => Vec::new(),
        };
        let sub = |ev: &mut Eval, key: &str| -> EvalResult<Rc<CheckedType>> {
            let t = a.get(key).cloned().unwrap_or(Value::Null);
            CheckedType::shared(ev, &t)
        };
        let ty = match &*name {
            "anything" => Type::Anything,
            "lazyAnything" => Type::LazyAnything,
            "raw" => Type::Raw,
            "unspecified" => Type::Unspecified,
            "bool" => Type::Bool,
            "int" | "unsignedInt" | "positiveInt" | "intBetween" => Type::Int,
            "float" => Type::Float,
            "str" | "nonEmptyStr" | "singleLineStr" => Type::Str,
            "lines" | "commas" | "separatedString" => {
                Type::Separated(string_field(ev, a, "separator")?)
            }
            "path" => Type::Path,
            "package" => Type::Package,
            "attrs" => Type::Attrs,
            "enum" => match field(ev, a, "values")? {
                Some(Value::List(l)) => Type::Enum(l),
                _ => Type::Enum(List::empty()),
            },
            "nullOr" => Type::NullOr(sub(ev, "elemType")?),
            "listOf" | "nonEmptyListOf" => Type::ListOf(sub(ev, "elemType")?),
            "attrsOf" => Type::AttrsOf(sub(ev, "elemType")?),
            "lazyAttrsOf" => Type::LazyAttrsOf(sub(ev, "elemType")?),
            "uniq" => Type::Uniq(sub(ev, "elemType")?),
            "functionTo" => Type::FunctionTo(a.get("elemType").cloned().unwrap_or(Value::Null)),
            "lastWins" => Type::LastWins,
            "either" => Type::Either(sub(ev, "left")?, sub(ev, "right")?),
            "coercedTo" => Type::CoercedTo {
                from: sub(ev, "coercedType")?,
                coerce: a.get("coerceFunc").cloned().unwrap_or(Value::Null),
                to: sub(ev, "finalType")?,
            },
            "submodule" => Type::Submodule {
                modules: a.get("modules").cloned().unwrap_or(Value::list(Vec::new())),
                special_args: a
                    .get("specialArgs")
                    .cloned()
                    .unwrap_or(Value::attrs(Attrs::empty())),
                shorthand_only_config: matches!(
                    field(ev, a, "shorthandOnlyDefinesConfig")?,
                    Some(Value::Bool(true))
                ),
                class: match field(ev, a, "class")? {
                    Some(Value::String(s)) => Some(s),
                    _ => None,
                },
            },
            "deferredModule" => Type::DeferredModule,
            "optionType" => Type::OptionType,
            other => {
                return Err(aspects_nix::EvalError::new(
                    aspects_nix::ErrorKind::Other,
                    format!("option type '{other}' is not supported by the playground yet"),
                )
                .boxed())
            }
        };
        Ok(CheckedType {
            ty,
            name,
            description,
            checks,
        })
    }
}

impl CheckedType {
    /// A type with no checks and a plain description.
    pub fn plain(ty: Type, description: &str) -> CheckedType {
        CheckedType {
            ty,
            name: description.into(),
            description: Value::string(description),
            checks: Vec::new(),
        }
    }

    /// The description, if it can be computed.
    pub fn describe(&self, ev: &mut Eval) -> String {
        match ev.force(&self.description) {
            Ok(Value::String(s)) => s.to_string(),
            _ => self.name.to_string(),
        }
    }
}

impl Type {
    /// Whether a (forced) value has this type's shape, without its
    /// `addCheck` predicates.
    pub fn shape_check(&self, v: &Value) -> bool {
        match self {
            Type::Anything
            | Type::LazyAnything
            | Type::Raw
            | Type::Unspecified
            | Type::OptionType
            | Type::LastWins => true,
            Type::Bool => matches!(v, Value::Bool(_)),
            Type::Int => matches!(v, Value::Int(_)),
            Type::Float => matches!(v, Value::Float(_)),
            Type::Str | Type::Separated(_) => matches!(v, Value::String(_)),
            Type::Path => matches!(v, Value::Path(_) | Value::String(_)),
            Type::Package => matches!(v, Value::Attrs(_) | Value::Path(_) | Value::String(_)),
            Type::Attrs | Type::AttrsOf(_) | Type::LazyAttrsOf(_) => matches!(v, Value::Attrs(_)),
            Type::Enum(_) => true,
            Type::NullOr(t) => matches!(v, Value::Null) || t.ty.shape_check(v),
            Type::ListOf(_) => matches!(v, Value::List(_)),
            Type::Uniq(t) => t.ty.shape_check(v),
            Type::FunctionTo(_) => {
                v.is_function() || matches!(v, Value::Attrs(a) if a.contains("__functor"))
            }
            Type::Either(l, r) => l.ty.shape_check(v) || r.ty.shape_check(v),
            Type::CoercedTo { from, to, .. } => from.ty.shape_check(v) || to.ty.shape_check(v),
            Type::Submodule { .. } | Type::DeferredModule => {
                matches!(v, Value::Attrs(_) | Value::Path(_)) || v.is_function()
            }
        }
    }
}
