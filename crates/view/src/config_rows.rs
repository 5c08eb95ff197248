//! The config view's rows: an evaluated configuration flattened into an
//! indented list, each value with the definitions behind it.

use aspects_engine::analysis::{Provenance, Source};
use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub path: Vec<String>,
    /// Nesting depth (0 for top-level options).
    pub depth: usize,
    /// The last path component, quoted as Nix would need it.
    pub key: String,
    /// The value in Nix syntax for leaves; `None` for attribute sets
    /// whose children follow.
    pub value: Option<String>,
    /// The definitions behind a leaf.
    pub sources: Vec<Source>,
    /// This value failed to evaluate.
    pub error: Option<String>,
}

/// Rows in attribute order (depth first).
pub fn rows(config: &Json, provenance: &[Provenance]) -> Vec<Row> {
    let mut out = Vec::new();
    walk(config, &mut Vec::new(), provenance, &mut out);
    out
}

fn walk(j: &Json, path: &mut Vec<String>, prov: &[Provenance], out: &mut Vec<Row>) {
    let Json::Object(m) = j else { return };
    for (k, v) in m {
        path.push(k.clone());
        let error = v.get("$error").and_then(Json::as_str).map(str::to_string);
        let branch =
            matches!(v, Json::Object(c) if !c.is_empty() && error.is_none() && !is_derivation(v));
        out.push(Row {
            path: path.clone(),
            depth: path.len() - 1,
            key: nix_key(k),
            value: (!branch && error.is_none()).then(|| nix_value(v, 0)),
            sources: if branch {
                Vec::new()
            } else {
                sources_of(prov, path)
            },
            error,
        });
        if branch {
            walk(v, path, prov, out);
        }
        path.pop();
    }
}

fn sources_of(prov: &[Provenance], path: &[String]) -> Vec<Source> {
    prov.iter()
        .find(|p| p.path == path)
        .map(|p| p.sources.clone())
        .unwrap_or_default()
}

fn is_derivation(j: &Json) -> bool {
    j.get("type").and_then(Json::as_str) == Some("derivation")
}

/// An attribute name as Nix prints it (quoted unless an identifier).
pub fn nix_key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''));
    if ident {
        k.to_string()
    } else {
        serde_json::to_string(k).unwrap_or_else(|_| k.to_string())
    }
}

/// A value in Nix syntax, abbreviated: derivations print as
/// `«derivation name»`, long lists and sets are cut.
pub fn nix_value(j: &Json, depth: usize) -> String {
    const MAX_ITEMS: usize = 8;
    match j {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Json::Array(items) if items.is_empty() => "[ ]".into(),
        Json::Array(items) => {
            let mut parts: Vec<String> = items
                .iter()
                .take(MAX_ITEMS)
                .map(|i| nix_value(i, depth + 1))
                .collect();
            if items.len() > MAX_ITEMS {
                parts.push(format!("… {} more", items.len() - MAX_ITEMS));
            }
            format!("[ {} ]", parts.join(" "))
        }
        Json::Object(_) if is_derivation(j) => {
            let name = j.get("name").and_then(Json::as_str).unwrap_or("?");
            format!("«derivation {name}»")
        }
        Json::Object(m) if m.contains_key("$error") => "«error»".into(),
        Json::Object(m) if m.is_empty() => "{ }".into(),
        Json::Object(_) if depth > 2 => "{ … }".into(),
        Json::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .take(MAX_ITEMS)
                .map(|(k, v)| format!("{} = {};", nix_key(k), nix_value(v, depth + 1)))
                .collect();
            let more = if m.len() > MAX_ITEMS { " …" } else { "" };
            format!("{{ {}{more} }}", parts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_with_sources_on_leaves() {
        let config = json!({
            "services": { "openssh": { "enable": true, "ports": [22, 2222] } },
            "environment": { "systemPackages": [ { "type": "derivation", "name": "vim" } ] },
            "broken": { "$error": "boom", "$errorKind": "throw" },
            "x.y": "s"
        });
        let prov = vec![Provenance {
            path: vec!["services".into(), "openssh".into(), "enable".into()],
            sources: vec![Source {
                aspect: Some("ssh".into()),
                file: "/repos/main/modules/main.nix".into(),
                via: Some("flake.aspects.ssh.nixos".into()),
            }],
        }];
        let r = rows(&config, &prov);
        let shown: Vec<(usize, &str, Option<&str>)> = r
            .iter()
            .map(|r| (r.depth, r.key.as_str(), r.value.as_deref()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (0, "broken", None),
                (0, "environment", None),
                (1, "systemPackages", Some("[ «derivation vim» ]")),
                (0, "services", None),
                (1, "openssh", None),
                (2, "enable", Some("true")),
                (2, "ports", Some("[ 22 2222 ]")),
                (0, "\"x.y\"", Some("\"s\"")),
            ]
        );
        assert_eq!(r[0].error.as_deref(), Some("boom"));
        assert_eq!(r[5].sources[0].aspect.as_deref(), Some("ssh"));
        assert!(r[6].sources.is_empty());
    }

    #[test]
    fn long_values_are_cut() {
        let v = json!((0..20).collect::<Vec<_>>());
        assert_eq!(nix_value(&v, 0), "[ 0 1 2 3 4 5 6 7 … 12 more ]");
        assert_eq!(nix_value(&json!({}), 0), "{ }");
        assert_eq!(nix_value(&json!({"a": {"b": 1}}), 0), "{ a = { b = 1; }; }");
    }
}
