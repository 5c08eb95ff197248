//! The full analysis (every flake.modules entry evaluated, as the
//! conformance output) of generated flakes of N aspects.
//!
//! Groups: `full-analysis`, the whole conformance output (the aspects
//! with their probed includes, and every configuration); `answer`, the
//! same with the heap freed after the timing; `modules`, only what the
//! issue's real-Nix figures time: the flake evaluated and its
//! `flake.modules` entries evaluated as the conformance `modules` output;
//! `modules-answer`, the same with the heap freed after the timing;
//! `parallel-answer`, the whole output by one evaluator per core (as
//! `aspects eval` makes it), each run from idle evaluators;
//! `parallel-modules-answer`, the `modules` output so; and `cold-...`,
//! some of these with a text no earlier run had (parsed and lowered
//! again by every evaluator).
//!
//! Real Nix 2.8 with the real library takes, for that output on this kind
//! of machine: 1.0 s (N=50), 4.0 s (N=200), 30 s / 2.4 GB (N=1000).

use aspects_engine::conformance::{conformance, conformance_modules};
use aspects_engine::generate::generated_flake;
use aspects_engine::parallel::{conformance_parallel, modules_parallel, Parallelism};
use aspects_modules::Def;
use aspects_nix::files::MemoryFs;
use aspects_nix::value::Value;
use aspects_nix::Eval;
use criterion::{BenchmarkId, Criterion};
use std::time::{Duration, Instant};

// The allocator the CLI uses (crates/alloc).
#[global_allocator]
static ALLOCATOR: aspects_alloc::Mimalloc = aspects_alloc::Mimalloc;

fn analyse(text: &str) -> serde_json::Value {
    analyse_keeping_heap(text).0
}

/// An evaluator whose file system holds `text` as the bench flake, and
/// that flake's modules.
fn bench_flake(text: &str) -> (Eval, Vec<Def>) {
    let mut fs = MemoryFs::new();
    fs.insert("/bench/flake.nix", text);
    let modules = vec![Def {
        value: Value::Path("/bench/flake.nix".into()),
        file: "/bench/flake.nix".into(),
    }];
    (Eval::new(Box::new(fs)), modules)
}

/// The output, and the evaluator whose heap is still to be freed.
fn analyse_keeping_heap(text: &str) -> (serde_json::Value, Eval) {
    let (mut ev, modules) = bench_flake(text);
    let out = conformance(&mut ev, modules, "/bench");
    (out, ev)
}

/// The `modules` output alone (the flake evaluated first).
fn modules_output(text: &str) -> serde_json::Value {
    modules_output_keeping_heap(text).0
}

/// The `modules` output, and the evaluator whose heap is still to be
/// freed.
fn modules_output_keeping_heap(text: &str) -> (serde_json::Value, Eval) {
    let (mut ev, modules) = bench_flake(text);
    let flake = aspects_engine::evaluate_flake(&mut ev, modules, "/bench").expect("evaluates");
    let out = conformance_modules(&mut ev, &flake).expect("every entry evaluates");
    (out, ev)
}

fn bench(c: &mut Criterion) {
    // Freed memory is kept rather than handed back to the OS, as in the
    // products: the CLI sets this, and the browser's allocator never hands
    // memory back. (With mimalloc's default purge delay, each iteration
    // faulted in and zeroed again what the last one freed: 14 % of the
    // samples at N=203 were the kernel clearing pages.)
    aspects_alloc::never_purge();
    let mut group = c.benchmark_group("engine/full-analysis");
    for n in [8usize, 23, 55, 203, 1000, 2000] {
        let text = generated_flake(n);
        let out = analyse(&text);
        assert!(out["error"].is_null(), "N={n}: {}", out["error"]);
        group.sample_size(if n >= 1000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| analyse(text))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("engine/modules");
    for n in [55usize, 203, 1000] {
        let text = generated_flake(n);
        assert_eq!(modules_output(&text), analyse(&text)["modules"], "N={n}");
        group.sample_size(if n >= 1000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| modules_output(text))
        });
    }
    group.finish();
    // The `modules` output to its answer: the heap is freed after the
    // timing, as the worker does (and real Nix, whose figures the issue
    // gives, ends without freeing).
    let mut group = c.benchmark_group("engine/modules-answer");
    for n in [55usize, 203, 1000] {
        let text = generated_flake(n);
        group.sample_size(if n >= 1000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter_with_large_drop(|| modules_output_keeping_heap(text))
        });
    }
    group.finish();
    // Time to the answer: the heap is freed after it (as the worker and
    // the CLI do).
    let mut group = c.benchmark_group("engine/answer");
    for n in [55usize, 203, 1000] {
        let text = generated_flake(n);
        group.sample_size(if n >= 1000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter_with_large_drop(|| analyse_keeping_heap(text))
        });
    }
    group.finish();
    // The whole output again and the `modules` output (what the issue
    // times), by one evaluator per core sharing out the aspects (`aspects
    // eval` does the first), each run from idle evaluators (see
    // `from_idle`). Each must equal one evaluator's (its `modules` part
    // for the second).
    type Shared = fn(&str, Parallelism) -> (serde_json::Value, Eval);
    type Alone = fn(&str) -> serde_json::Value;
    let parallelism = Parallelism::of_machine();
    let outputs: [(&str, Shared, Alone, Option<&str>); 2] = [
        ("engine/parallel-answer", analyse_in_parallel, analyse, None),
        (
            "engine/parallel-modules-answer",
            modules_in_parallel,
            modules_output,
            Some("modules"),
        ),
    ];
    for (name, output, alone, part) in outputs {
        let mut group = c.benchmark_group(name);
        for n in [55usize, 203, 1000] {
            let text = generated_flake(n);
            let mut shared = output(&text, parallelism).0;
            let shared = match part {
                Some(p) => shared[p].take(),
                None => shared,
            };
            assert_eq!(shared, alone(&text), "{name}, N={n}");
            group.sample_size(if n >= 1000 { 10 } else { 20 });
            group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
                b.iter_custom(|iters| from_idle(iters, || (), |()| output(text, parallelism)))
            });
        }
        group.finish();
    }
    // The `modules` output (by one evaluator, then by one per core) and
    // the whole output, cold: each run's text is new (a comment differs),
    // so every evaluator parses and lowers it again, as after a keystroke
    // or in a new process. The other groups meet their text again and
    // take its tree from the per-thread caches.
    let outputs: [(&str, Shared); 3] = [
        ("engine/cold-modules-answer", |text, _| {
            modules_output_keeping_heap(text)
        }),
        ("engine/cold-parallel-modules-answer", modules_in_parallel),
        ("engine/cold-parallel-answer", analyse_in_parallel),
    ];
    for (name, output) in outputs {
        let mut group = c.benchmark_group(name);
        for n in [203usize, 1000] {
            let text = generated_flake(n);
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
            let mut edits = 0u64;
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
                b.iter_custom(|iters| {
                    from_idle(
                        iters,
                        || edited(text, &mut edits),
                        |text| output(&text, parallelism),
                    )
                })
            });
        }
        group.finish();
    }
}

/// The time `iters` runs of `run` take (its input made by `setup`,
/// untimed), each started with idle evaluators: after each run its output
/// is freed and the helpers free theirs (untimed) before the next starts,
/// as before a CLI run or a keystroke after a pause. Back to back, a
/// helper would start a run late by the time freeing its last evaluator
/// took (3 ms at N=203).
fn from_idle<I, T>(iters: u64, mut setup: impl FnMut() -> I, run: impl Fn(I) -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let input = setup();
        let start = Instant::now();
        let out = run(input);
        let took = start.elapsed();
        total += took;
        drop(out);
        // Freeing a heap takes less than making it.
        std::thread::sleep(took);
    }
    total
}

/// `text` with a comment no earlier iteration's text had.
fn edited(text: &str, edits: &mut u64) -> String {
    *edits += 1;
    format!("{text}# edit {edits}\n")
}

/// The `modules` output (in the outline without the aspects section) by
/// up to `parallelism.threads` evaluators, and the calling thread's
/// evaluator, whose heap is still to be freed.
fn modules_in_parallel(text: &str, parallelism: Parallelism) -> (serde_json::Value, Eval) {
    let text = text.to_string();
    let setup = move || bench_flake(&text);
    modules_parallel(setup, "/bench", parallelism)
}

/// The whole output by up to `parallelism.threads` evaluators, and the
/// calling thread's evaluator, whose heap is still to be freed.
fn analyse_in_parallel(text: &str, parallelism: Parallelism) -> (serde_json::Value, Eval) {
    let text = text.to_string();
    let setup = move || bench_flake(&text);
    conformance_parallel(setup, "/bench", parallelism)
}

/// Evaluates every `.nix` file of the folders `dirs` (the training files
/// of `scripts/pgo.sh`, which never holds the generated flakes the groups
/// above time) as `aspects eval` does: the whole output by one evaluator
/// and by one per core, and the `modules` output, for the instrumented
/// build to record. Returns how many files it evaluated.
fn train(dirs: &std::ffi::OsStr) -> usize {
    let mut files: Vec<_> = std::env::split_paths(dirs)
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "nix"))
        .collect();
    files.sort();
    let parallelism = Parallelism {
        threads: 2,
        min_units: 2,
    };
    let texts = files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok());
    let mut evaluated = 0;
    for text in texts {
        for _ in 0..3 {
            drop(analyse(&text));
            drop(analyse_in_parallel(&text, parallelism));
            drop(modules_in_parallel(&text, parallelism));
        }
        evaluated += 1;
    }
    evaluated
}

fn main() {
    // Evaluations need a big stack: run criterion on a thread that has one.
    std::thread::Builder::new()
        .stack_size(aspects_nix::eval::NATIVE_STACK_SIZE)
        .spawn(|| {
            if let Some(dirs) = std::env::var_os("ASPECTS_PGO_TRAIN") {
                let files = train(&dirs);
                assert!(files > 0, "no training files in {dirs:?}");
                println!("trained on {files} files");
                return;
            }
            let mut c = Criterion::default().configure_from_args();
            bench(&mut c);
            c.final_summary();
        })
        .expect("the benchmark thread starts")
        .join()
        .expect("the benchmarks run");
}
