//! The conformance output computed by several evaluators at once (native
//! builds only: the browser's engine runs in one worker).
//!
//! An evaluator is single-threaded (its values are `Rc`s), so each thread
//! builds its own from the same sources, evaluates the flake, and reads
//! the same [`Plan`]. The plan's units (aspect names: an aspect's section
//! and its `flake.modules` entries, which share their include trees) are
//! put in an order where each comes near the units it includes
//! (`unit_order.rs`), and each thread takes them one at a time from its
//! own stretch of that order, then from the end of the longest stretch
//! left: a thread that met cheap units takes more, and each shares little
//! of its typed aspects with the others. Each unit's output is a pure
//! function of the flake, so which thread computes it does not change it;
//! the first error is chosen by its place in the output, as one evaluator
//! would.
//!
//! One thing is not a function of the flake: the resource limits (steps,
//! memory) are counted per evaluator. If a thread runs out of them, the
//! output is computed again by one evaluator, so that it is exactly what
//! the single-threaded path gives.

use crate::conformance::{alone_output, whole_error, Document, Part, Plan};
use crate::flake::evaluate_flake;
use crate::unit_order::unit_order;
use aspects_modules::Def;
use aspects_nix::Eval;
use serde_json::Value as Json;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// How many evaluators may work on one output.
#[derive(Clone, Copy, Debug)]
pub struct Parallelism {
    /// Threads in all (the calling thread included); 1 evaluates alone.
    pub threads: usize,
    /// Fewer units than this are not worth another evaluator (each one
    /// evaluates the flake again before it can help).
    pub min_units: usize,
}

impl Parallelism {
    /// One thread per core (at most 4), for flakes of 32 aspects or more.
    pub fn of_machine() -> Parallelism {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Parallelism {
            threads: cores.clamp(1, 4),
            min_units: 32,
        }
    }
}

/// The conformance output of the flake `setup` makes (an evaluator and the
/// flake's modules; called once per thread), computed by up to
/// `parallelism.threads` evaluators; and the evaluator the caller's thread
/// used, whose heap is the caller's to free (or not, before exiting).
///
/// The helpers start at once: evaluating the flake is a fifth of the
/// work, and the number of units is only known after it.
pub fn conformance_parallel<F>(setup: F, location: &str, parallelism: Parallelism) -> (Json, Eval)
where
    F: Fn() -> (Eval, Vec<Def>) + Send + Sync + 'static,
{
    let form = Form {
        text: false,
        aspects: true,
    };
    let (document, ev) = shared_output(setup, location, parallelism, form);
    (document.into_json(), ev)
}

/// The conformance output without its aspects section (its `modules`,
/// `flakeModulesKeys` and error fields), as [`conformance_parallel`]
/// computes the whole: every `flake.modules` entry evaluated, what the
/// engine benchmark's `modules` groups measure.
pub fn modules_parallel<F>(setup: F, location: &str, parallelism: Parallelism) -> (Json, Eval)
where
    F: Fn() -> (Eval, Vec<Def>) + Send + Sync + 'static,
{
    let form = Form {
        text: false,
        aspects: false,
    };
    let (document, ev) = shared_output(setup, location, parallelism, form);
    (document.into_json(), ev)
}

/// [`conformance_parallel`], each entry written as JSON text by the thread
/// that computed it (what a program printing the output needs: the tree of
/// the whole output is never made).
pub fn conformance_document<F>(
    setup: F,
    location: &str,
    parallelism: Parallelism,
) -> (Document, Eval)
where
    F: Fn() -> (Eval, Vec<Def>) + Send + Sync + 'static,
{
    let form = Form {
        text: true,
        aspects: true,
    };
    shared_output(setup, location, parallelism, form)
}

/// What an output holds and how its entries are kept.
#[derive(Clone, Copy)]
struct Form {
    /// Entries kept as JSON text (see [`Document`]).
    text: bool,
    /// With the aspects section.
    aspects: bool,
}

fn shared_output<F>(
    setup: F,
    location: &str,
    parallelism: Parallelism,
    form: Form,
) -> (Document, Eval)
where
    F: Fn() -> (Eval, Vec<Def>) + Send + Sync + 'static,
{
    let helpers = parallelism.threads.saturating_sub(1);
    let shared = Arc::new(Shared {
        setup,
        location: location.to_string(),
        min_units: parallelism.min_units.max(2),
        form,
        threads: parallelism.threads.max(1),
        joined: AtomicUsize::new(1),
        stretches: Mutex::new(Vec::new()),
        exhausted: AtomicBool::new(false),
    });
    let (send, parts) = mpsc::channel();
    for _ in 0..helpers {
        let (shared, send) = (shared.clone(), send.clone());
        // A helper frees its evaluator after it has sent its part, while
        // the output is assembled.
        let sent = run_on_helper(Box::new(move || {
            let (ev, part) = shared.help();
            let _ = send.send(part);
            // The output waits for every sender to be gone, not for this
            // evaluator to be freed.
            drop(send);
            drop(ev);
        }));
        if !sent {
            break;
        }
    }
    drop(send);
    let (mut ev, modules) = (shared.setup)();
    let flake = match evaluate_flake(&mut ev, modules, location) {
        Ok(f) => f,
        Err(e) => return (Document::whole(whole_error(&ev, &e)), ev),
    };
    aspects_nix::syntax::forget_parses();
    let plan = match Plan::of(&mut ev, &flake, form.aspects) {
        Ok(p) => p,
        Err(e) => return (Document::whole(whole_error(&ev, &e)), ev),
    };
    let units = plan.units.len();
    if units < shared.min_units {
        // The helpers leave these units alone.
        return (plan.alone(&mut ev, &flake, form.text), ev);
    }
    let (order, fingerprint) = ordered(&ev, &plan);
    let mut all = vec![plan.work(&mut ev, &flake, form.text, |ev| {
        shared.take(ev, 0, units).map(|at| order[at])
    })];
    // A helper that panicked sends nothing: its units are missing then.
    for (print, part) in parts.iter().flatten() {
        if print != fingerprint {
            all.clear();
            break;
        }
        all.push(part);
    }
    let done: usize = all.iter().map(Part::units_done).sum();
    if shared.exhausted.load(Ordering::Relaxed) || done != units {
        drop(ev);
        let (mut ev, modules) = (shared.setup)();
        let flake = evaluate_flake(&mut ev, modules, location);
        let out = alone_output(&mut ev, flake, form.aspects, form.text);
        return (out, ev);
    }
    (plan.assemble(&ev, all), ev)
}

/// What the evaluators of one output share.
struct Shared<F> {
    setup: F,
    location: String,
    /// Fewer units are computed by the first evaluator alone.
    min_units: usize,
    /// What the output holds.
    form: Form,
    /// Evaluators in all (the caller's is number 0).
    threads: usize,
    /// The number the next helper to start takes.
    joined: AtomicUsize,
    /// The positions (in the units' order) each evaluator has left to
    /// take, by its number; made by the first to take one.
    stretches: Mutex<Vec<Range<usize>>>,
    /// An evaluator ran out of its limits: no more units are handed out
    /// (the output is made again by one evaluator).
    exhausted: AtomicBool,
}

impl<F: Fn() -> (Eval, Vec<Def>)> Shared<F> {
    /// A position in the units' order (below `units`) for evaluator
    /// number `me` to compute, if any is left: the next of its own
    /// stretch, or else the last of the longest stretch left.
    fn take(&self, ev: &Eval, me: usize, units: usize) -> Option<usize> {
        if ev.limits_exhausted() {
            self.exhausted.store(true, Ordering::Relaxed);
        }
        if self.exhausted.load(Ordering::Relaxed) {
            return None;
        }
        let mut stretches = self.stretches.lock().ok()?;
        if stretches.is_empty() {
            *stretches = stretches_of(units, self.threads);
        }
        next_position(&mut stretches, me)
    }

    /// A helper's evaluator (for the caller to free), and the units it
    /// computed with the fingerprint of its plan, if it took any.
    fn help(&self) -> (Eval, Option<(u64, Part)>) {
        let (mut ev, modules) = (self.setup)();
        let Ok(flake) = evaluate_flake(&mut ev, modules, &self.location) else {
            return (ev, None);
        };
        aspects_nix::syntax::forget_parses();
        let part = match Plan::of(&mut ev, &flake, self.form.aspects) {
            Ok(plan) if plan.units.len() >= self.min_units => {
                let units = plan.units.len();
                let (order, fingerprint) = ordered(&ev, &plan);
                let me = self.joined.fetch_add(1, Ordering::Relaxed);
                let part = plan.work(&mut ev, &flake, self.form.text, |ev| {
                    self.take(ev, me, units).map(|at| order[at])
                });
                Some((fingerprint, part))
            }
            _ => None,
        };
        (ev, part)
    }
}

/// The next position for evaluator number `me`: the first left in its
/// own stretch, or else the last of the longest stretch left.
fn next_position(stretches: &mut [Range<usize>], me: usize) -> Option<usize> {
    if let Some(own) = stretches.get_mut(me).filter(|s| s.start < s.end) {
        own.start += 1;
        return Some(own.start - 1);
    }
    let longest = stretches.iter_mut().max_by_key(|s| s.len())?;
    (longest.start < longest.end).then(|| {
        longest.end -= 1;
        longest.end
    })
}

/// `units` positions in `threads` stretches of (nearly) equal length.
fn stretches_of(units: usize, threads: usize) -> Vec<Range<usize>> {
    (0..threads)
        .map(|t| units * t / threads..units * (t + 1) / threads)
        .collect()
}

/// The order an evaluator takes `plan`'s units in (guessed from the
/// outlines of the sources `ev` parsed), and the fingerprint that order
/// and the units have.
fn ordered(ev: &Eval, plan: &Plan) -> (Vec<usize>, u64) {
    let outlines = ev.parsed_files().iter().map(|f| &*f.outline);
    let order = unit_order(outlines, &plan.units);
    let print = fingerprint(plan, &order);
    (order, print)
}

/// A hash of the plan's units and their order (the same sources make the
/// same plan, but a position is only shared if both evaluators mean the
/// same unit by it).
fn fingerprint(plan: &Plan, order: &[usize]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for n in &plan.units {
        n.as_str().hash(&mut h);
    }
    order.hash(&mut h);
    h.finish()
}

/// A job for a helper thread.
type Job = Box<dyn FnOnce() + Send>;

/// The helper threads, kept between outputs: each keeps what its thread
/// caches (the parsed sources and preludes, its allocator's pages), as
/// the caller's own thread does.
static HELPERS: Mutex<Vec<mpsc::Sender<Job>>> = Mutex::new(Vec::new());

/// Runs `job` on an idle helper thread (a new one if none is idle);
/// false if no thread could be started.
fn run_on_helper(job: Job) -> bool {
    let idle = HELPERS.lock().ok().and_then(|mut h| h.pop());
    let job = match idle {
        Some(helper) => match helper.send(job) {
            Ok(()) => return true,
            // That helper has ended (a job of it panicked).
            Err(mpsc::SendError(job)) => job,
        },
        None => job,
    };
    let (send, jobs) = mpsc::channel::<Job>();
    let back = send.clone();
    let started = std::thread::Builder::new()
        .name("evaluation helper".into())
        .stack_size(aspects_nix::eval::NATIVE_STACK_SIZE)
        .spawn(move || {
            for job in jobs.iter() {
                job();
                // Idle again (its evaluator freed): ready for another.
                if let Ok(mut h) = HELPERS.lock() {
                    h.push(back.clone());
                }
            }
        });
    started.is_ok() && send.send(job).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::conformance;
    use crate::generate::generated_flake;
    use aspects_nix::files::MemoryFs;
    use aspects_nix::value::Value;

    /// A setup for the flake `text`, with at most `max_steps` steps per
    /// evaluator.
    fn setup_of(text: String, max_steps: u64) -> impl Fn() -> (Eval, Vec<Def>) + Send + Sync {
        move || {
            let mut fs = MemoryFs::new();
            fs.insert("/t/flake.nix", &text);
            let mut ev = Eval::new(Box::new(fs));
            ev.limits.max_steps = max_steps;
            let modules = vec![Def {
                value: Value::Path("/t/flake.nix".into()),
                file: "/t/flake.nix".into(),
            }];
            (ev, modules)
        }
    }

    /// The output of one evaluator, and of `threads` sharing the units.
    fn both(text: &str, threads: usize, max_steps: u64) -> (Json, Json) {
        let setup = setup_of(text.to_string(), max_steps);
        let alone = aspects_nix::on_big_stack(move || {
            let (mut ev, modules) = setup();
            conformance(&mut ev, modules, "/t")
        });
        let setup = setup_of(text.to_string(), max_steps);
        let parallelism = Parallelism {
            threads,
            min_units: 2,
        };
        let shared =
            aspects_nix::on_big_stack(move || conformance_parallel(setup, "/t", parallelism).0);
        (alone, shared)
    }

    /// 40 aspects; `extra` is added to each (it may use `name`).
    fn flake_of(extra: &str) -> String {
        format!(
            r#"{{ lib, ... }}:
let names = map (i: "x${{toString i}}") (lib.range 0 39); in
{{
  flake.aspects = {{ aspects, ... }}: lib.genAttrs names (name: {{
    nixos.v = [ name ];
    homeManager.w = [ name ];
    includes = if name == "x0" then [ aspects.x1 aspects.x2._.p ] else [ ];
    _.p = {{ class, ... }}: {{ ${{class}}.fromP = [ name ]; }};
  }} // {extra});
}}"#
        )
    }

    #[test]
    fn shared_units_give_the_output_of_one_evaluator() {
        for threads in [2, 3] {
            let (alone, shared) = both(&generated_flake(40), threads, 200_000_000);
            assert!(alone["error"].is_null(), "{}", alone["error"]);
            assert_eq!(alone["modules"].as_object().map(|m| m.len()), Some(6));
            assert_eq!(alone, shared, "{threads} threads");
        }
    }

    /// The text of `threads` evaluators' document, and the pretty text of
    /// one evaluator's output.
    fn texts(text: &str, threads: usize) -> (String, String) {
        let setup = setup_of(text.to_string(), 200_000_000);
        let alone = aspects_nix::on_big_stack(move || {
            let (mut ev, modules) = setup();
            serde_json::to_string_pretty(&conformance(&mut ev, modules, "/t")).unwrap()
        });
        let setup = setup_of(text.to_string(), 200_000_000);
        let parallelism = Parallelism {
            threads,
            min_units: 2,
        };
        let document = aspects_nix::on_big_stack(move || {
            conformance_document(setup, "/t", parallelism).0.to_pretty()
        });
        (alone, document)
    }

    #[test]
    fn a_document_of_texts_prints_as_the_output_does() {
        let failing = r#"{ nixos.bad = if name == "x17" then throw "boom ${name}" else 1; }"#;
        for flake in [generated_flake(40), flake_of(failing), flake_of("{ }")] {
            for threads in [1, 2] {
                let (alone, document) = texts(&flake, threads);
                assert_eq!(alone, document, "{threads} threads");
            }
        }
    }

    #[test]
    fn the_modules_output_is_shared_as_the_whole_one_is() {
        let failing = r#"{ nixos.bad = if name == "x17" || name == "x30" then throw "boom ${name}" else 1; }"#;
        for (flake, fails) in [(generated_flake(40), false), (flake_of(failing), true)] {
            let whole = both(&flake, 2, 200_000_000).0;
            let setup = setup_of(flake, 200_000_000);
            let parallelism = Parallelism {
                threads: 2,
                min_units: 2,
            };
            let shared =
                aspects_nix::on_big_stack(move || modules_parallel(setup, "/t", parallelism).0);
            assert!(shared.get("aspects").is_none());
            for field in [
                "modules",
                "flakeModulesKeys",
                "error",
                "errorKind",
                "errorAt",
                "errorDetail",
            ] {
                assert_eq!(shared[field], whole[field], "{field}");
            }
            assert_eq!(shared["error"].is_string(), fails);
        }
    }

    #[test]
    fn the_first_error_is_the_first_in_the_output_whoever_met_it() {
        // Entries of x17 and x30 fail; the first in the output is x17's.
        let failing = r#"{ nixos.bad = if name == "x17" || name == "x30" then throw "boom ${name}" else 1; }"#;
        let (alone, shared) = both(&flake_of(failing), 2, 200_000_000);
        assert_eq!(
            alone["errorAt"],
            serde_json::json!(["modules", "nixos", "x17"])
        );
        assert_eq!(alone["modules"]["nixos"]["x30"]["$error"], "boom x30");
        assert_eq!(alone, shared);
        // An aspect that fails in the aspects section comes before them.
        let failing = r#"(if name == "x23" then { includes = 5; } else { }) // { nixos.bad = if name == "x17" then throw "boom" else 1; }"#;
        let (alone, shared) = both(&flake_of(failing), 2, 200_000_000);
        assert_eq!(alone["errorAt"], serde_json::json!(["aspects", "x23"]));
        assert_eq!(alone, shared);
    }

    #[test]
    fn running_out_of_steps_gives_the_output_of_one_evaluator() {
        // x5's entry runs out of the steps of whichever evaluator takes it.
        let runaway = r#"{ nixos.sum = if name == "x5" then lib.foldl' (a: b: a + b) 0 (lib.range 0 10000000) else 0; }"#;
        let (alone, shared) = both(&flake_of(runaway), 2, 3_000_000);
        assert_eq!(alone["errorKind"], "non-terminating", "{}", alone["error"]);
        assert_eq!(alone, shared);
    }

    #[test]
    fn each_evaluator_takes_its_own_stretch_then_the_end_of_the_longest() {
        let mut stretches = stretches_of(10, 3);
        assert_eq!(stretches, [0..3, 3..6, 6..10]);
        // Evaluator 0 takes its own stretch in order...
        let own: Vec<_> = (0..3).map(|_| next_position(&mut stretches, 0)).collect();
        assert_eq!(own, [Some(0), Some(1), Some(2)]);
        // ...then the last of the longest stretch left (2's, 6..10).
        assert_eq!(next_position(&mut stretches, 0), Some(9));
        assert_eq!(next_position(&mut stretches, 2), Some(6));
        // An evaluator that never came (number 1) is taken from the end.
        assert_eq!(next_position(&mut stretches, 0), Some(5));
        let rest: Vec<_> = std::iter::from_fn(|| next_position(&mut stretches, 2)).collect();
        assert_eq!(rest, [7, 8, 4, 3]);
        assert_eq!(next_position(&mut stretches, 0), None);
        assert_eq!(next_position(&mut stretches, 7), None);
    }

    /// The order guessed for the flake `text`.
    fn order_of(text: &str) -> Vec<usize> {
        let (mut ev, modules) = setup_of(text.to_string(), 200_000_000)();
        let flake = evaluate_flake(&mut ev, modules, "/t").expect("evaluates");
        let plan = Plan::of(&mut ev, &flake, false).expect("a plan");
        ordered(&ev, &plan).0
    }

    #[test]
    fn each_aspect_is_taken_right_before_what_it_includes() {
        let flake = |included: &str| {
            format!(
                r#"{{ ... }}: {{
  flake.aspects = {{ aspects, ... }}: {{
    x0 = {{ nixos.v = [ 0 ]; includes = [ aspects.{included} ]; }};
    x1.nixos.v = [ 1 ];
    x2.nixos.v = [ 2 ];
  }};
}}"#
            )
        };
        assert_eq!(order_of(&flake("x2")), [0, 2, 1]);
        assert_eq!(order_of(&flake("x1")), [0, 1, 2]);
        // The same text again (its tree kept by the thread): the same order.
        assert_eq!(order_of(&flake("x2")), [0, 2, 1]);
    }
}
