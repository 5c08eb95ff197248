//! Evaluating a flake: the user's modules with flake-parts' `flake`,
//! `flake.modules` and `perSystem`, and flake-aspects' flake module.

use aspects_modules::{eval_modules, Def, EvalArgs};
use aspects_nix::value::{Attrs, NativeFn, Value};
use aspects_nix::Str;
use aspects_nix::{ErrorKind, Eval, EvalError, EvalResult};

/// Our flake-aspects, in Nix.
pub const FLAKE_ASPECTS_SOURCE: &str = include_str!("prelude/flake-aspects.nix");
/// Our flake-parts subset, in Nix.
pub const FLAKE_PARTS_SOURCE: &str = include_str!("prelude/flake-parts-lite.nix");

/// An evaluated flake.
#[derive(Clone)]
pub struct Flake {
    /// The module system's `config` (the flake's top level).
    pub config: Value,
    /// The full `lib` modules saw.
    pub lib: Value,
    /// flake-aspects (the prelude's attribute set).
    pub flake_aspects: Value,
    /// Every module given as a path, duplicates included (workspaces
    /// report files imported twice).
    pub path_imports: Vec<aspects_modules::eval::PathImport>,
}

/// What a flake sees beyond its modules (workspaces: other repos).
#[derive(Clone, Default)]
pub struct FlakeArgs {
    /// Extra `inputs.<name>` (added to `flake-aspects`; same names replace).
    pub inputs: Vec<(Str, Value)>,
    /// The `self` module argument (default `{ }`).
    pub self_value: Option<Value>,
}

fn eval_prelude(ev: &mut Eval, path: &str, source: &str, arg: Value) -> EvalResult<Value> {
    let f = ev.eval_source(path, source)?;
    ev.call(f, arg, Default::default())
}

/// `v.name`, forced (an error if `v` is not a set or has no `name`).
pub(crate) fn attr(ev: &mut Eval, v: &Value, name: &str) -> EvalResult<Value> {
    match ev.force(v)? {
        Value::Attrs(a) => match a.get(name).cloned() {
            Some(x) => ev.force(&x),
            None => Err(EvalError::new(
                ErrorKind::MissingAttribute,
                format!("attribute '{name}' missing"),
            )
            .boxed()),
        },
        other => Err(aspects_nix::eval::type_error(&other, "a set", "").boxed()),
    }
}

/// The Rust helpers the Nix prelude calls.
fn native_helpers() -> Value {
    let resolve_top = NativeFn::value("resolveTop", 3, None, crate::resolve::resolve_top);
    let transpose = NativeFn::value("transpose", 2, None, crate::transpose::transpose);
    let wrap_functor = NativeFn::value("wrapFunctor", 1, None, crate::functor::wrap_functor);
    let resolve_emit = NativeFn::value("resolveEmit", 2, None, crate::transpose::resolve_emit);
    let helpers = [
        ("resolveEmit", resolve_emit),
        ("resolveTop", resolve_top),
        ("transpose", transpose),
        ("wrapFunctor", wrap_functor),
    ]
    .into_iter()
    .chain(crate::classify::predicates())
    .map(|(name, value)| (name.into(), value));
    Value::attrs(Attrs::from_pairs(helpers))
}

/// Evaluates one flake made of `modules` (each a path or a module value
/// with the file it is reported under).
pub fn evaluate_flake(ev: &mut Eval, modules: Vec<Def>, location: &str) -> EvalResult<Flake> {
    evaluate_flake_with(ev, modules, location, &FlakeArgs::default())
}

/// [`evaluate_flake`] with extra inputs and `self`.
pub fn evaluate_flake_with(
    ev: &mut Eval,
    modules: Vec<Def>,
    location: &str,
    extra: &FlakeArgs,
) -> EvalResult<Flake> {
    let lib = aspects_modules::full_lib(ev)?;
    let fa_arg = Value::attrs(Attrs::of([
        ("lib".into(), lib.clone()),
        ("native".into(), native_helpers()),
    ]));
    let fa = eval_prelude(
        ev,
        "/«flake-aspects»/default.nix",
        FLAKE_ASPECTS_SOURCE,
        fa_arg,
    )?;
    // Aspects typed again skip the submodule evaluation (retype.rs).
    let retype_parts = attr(ev, &fa, "retypeParts")?;
    crate::retype::register(ev, &retype_parts)?;
    let fp_arg = Value::attrs(Attrs::of([("lib".into(), lib.clone())]));
    let fp = eval_prelude(ev, "/«flake-parts»/default.nix", FLAKE_PARTS_SOURCE, fp_arg)?;

    let fa_lib = attr(ev, &fa, "lib")?;
    let mut inputs = vec![(
        Str::from("flake-aspects"),
        Value::attrs(Attrs::of([
            ("lib".into(), fa_lib),
            ("flakeModule".into(), attr(ev, &fa, "flakeModule")?),
        ])),
    )];
    inputs.retain(|(n, _)| !extra.inputs.iter().any(|(m, _)| m == n));
    inputs.extend(extra.inputs.iter().cloned());
    let inputs = Value::attrs(Attrs::from_pairs(inputs));
    let self_value = extra
        .self_value
        .clone()
        .unwrap_or_else(|| Value::attrs(Attrs::empty()));
    let special = Value::attrs(Attrs::of([
        ("inputs".into(), inputs),
        ("self".into(), self_value),
        ("moduleLocation".into(), Value::string(location)),
        ("pkgs".into(), aspects_nix::builtins::pkgs_stand_in()),
    ]));

    let mut all = vec![
        Def {
            value: attr(ev, &fp, "flake")?,
            file: "/«flake-parts»/flake.nix".into(),
        },
        Def {
            value: attr(ev, &fp, "modules")?,
            file: "/«flake-parts»/modules.nix".into(),
        },
        Def {
            value: attr(ev, &fa, "flakeModule")?,
            file: "/«flake-aspects»/flakeModule.nix".into(),
        },
    ];
    all.extend(modules);
    let evaluated = eval_modules(
        ev,
        &lib,
        EvalArgs {
            modules: all,
            special_args: Some(special),
            ..Default::default()
        },
    )?;
    Ok(Flake {
        config: evaluated.config,
        lib,
        flake_aspects: fa,
        path_imports: evaluated.path_imports,
    })
}
