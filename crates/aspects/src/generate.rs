//! Generated flakes of N aspects, for benchmarks and for trying the
//! playground on something large.
//!
//! Shape (issue "The engine", Speed): aspects in 4 layers; each defines 2–4
//! of 6 classes with a list, a scalar and a nested attribute set; each has
//! `_.direct = { class, ... }: …` and `_.curried = param: …`; each aspect
//! outside the last layer includes three aspects of the next layer:
//! plainly, through `_.direct`, and through `(_.curried "p<i>")`.

const CLASSES: [&str; 6] = ["nixos", "darwin", "homeManager", "nixvim", "c0", "c5"];
const LAYERS: usize = 4;

/// The text of one flake module defining `n` aspects.
pub fn generated_flake(n: usize) -> String {
    let per = (n / LAYERS).max(1);
    let mut out = String::from("{ lib, ... }:\n{\n  flake.aspects = { aspects, ... }: {\n");
    for i in 0..n {
        let layer = (i / per).min(LAYERS - 1);
        out.push_str(&format!("    a{i} = {{\n"));
        for k in 0..(2 + i % 3) {
            let c = CLASSES[(i + k) % CLASSES.len()];
            out.push_str(&format!("      {c}.list{} = [ \"v{i}\" ];\n", i % 5));
            out.push_str(&format!("      {c}.scalar{i} = {i};\n"));
            out.push_str(&format!("      {c}.nested.n{}.x{i} = true;\n", i % 7));
        }
        out.push_str(&format!(
            "      _.direct = {{ class, ... }}: {{ ${{class}}.fromDirect = [ \"a{i}\" ]; }};\n"
        ));
        out.push_str("      _.curried = param: { c0.fromCurried = [ param ]; };\n");
        if layer < LAYERS - 1 {
            let start = (layer + 1) * per;
            let end = ((layer + 2) * per).min(n);
            let next: Vec<usize> = if start < end {
                (start..end).collect()
            } else {
                vec![n - 1]
            };
            let pick = |k: usize| next[(i + k) % next.len()];
            out.push_str(&format!(
                "      includes = [ aspects.a{} aspects.a{}._.direct (aspects.a{}._.curried \"p{i}\") ];\n",
                pick(0),
                pick(1),
                pick(2)
            ));
        }
        out.push_str("    };\n");
    }
    out.push_str("  };\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_flakes_parse() {
        for n in [1, 8, 23] {
            let text = generated_flake(n);
            assert!(aspects_nix::parse_diagnostics(&text).is_empty(), "{text}");
            assert_eq!(text.matches("_.direct = ").count(), n);
        }
    }
}
