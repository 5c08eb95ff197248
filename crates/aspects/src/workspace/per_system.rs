//! `perSystem`, evaluated for one system (`x86_64-linux`) with the `pkgs`
//! stand-in, so that `packages.*` (and apps, checks, devShells, …) show.

use crate::analysis::Diagnostic;
use crate::flake::Flake;
use aspects_modules::{eval_modules, Def, EvalArgs};
use aspects_nix::value::{Attrs, NativeFn, Value};
use aspects_nix::{Eval, EvalResult};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

/// The one system perSystem is evaluated for.
pub const SYSTEM: &str = "x86_64-linux";

/// Our perSystem options and flake module, in Nix.
pub const PER_SYSTEM_SOURCE: &str = include_str!("per-system.nix");
const PER_SYSTEM_PATH: &str = "/«workspace»/per-system.nix";

/// The prelude (`{ options, flakeModule }`), whose `evalPerSystem` passes
/// `extra` (an attribute set: `inputs'`, `self'`, …) to perSystem modules.
pub fn prelude(ev: &mut Eval, lib: &Value, extra: Value) -> EvalResult<Value> {
    let lib2 = lib.clone();
    let eval_fn = NativeFn::value("evalPerSystem", 1, None, move |ev, args, _span| {
        let lib = lib2.clone();
        evaluate(ev, &lib, args[0].clone(), extra.clone())
    });
    let f = ev.eval_source(PER_SYSTEM_PATH, PER_SYSTEM_SOURCE)?;
    let arg = Value::attrs(Attrs::of([
        ("lib".into(), lib.clone()),
        ("evalPerSystem".into(), eval_fn),
    ]));
    ev.call(f, arg, Default::default())
}

/// The perSystem configuration of `module` (the merged `perSystem`).
pub fn evaluate(ev: &mut Eval, lib: &Value, module: Value, extra: Value) -> EvalResult<Value> {
    let p = prelude_options(ev, lib)?;
    let mut special = vec![
        ("pkgs".into(), aspects_nix::builtins::pkgs_stand_in()),
        ("system".into(), Value::string(SYSTEM)),
    ];
    if let Value::Attrs(x) = ev.force(&extra)? {
        special.extend(x.iter().map(|a| (a.name.clone(), a.value.clone())));
    }
    let evaluated = eval_modules(
        ev,
        lib,
        EvalArgs {
            modules: vec![
                Def {
                    value: p,
                    file: PER_SYSTEM_PATH.into(),
                },
                Def {
                    value: module,
                    file: "perSystem".into(),
                },
            ],
            special_args: Some(Value::attrs(Attrs::from_pairs(special))),
            prefix: vec!["perSystem".into(), SYSTEM.into()],
            ..Default::default()
        },
    )?;
    ev.force(&evaluated.config)
}

fn prelude_options(ev: &mut Eval, lib: &Value) -> EvalResult<Value> {
    let p = prelude(ev, lib, Value::attrs(Attrs::empty()))?;
    crate::conformance::get(ev, &p, "options")
}

/// What the Analysis shows of a package.
pub fn package_json(ev: &mut Eval, v: &Value) -> EvalResult<Json> {
    let v = ev.force(v)?;
    let Value::Attrs(a) = &v else {
        return Ok(json!({ "type": v.describe() }));
    };
    let mut out = serde_json::Map::new();
    for key in ["type", "name", "pname", "version", "system"] {
        if let Some(x) = a.get(key).cloned() {
            if let Value::String(s) = ev.force(&x)? {
                out.insert(key.into(), json!(s.to_string()));
            }
        }
    }
    if !out.contains_key("type") {
        out.insert("type".into(), json!("set"));
    }
    Ok(Json::Object(out))
}

/// `perSystem` packages for the Analysis: `flake.packages.x86_64-linux`
/// when the flake publishes it (workspaces do), else the flake's
/// `perSystem` evaluated here.
pub fn packages(
    ev: &mut Eval,
    flake: &Flake,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Json> {
    let mut out = BTreeMap::new();
    let found = (|| -> EvalResult<Option<Value>> {
        let f = crate::conformance::get(ev, &flake.config, "flake")?;
        let Value::Attrs(f) = ev.force(&f)? else {
            return Ok(None);
        };
        if let Some(p) = f.get("packages").cloned() {
            if let Value::Attrs(p) = ev.force(&p)? {
                if let Some(s) = p.get(SYSTEM).cloned() {
                    return Ok(Some(s));
                }
            }
        }
        let ps = crate::conformance::get(ev, &flake.config, "perSystem")?;
        let config = evaluate(ev, &flake.lib, ps, Value::attrs(Attrs::empty()))?;
        Ok(Some(crate::conformance::get(ev, &config, "packages")?))
    })();
    let packages = match found {
        Ok(Some(p)) => p,
        Ok(None) => return out,
        Err(e) => {
            diags.push(per_system_error(ev, &e));
            return out;
        }
    };
    let packages = match ev.force(&packages) {
        Ok(Value::Attrs(a)) => a,
        Ok(_) => return out,
        Err(e) => {
            diags.push(per_system_error(ev, &e));
            return out;
        }
    };
    for p in packages.iter() {
        let j = package_json(ev, &p.value).unwrap_or_else(|e| {
            diags.push(per_system_error(ev, &e));
            crate::conformance::error_json(&e)
        });
        out.insert(p.name.to_string(), j);
    }
    out
}

fn per_system_error(ev: &Eval, e: &aspects_nix::EvalError) -> Diagnostic {
    let mut d = Diagnostic::from_error(ev, e, None, None);
    d.kind = format!("perSystem-{}", d.kind);
    d
}
