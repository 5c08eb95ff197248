//! One playground evaluation: a workspace text in, everything the views
//! show out. The web app's worker and the tests call [`run`]; the request
//! and response are serde values so they cross the worker boundary as JSON.

use crate::analysis::{Analysis, Diagnostic};
use crate::workspace::{self, Workspace};
use aspects_nix::eval::Limits;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// What the page asks the engine to evaluate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in the response so the page can drop stale answers.
    pub id: u64,
    /// The workspace text (`-- repo/path --` headers, or one bare file).
    pub workspace: String,
    /// The repo to evaluate; the workspace's last repo when absent.
    #[serde(default)]
    pub repo: Option<String>,
    /// Also compute the conformance JSON (the JSON view asks for it).
    #[serde(default)]
    pub conformance: bool,
    /// Evaluation steps allowed; [`DEFAULT_STEPS`] when absent.
    #[serde(default)]
    pub max_steps: Option<u64>,
}

/// The engine's answer to one [`Request`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    /// The evaluated repo (absent when the text has no files).
    pub repo: Option<String>,
    /// Every repo of the workspace, in order.
    pub repos: Vec<String>,
    /// The workspace text itself is malformed (headers, paths).
    pub text_error: Option<TextProblem>,
    pub analysis: Analysis,
    pub conformance: Option<Json>,
    /// Evaluation steps used (a size measure that does not depend on the
    /// machine).
    pub steps: u64,
}

/// A malformed workspace text, at a line of the whole text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TextProblem {
    pub line: usize,
    pub message: String,
}

/// Steps one evaluation may take: generous for real flakes (a generated
/// 1000-aspect flake needs far fewer), small enough that a runaway
/// recursion stops well within the page's 2-second budget.
pub const DEFAULT_STEPS: u64 = 40_000_000;

/// Heap one evaluation may use (wasm32 has at most 4 GiB in all).
pub const DEFAULT_MEMORY: usize = 768 << 20;

/// Evaluates a request. Never panics on any text: every problem becomes
/// a diagnostic, a `fatal` or a `text_error`.
pub fn run(req: &Request) -> Response {
    run_keeping_heap(req).0
}

/// What an evaluation leaves behind: the evaluators' heaps. Dropping it
/// frees them, which takes a fifth of an evaluation's time, so the worker
/// drops it after it has sent the response.
pub struct Heap(#[allow(dead_code)] Vec<aspects_nix::Eval>);

/// [`run`], handing back the heap to drop when convenient.
pub fn run_keeping_heap(req: &Request) -> (Response, Heap) {
    let mut heap = Heap(Vec::new());
    let mut response = Response {
        id: req.id,
        repo: None,
        repos: Vec::new(),
        text_error: None,
        analysis: Analysis::default(),
        conformance: None,
        steps: 0,
    };
    let ws = match Workspace::parse(&req.workspace) {
        Ok(ws) => ws,
        Err(e) => {
            response.text_error = Some(TextProblem {
                line: e.line,
                message: e.message.clone(),
            });
            response.analysis.fatal = Some(text_diagnostic(&e));
            return (response, heap);
        }
    };
    response.repos = ws.repos().iter().map(|r| r.to_string()).collect();
    let repo = match workspace::choose_repo(&ws, req.repo.as_deref()) {
        Ok(r) => r,
        Err(message) => {
            response.analysis.fatal = Some(Diagnostic::message("error", "unknown-repo", message));
            return (response, heap);
        }
    };
    let limits = Limits {
        max_steps: req.max_steps.unwrap_or(DEFAULT_STEPS),
        max_memory_bytes: DEFAULT_MEMORY,
        ..Limits::default()
    };
    let mut ev = workspace::new_eval(&ws);
    ev.limits = limits;
    response.analysis = workspace::analyse_repo(&mut ev, &ws, &repo);
    response.steps = ev.steps();
    heap.0.push(ev);
    if req.conformance {
        let mut ev = workspace::new_eval(&ws);
        ev.limits = limits;
        response.conformance = Some(workspace::conformance_repo(&mut ev, &ws, &repo));
        heap.0.push(ev);
    }
    response.repo = Some(repo);
    (response, heap)
}

fn text_diagnostic(e: &workspace::TextError) -> Diagnostic {
    let mut d = Diagnostic::message("error", "workspace-text", e.to_string());
    if e.line > 0 {
        d.line = Some(e.line as u32);
        d.column = Some(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> Request {
        Request {
            id: 7,
            workspace: text.to_string(),
            repo: None,
            conformance: false,
            max_steps: None,
        }
    }

    fn run_big(req: Request) -> Response {
        aspects_nix::on_big_stack(move || run(&req))
    }

    #[test]
    fn evaluates_a_single_file_and_round_trips_as_json() {
        let text = "{ flake.aspects.ssh.nixos.services.openssh.enable = true; }";
        let r = run_big(request(text));
        assert_eq!(r.id, 7);
        assert_eq!(r.repo.as_deref(), Some("main"));
        assert!(r.analysis.fatal.is_none(), "{:?}", r.analysis.fatal);
        assert_eq!(r.analysis.exported["nixos"], vec!["ssh".to_string()]);
        assert!(r.steps > 0);
        let json = serde_json::to_string(&r).unwrap();
        let back: Response = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.analysis.configs["nixos"]["ssh"],
            r.analysis.configs["nixos"]["ssh"]
        );
    }

    #[test]
    fn malformed_workspace_text_is_reported_with_its_line() {
        let r = run_big(request("-- main/a.nix --\n{}\n-- ../escape.nix --\n{}"));
        let problem = r.text_error.expect("a text error");
        assert_eq!(problem.line, 3);
        assert_eq!(r.analysis.fatal.unwrap().line, Some(3));
    }

    #[test]
    fn runaway_recursion_stops_at_the_step_limit() {
        let mut req = request(
            "{ flake.aspects.x.nixos.a = let f = n: if n < 0 then 0 else 1 + f (n + 1); in f 0; }",
        );
        req.max_steps = Some(200_000);
        let r = run_big(req);
        let kinds: Vec<_> = r
            .analysis
            .diagnostics
            .iter()
            .chain(r.analysis.fatal.iter())
            .map(|d| d.kind.clone())
            .collect();
        assert!(!kinds.is_empty(), "the runaway evaluation is reported");
        assert!(r.steps <= 400_000, "stopped near the limit: {}", r.steps);
    }

    /// Every diagnostic and the fatal error of `r`, as (kind, message).
    fn problems(r: &Response) -> Vec<(String, String)> {
        r.analysis
            .diagnostics
            .iter()
            .chain(r.analysis.fatal.iter())
            .map(|d| (d.kind.clone(), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_string_left_open_while_typing_is_a_syntax_error() {
        let r = run_big(request(
            r#"{ flake.aspects.a = { nixos.x = "a${ }"; "b${" = 1; }; }"#,
        ));
        let found = problems(&r);
        assert!(found.iter().any(|(k, _)| k == "syntax"), "{found:?}");
    }

    #[test]
    fn a_provider_including_itself_stops_as_an_include_cycle() {
        let r = run_big(request(
            r#"{ flake.aspects = { aspects, ... }: {
              outer._.layered = { class, ... }: {
                ${class}.layers = [ "x" ];
                includes = [ aspects.outer._.layered ];
              };
              consumer.includes = [ aspects.outer._.layered ];
              consumer.nixos.layers = [ "consumer" ];
            }; }"#,
        ));
        let found = problems(&r);
        assert!(
            found.iter().any(|(k, m)| k == "include-cycle"
                && m.contains("include path deeper than 64 aspects")
                && m.contains("consumer → <function body> → <function body>")),
            "{found:?}"
        );
    }

    #[test]
    fn a_functor_calling_itself_forever_is_a_stack_overflow() {
        // Engines call functions outside any top-level `eval`: the stack is
        // counted from where the evaluator was made.
        let r = run_big(request(
            "{ flake.aspects = { aspects, ... }: { __functor = self: self; a.nixos.x = 1; } null; }",
        ));
        let found = problems(&r);
        assert!(
            found.iter().any(|(k, _)| k == "stack-overflow"),
            "{found:?}"
        );
    }

    #[test]
    fn a_configuration_holding_its_own_arguments_stops_at_the_step_limit() {
        // Its merge is native thunks forcing each other, level after level
        // of `x.config.x...`, `x.options...`, `x.lib...`: they count as
        // steps, as evaluation does.
        let mut req = request("{ flake.aspects.base.nixos = args: { x = args; }; }");
        req.max_steps = Some(100_000);
        let r = run_big(req);
        let found = problems(&r);
        assert!(
            found.iter().any(|(k, _)| k == "non-terminating"),
            "{found:?}"
        );
        assert!(r.steps <= 200_000, "stopped near the limit: {}", r.steps);
    }

    #[test]
    fn unknown_repo_is_a_clear_error() {
        let mut req = request("-- a/x.nix --\n{}\n-- b/y.nix --\n{}");
        req.repo = Some("c".into());
        let r = run_big(req);
        assert_eq!(r.repos, vec!["a", "b"]);
        let fatal = r.analysis.fatal.unwrap();
        assert!(fatal.message.contains("no repo `c'"), "{}", fatal.message);
    }

    #[test]
    fn conformance_output_on_request() {
        let mut req = request("{ flake.aspects.ssh.nixos.x = 1; }");
        req.conformance = true;
        let r = run_big(req);
        let c = r.conformance.expect("conformance json");
        assert!(c.get("aspects").is_some(), "{c}");
    }
}
