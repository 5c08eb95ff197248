//! The generated texts: `flake.nix` and the README of an export.

use crate::{
    BASE_INPUTS, FLAKE_ASPECTS_URL, FLAKE_PARTS_URL, IMPORT_TREE_URL, NIXPKGS_URL, REPOS_DIR,
    SYSTEMS,
};
use aspects_engine::workspace::Workspace;
use std::fmt::Write;

/// The keys that flake-aspects' `flake.modules` carries besides the real
/// classes (SEMANTICS.md 1.9): the README's commands leave them out.
pub const NOT_CLASSES: [&str; 9] = [
    "_",
    "__functionArgs",
    "__functor",
    "description",
    "includes",
    "modules",
    "name",
    "provides",
    "resolve",
];

const KEYWORDS: [&str; 10] = [
    "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with",
];

/// `name` as a Nix attribute name: as it is when it is an identifier, else
/// quoted.
pub fn attr(name: &str) -> String {
    let mut chars = name.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&name);
    if ident {
        name.to_string()
    } else {
        string(name)
    }
}

/// A Nix string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
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
    out
}

/// Another repo as an input of a flake.
pub struct Dep {
    /// Its flake input name.
    pub input: String,
    pub url: String,
    /// Its own repo inputs (input names), made to follow the inputs of the
    /// same name of the flake (every one of them is an input there too).
    pub follows: Vec<String>,
}

/// The `flake.nix` of a repo. `aliases`: names the modules use for inputs
/// that are not flake inputs of that name, `(name, expression over
/// flakeInputs)`. `list_modules`: some file is a list of modules.
/// `root`: the exported repo (else one of the repos it uses, in
/// `repos/<name>/`).
pub fn flake_nix(
    repo: &str,
    deps: &[Dep],
    aliases: &[(String, String)],
    list_modules: bool,
    root: bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Repo `{repo}' of an Aspect Playground workspace, exported as a flake."
    );
    s.push_str(
        "# Its modules are every .nix file under ./modules (import-tree, which skips\n\
         # paths with a component starting with `_'), with flake-parts' flake.modules\n\
         # and flake-aspects' flake.aspects: the flake the playground evaluates.\n",
    );
    if root {
        s.push_str("# See README.md.\n");
    } else {
        s.push_str("# The flake at the top of the export uses it as an input.\n");
    }
    s.push_str("{\n");
    let _ = writeln!(
        s,
        "  description = {};",
        string(&format!(
            "{repo}: flake-aspects modules exported from Aspect Playground"
        ))
    );
    s.push_str("\n  inputs = {\n");
    let _ = writeln!(s, "    nixpkgs.url = {};", string(NIXPKGS_URL));
    let _ = writeln!(s, "    flake-parts.url = {};", string(FLAKE_PARTS_URL));
    s.push_str("    flake-parts.inputs.nixpkgs-lib.follows = \"nixpkgs\";\n");
    let _ = writeln!(s, "    flake-aspects.url = {};", string(FLAKE_ASPECTS_URL));
    let _ = writeln!(s, "    import-tree.url = {};", string(IMPORT_TREE_URL));
    if !deps.is_empty() {
        s.push_str(if root {
            "\n    # Repos of the workspace that the modules use (inputs.<name>), directly\n    # or through each other; each is a flake in ./repos.\n"
        } else {
            "\n    # Repos of the workspace that the modules use (inputs.<name>). The flake at\n    # the top of the export makes these follow its own inputs: a path outside\n    # this folder is not allowed, so this flake does not evaluate alone.\n"
        });
    }
    for d in deps {
        let _ = writeln!(s, "    {} = {{", attr(&d.input));
        let _ = writeln!(s, "      url = {};", string(&d.url));
        for b in BASE_INPUTS
            .iter()
            .copied()
            .chain(d.follows.iter().map(String::as_str))
        {
            let _ = writeln!(s, "      inputs.{}.follows = {};", attr(b), string(b));
        }
        s.push_str("    };\n");
    }
    s.push_str("  };\n\n  outputs =\n");
    if !aliases.is_empty() {
        s.push_str("    flakeInputs:\n    let\n");
        s.push_str("      # Names the modules use for inputs: repos whose names cannot be flake\n");
        s.push_str("      # input names, and the repo's own name (its own outputs in the\n");
        s.push_str("      # playground, like `self').\n");
        s.push_str("      inputs = flakeInputs // {\n");
        for (name, expr) in aliases {
            let _ = writeln!(s, "        {} = {expr};", attr(name));
        }
        s.push_str("      };\n    in\n");
    } else {
        s.push_str("    inputs:\n");
    }
    s.push_str("    inputs.flake-parts.lib.mkFlake { inherit inputs; } {\n");
    s.push_str("      # A default: a module may set the systems itself.\n");
    s.push_str("      systems = inputs.nixpkgs.lib.mkDefault [\n");
    for sys in SYSTEMS {
        let _ = writeln!(s, "        {}", string(sys));
    }
    s.push_str("      ];\n");
    s.push_str("      imports = [\n");
    s.push_str("        inputs.flake-parts.flakeModules.modules\n");
    s.push_str("        inputs.flake-aspects.flakeModule\n");
    if list_modules {
        s.push_str(LIST_MODULES);
    } else {
        s.push_str("        (inputs.import-tree ./modules)\n");
    }
    s.push_str("      ];\n");
    s.push_str("    };\n}\n");
    s
}

/// import-tree of ./modules where a file whose value is a list of modules
/// becomes a module importing each of them (as the playground loads it).
const LIST_MODULES: &str = r#"        # Some files are lists of modules: the playground loads such a file as
        # a module importing each of them, and so does this.
        ((inputs.import-tree.map (
          file:
          let
            value = import file;
          in
          if builtins.isList value then
            {
              _file = toString file;
              key = toString file;
              imports = inputs.nixpkgs.lib.imap1 (i: module: {
                _file = "${toString file}#${toString i}";
                imports = [ module ];
              }) value;
            }
          else
            file
        )) ./modules)
"#;

/// The `nix eval` command that lists the aspects of each class.
pub fn eval_command() -> String {
    let keys: Vec<String> = NOT_CLASSES.iter().map(|k| string(k)).collect();
    format!(
        "nix eval .#modules --json --apply 'm: builtins.mapAttrs (_: builtins.attrNames) (removeAttrs m [ {} ])'",
        keys.join(" ")
    )
}

/// The README of an export.
pub fn readme(
    ws: &Workspace,
    repo: &str,
    has_modules: bool,
    deps: &[(String, String)],
    name: &str,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# `{repo}`: a flake exported from Aspect Playground\n");
    let _ = writeln!(
        s,
        "This is repo `{repo}` of an Aspect Playground workspace as a real flake. It is\n\
         the flake the playground evaluates: `flake-parts.lib.mkFlake` with\n\
         flake-parts' `flakeModules.modules` (the `flake.modules` option),\n\
         flake-aspects' `flakeModule` (`flake.aspects`, transposed into\n\
         `flake.modules.<class>.<aspect>`) and `import-tree ./modules` (every `.nix`\n\
         file under `modules/`, except paths with a component starting with `_`).\n\
         Real Nix evaluates it to the same `flake.modules` as the playground shows.\n"
    );
    s.push_str("## Files\n\n");
    s.push_str("- `flake.nix`: inputs `nixpkgs`, `flake-parts`, `flake-aspects`, `import-tree`");
    if deps.is_empty() {
        s.push_str(".\n");
    } else {
        let list: Vec<String> = deps.iter().map(|(d, _)| format!("`{d}`")).collect();
        let _ = writeln!(
            s,
            ", and the workspace's repos that the modules use: {}.",
            list.join(", ")
        );
    }
    let _ = writeln!(s, "- `{name}`: this file.");
    if has_modules {
        s.push_str("- `modules/`: the repo's modules (its other files keep their paths too).\n");
    } else {
        let _ = writeln!(
            s,
            "- `modules/`: the repo's files. It has no `modules/` folder, so the playground\n  \
             loads all of its `.nix` files; here they are under `modules/`."
        );
    }
    for (d, input) in deps {
        let _ = writeln!(
            s,
            "- `{REPOS_DIR}/{d}/`: repo `{d}`, a flake of the same shape: the input `{input}`\n  \
             (`path:./{REPOS_DIR}/{d}`) of `flake.nix`; the modules use it as `inputs.{}`.",
            attr(d)
        );
    }
    let files = ws.repo_files(repo).count();
    let _ = writeln!(
        s,
        "\nThe repo has {files} file{}. There is no `flake.lock`: the first evaluation\n\
         writes one, with the newest revisions of the inputs.\n",
        if files == 1 { "" } else { "s" }
    );
    s.push_str("## Evaluating it\n\n");
    s.push_str(
        "With Nix 2.14 or later (import-tree uses `builtins.readFileType`), flakes\n\
         enabled (`--extra-experimental-features 'nix-command flakes'` otherwise) and\n\
         network access to GitHub, in this folder:\n\n```sh\n",
    );
    s.push_str("# The aspects of each class, as the playground lists them:\n");
    let _ = writeln!(s, "{}", eval_command());
    s.push_str("# One class:\nnix eval .#modules.nixos --apply builtins.attrNames\n");
    s.push_str("# The aspects (flake.aspects):\nnix eval .#aspects --apply builtins.attrNames\n");
    s.push_str("```\n\n");
    s.push_str(
        "`flake.modules` also has keys that are not classes (`_`, `__functor`,\n\
         `description`, `includes`, `modules`, `name`, `provides`, `resolve`, and\n\
         `__functionArgs` when an aspect is a provider function): flake-aspects puts\n\
         them there. The first command leaves them out.\n\n",
    );
    s.push_str(
        "To use an aspect in a NixOS configuration, add this flake as an input and\n\
         import `inputs.<this flake>.modules.nixos.<aspect>` (likewise\n\
         `homeManager`, `darwin`, ... for the other classes).\n\n",
    );
    s.push_str("Notes:\n\n");
    s.push_str(
        "- In a git repository, `git add` the files first: a flake in git sees only\n  \
         tracked files.\n",
    );
    s.push_str(
        "- Without network, point inputs at local checkouts:\n  \
         `--override-input flake-aspects path:/src/flake-aspects` (likewise\n  \
         `nixpkgs`, `flake-parts`, `import-tree`).\n",
    );
    if !deps.is_empty() {
        s.push_str(
            "- The flakes under `repos/` are inputs of this one. One that uses other repos\n  \
             gets them from this flake (`follows`): Nix allows no `path:` input outside a\n  \
             flake's folder, so such a flake does not evaluate on its own.\n",
        );
        s.push_str(
            "- Nix locks the `path:` inputs with a hash of their files: after editing a\n  \
             file under `repos/`, update that input (`nix flake update NAME`, or\n  \
             `nix flake lock --update-input NAME` with older Nix).\n",
        );
    }
    s.push_str(
        "- The playground's semantics were recorded against vic/flake-aspects\n  \
         56fa8d4; a later flake-aspects may differ.\n",
    );
    s.push_str(
        "- `inputs.dendrix` (the playground's index of its own repos and layers) has no\n  \
         real counterpart, so repos that use it are not exported.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::{attr, string};

    #[test]
    fn attribute_names_are_quoted_when_needed() {
        assert_eq!(attr("main"), "main");
        assert_eq!(attr("repo-one"), "repo-one");
        assert_eq!(attr("a_b'c"), "a_b'c");
        assert_eq!(attr("my.repo"), "\"my.repo\"");
        assert_eq!(attr("1repo"), "\"1repo\"");
        assert_eq!(attr("-x"), "\"-x\"");
        assert_eq!(attr("with"), "\"with\"");
        assert_eq!(attr(""), "\"\"");
    }

    #[test]
    fn strings_escape_what_nix_reads() {
        assert_eq!(string(r#"a"b\c${d}$e"#), r#""a\"b\\c\${d}$e""#);
        assert_eq!(string("x\ny"), r#""x\ny""#);
    }
}
