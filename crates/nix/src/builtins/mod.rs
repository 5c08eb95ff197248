//! The builtins: the global names (`true`, `map`, `builtins`, ...) and the
//! primitive operations behind `builtins.*`.
//!
//! Status of every name is listed in the crate docs (`docs/builtins.md`).

mod attrs;
mod control;
mod files;
mod json;
pub use attrs::{formals_of, function_args_of};
pub use json::write_json;
mod lists;
mod strings;
mod types;

use crate::ast::Span;
use crate::error::{ErrorKind, EvalError, EvalResult};
use crate::eval::{type_error, Eval};
use crate::value::*;
use crate::Str;
use std::collections::HashMap;
use std::rc::Rc;

pub type PrimFn = fn(&mut Eval, Vec<Value>, Span) -> EvalResult<Value>;

/// A builtin function taking `arity` arguments.
pub struct PrimOp {
    pub name: &'static str,
    pub arity: usize,
    pub func: PrimFn,
}

impl std::fmt::Debug for PrimOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<primop {}>", self.name)
    }
}

/// Every primop, in one table.
pub fn primops() -> &'static [PrimOp] {
    PRIMOPS
}

static PRIMOPS: &[PrimOp] = &[
    // attribute sets
    PrimOp {
        name: "attrNames",
        arity: 1,
        func: attrs::attr_names,
    },
    PrimOp {
        name: "attrValues",
        arity: 1,
        func: attrs::attr_values,
    },
    PrimOp {
        name: "hasAttr",
        arity: 2,
        func: attrs::has_attr,
    },
    PrimOp {
        name: "getAttr",
        arity: 2,
        func: attrs::get_attr,
    },
    PrimOp {
        name: "removeAttrs",
        arity: 2,
        func: attrs::remove_attrs,
    },
    PrimOp {
        name: "listToAttrs",
        arity: 1,
        func: attrs::list_to_attrs,
    },
    PrimOp {
        name: "mapAttrs",
        arity: 2,
        func: attrs::map_attrs,
    },
    PrimOp {
        name: "intersectAttrs",
        arity: 2,
        func: attrs::intersect_attrs,
    },
    PrimOp {
        name: "catAttrs",
        arity: 2,
        func: attrs::cat_attrs,
    },
    PrimOp {
        name: "zipAttrsWith",
        arity: 2,
        func: attrs::zip_attrs_with,
    },
    PrimOp {
        name: "functionArgs",
        arity: 1,
        func: attrs::function_args,
    },
    PrimOp {
        name: "unsafeGetAttrPos",
        arity: 2,
        func: attrs::unsafe_get_attr_pos,
    },
    // types
    PrimOp {
        name: "typeOf",
        arity: 1,
        func: types::type_of,
    },
    PrimOp {
        name: "isAttrs",
        arity: 1,
        func: types::is_attrs,
    },
    PrimOp {
        name: "isList",
        arity: 1,
        func: types::is_list,
    },
    PrimOp {
        name: "isFunction",
        arity: 1,
        func: types::is_function,
    },
    PrimOp {
        name: "isString",
        arity: 1,
        func: types::is_string,
    },
    PrimOp {
        name: "isInt",
        arity: 1,
        func: types::is_int,
    },
    PrimOp {
        name: "isFloat",
        arity: 1,
        func: types::is_float,
    },
    PrimOp {
        name: "isBool",
        arity: 1,
        func: types::is_bool,
    },
    PrimOp {
        name: "isPath",
        arity: 1,
        func: types::is_path,
    },
    PrimOp {
        name: "isNull",
        arity: 1,
        func: types::is_null,
    },
    // lists
    PrimOp {
        name: "length",
        arity: 1,
        func: lists::length,
    },
    PrimOp {
        name: "head",
        arity: 1,
        func: lists::head,
    },
    PrimOp {
        name: "tail",
        arity: 1,
        func: lists::tail,
    },
    PrimOp {
        name: "elemAt",
        arity: 2,
        func: lists::elem_at,
    },
    PrimOp {
        name: "elem",
        arity: 2,
        func: lists::elem,
    },
    PrimOp {
        name: "map",
        arity: 2,
        func: lists::map,
    },
    PrimOp {
        name: "filter",
        arity: 2,
        func: lists::filter,
    },
    PrimOp {
        name: "foldl'",
        arity: 3,
        func: lists::foldl,
    },
    PrimOp {
        name: "concatLists",
        arity: 1,
        func: lists::concat_lists,
    },
    PrimOp {
        name: "concatMap",
        arity: 2,
        func: lists::concat_map,
    },
    PrimOp {
        name: "genList",
        arity: 2,
        func: lists::gen_list,
    },
    PrimOp {
        name: "sort",
        arity: 2,
        func: lists::sort,
    },
    PrimOp {
        name: "partition",
        arity: 2,
        func: lists::partition,
    },
    PrimOp {
        name: "groupBy",
        arity: 2,
        func: lists::group_by,
    },
    PrimOp {
        name: "all",
        arity: 2,
        func: lists::all,
    },
    PrimOp {
        name: "any",
        arity: 2,
        func: lists::any,
    },
    PrimOp {
        name: "genericClosure",
        arity: 1,
        func: lists::generic_closure,
    },
    // arithmetic
    PrimOp {
        name: "add",
        arity: 2,
        func: types::add,
    },
    PrimOp {
        name: "sub",
        arity: 2,
        func: types::sub,
    },
    PrimOp {
        name: "mul",
        arity: 2,
        func: types::mul,
    },
    PrimOp {
        name: "div",
        arity: 2,
        func: types::div,
    },
    PrimOp {
        name: "lessThan",
        arity: 2,
        func: types::less_than,
    },
    PrimOp {
        name: "bitAnd",
        arity: 2,
        func: types::bit_and,
    },
    PrimOp {
        name: "bitOr",
        arity: 2,
        func: types::bit_or,
    },
    PrimOp {
        name: "bitXor",
        arity: 2,
        func: types::bit_xor,
    },
    PrimOp {
        name: "floor",
        arity: 1,
        func: types::floor,
    },
    PrimOp {
        name: "ceil",
        arity: 1,
        func: types::ceil,
    },
    // strings
    PrimOp {
        name: "toString",
        arity: 1,
        func: strings::to_string,
    },
    PrimOp {
        name: "substring",
        arity: 3,
        func: strings::substring,
    },
    PrimOp {
        name: "stringLength",
        arity: 1,
        func: strings::string_length,
    },
    PrimOp {
        name: "replaceStrings",
        arity: 3,
        func: strings::replace_strings,
    },
    PrimOp {
        name: "split",
        arity: 2,
        func: strings::split,
    },
    PrimOp {
        name: "match",
        arity: 2,
        func: strings::match_,
    },
    PrimOp {
        name: "concatStringsSep",
        arity: 2,
        func: strings::concat_strings_sep,
    },
    PrimOp {
        name: "baseNameOf",
        arity: 1,
        func: strings::base_name_of,
    },
    PrimOp {
        name: "dirOf",
        arity: 1,
        func: strings::dir_of,
    },
    PrimOp {
        name: "parseDrvName",
        arity: 1,
        func: strings::parse_drv_name,
    },
    PrimOp {
        name: "splitVersion",
        arity: 1,
        func: strings::split_version,
    },
    PrimOp {
        name: "compareVersions",
        arity: 2,
        func: strings::compare_versions,
    },
    PrimOp {
        name: "hashString",
        arity: 2,
        func: strings::hash_string,
    },
    PrimOp {
        name: "unsafeDiscardStringContext",
        arity: 1,
        func: strings::discard_context,
    },
    PrimOp {
        name: "hasContext",
        arity: 1,
        func: strings::has_context,
    },
    PrimOp {
        name: "getContext",
        arity: 1,
        func: strings::get_context,
    },
    // JSON
    PrimOp {
        name: "toJSON",
        arity: 1,
        func: json::to_json,
    },
    PrimOp {
        name: "fromJSON",
        arity: 1,
        func: json::from_json,
    },
    // control
    PrimOp {
        name: "seq",
        arity: 2,
        func: control::seq,
    },
    PrimOp {
        name: "deepSeq",
        arity: 2,
        func: control::deep_seq,
    },
    PrimOp {
        name: "tryEval",
        arity: 1,
        func: control::try_eval,
    },
    PrimOp {
        name: "throw",
        arity: 1,
        func: control::throw,
    },
    PrimOp {
        name: "abort",
        arity: 1,
        func: control::abort,
    },
    PrimOp {
        name: "trace",
        arity: 2,
        func: control::trace,
    },
    PrimOp {
        name: "warn",
        arity: 2,
        func: control::warn,
    },
    PrimOp {
        name: "traceVerbose",
        arity: 2,
        func: control::trace_verbose,
    },
    PrimOp {
        name: "addErrorContext",
        arity: 2,
        func: control::add_error_context,
    },
    PrimOp {
        name: "derivation",
        arity: 1,
        func: control::derivation,
    },
    PrimOp {
        name: "placeholder",
        arity: 1,
        func: control::placeholder,
    },
    // files
    PrimOp {
        name: "import",
        arity: 1,
        func: files::import,
    },
    PrimOp {
        name: "scopedImport",
        arity: 2,
        func: files::scoped_import,
    },
    PrimOp {
        name: "pathExists",
        arity: 1,
        func: files::path_exists,
    },
    PrimOp {
        name: "readFile",
        arity: 1,
        func: files::read_file,
    },
    PrimOp {
        name: "readDir",
        arity: 1,
        func: files::read_dir,
    },
    PrimOp {
        name: "readFileType",
        arity: 1,
        func: files::read_file_type,
    },
    PrimOp {
        name: "toPath",
        arity: 1,
        func: files::to_path,
    },
    PrimOp {
        name: "fetchTarball",
        arity: 1,
        func: files::fetch,
    },
    PrimOp {
        name: "fetchGit",
        arity: 1,
        func: files::fetch,
    },
    PrimOp {
        name: "fetchurl",
        arity: 1,
        func: files::fetch,
    },
    PrimOp {
        name: "getEnv",
        arity: 1,
        func: files::get_env,
    },
];

/// Names visible at the top of every file without `builtins.`.
const TOP_LEVEL: &[&str] = &[
    "abort",
    "baseNameOf",
    "derivation",
    "dirOf",
    "fetchGit",
    "fetchTarball",
    "fetchurl",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

#[derive(Clone, Copy)]
enum Global {
    Builtins,
    True,
    False,
    Null,
    PrimOp(usize),
}

struct GlobalTable {
    by_name: HashMap<String, u32>,
    kinds: Vec<Global>,
}

thread_local! {
    static GLOBALS: Rc<GlobalTable> = Rc::new(build_globals());
}

fn build_globals() -> GlobalTable {
    let mut by_name = HashMap::new();
    let mut kinds = Vec::new();
    let mut add = |name: String, g: Global| {
        by_name.insert(name, kinds.len() as u32);
        kinds.push(g);
    };
    add("builtins".into(), Global::Builtins);
    add("true".into(), Global::True);
    add("false".into(), Global::False);
    add("null".into(), Global::Null);
    for (i, p) in PRIMOPS.iter().enumerate() {
        add(format!("__{}", p.name), Global::PrimOp(i));
        if TOP_LEVEL.contains(&p.name) {
            add(p.name.to_string(), Global::PrimOp(i));
        }
    }
    GlobalTable { by_name, kinds }
}

/// The index of a global name, if it is one.
pub fn global_index(name: &str) -> Option<u32> {
    GLOBALS.with(|g| g.by_name.get(name).copied())
}

pub fn global_count() -> usize {
    GLOBALS.with(|g| g.kinds.len())
}

/// Builds the value of global number `g`.
pub fn make_global(ev: &mut Eval, g: usize) -> Value {
    let kind = GLOBALS.with(|t| t.kinds[g]);
    match kind {
        Global::True => Value::Bool(true),
        Global::False => Value::Bool(false),
        Global::Null => Value::Null,
        Global::PrimOp(i) => primop_value(&PRIMOPS[i]),
        Global::Builtins => builtins_set(ev),
    }
}

pub fn primop_value(op: &'static PrimOp) -> Value {
    Value::PrimOp(Rc::new(PrimOpApp {
        op,
        args: Vec::new(),
    }))
}

/// The primop called `name`.
pub fn primop(name: &str) -> Option<&'static PrimOp> {
    PRIMOPS.iter().find(|p| p.name == name)
}

fn builtins_set(ev: &mut Eval) -> Value {
    let mut pairs: Vec<(Str, Value)> = PRIMOPS
        .iter()
        .map(|p| (Str::from(p.name), primop_value(p)))
        .collect();
    let me = ev.lazy(|ev| {
        let g = global_index("builtins").expect("builtins is global") as usize;
        Ok(ev.global(g))
    });
    pairs.extend([
        ("builtins".into(), me),
        ("true".into(), Value::Bool(true)),
        ("false".into(), Value::Bool(false)),
        ("null".into(), Value::Null),
        ("currentSystem".into(), Value::string("x86_64-linux")),
        ("nixVersion".into(), Value::string("2.8.0")),
        ("langVersion".into(), Value::Int(6)),
        ("storeDir".into(), Value::string("/nix/store")),
        ("currentTime".into(), Value::Int(0)),
        ("nixPath".into(), Value::list(Vec::new())),
    ]);
    Value::attrs(Attrs::from_pairs(pairs))
}

/// The `pkgs` stand-in class modules receive: every `pkgs.<name>` (and
/// `pkgs.<set>.<name>`) is a derivation-like set named after its path.
pub fn pkgs_stand_in() -> Value {
    let a = Attrs::of([("system".into(), Value::string("x86_64-linux"))]);
    Value::attrs(a.open_with("".into()))
}

/// The stand-in package at `prefix.name`; itself open, for package sets.
pub fn stand_in_package(prefix: &str, name: &str) -> Value {
    let full = if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    };
    let Value::Attrs(base) = control::derivation_value(
        &full,
        &Attrs::of([
            ("pname".into(), Value::string(name)),
            ("version".into(), Value::string("0.0.0-playground")),
        ]),
    ) else {
        unreachable!("derivations are sets")
    };
    Value::attrs(base.open_with(full.into()))
}

/// A deterministic 32-character store-style hash of `data` (not a real
/// Nix store hash: the playground has no store).
pub fn fake_hash(data: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(data);
    const ALPHABET: &[u8] = b"0123456789abcdfghijklmnpqrsvwxyz";
    digest
        .iter()
        .take(32)
        .map(|b| ALPHABET[(*b as usize) % 32] as char)
        .collect()
}

// ----- argument helpers ------------------------------------------------

pub(crate) fn force_attrs(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<Attrs> {
    match ev.force(v)? {
        Value::Attrs(a) => Ok(a),
        other => Err(type_error(&other, "a set", what).boxed()),
    }
}

pub(crate) fn force_list(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<List> {
    match ev.force(v)? {
        Value::List(l) => Ok(l),
        other => Err(type_error(&other, "a list", what).boxed()),
    }
}

pub(crate) fn force_int(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<i64> {
    match ev.force(v)? {
        Value::Int(i) => Ok(i),
        other => Err(type_error(&other, "an integer", what).boxed()),
    }
}

/// A string argument that must be a real string (not a path or a set).
pub(crate) fn force_str(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<Str> {
    match ev.force(v)? {
        Value::String(s) => Ok(s),
        other => Err(type_error(&other, "a string", what).boxed()),
    }
}

pub(crate) fn force_fn(ev: &mut Eval, v: &Value, what: &str) -> EvalResult<Value> {
    let f = ev.force(v)?;
    match &f {
        Value::Lambda(_) | Value::PrimOp(_) | Value::Native(_) => Ok(f),
        Value::Attrs(a) if a.contains("__functor") => Ok(f),
        other => Err(type_error(other, "a function", what).boxed()),
    }
}

pub(crate) fn err<T>(kind: ErrorKind, msg: impl Into<String>) -> EvalResult<T> {
    Err(EvalError::new(kind, msg).boxed())
}
