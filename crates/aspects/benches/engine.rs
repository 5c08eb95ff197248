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
//! `aspects eval` makes it), the heap freed after the timing.
//!
//! Real Nix 2.8 with the real library takes, for that output on this kind
//! of machine: 1.0 s (N=50), 4.0 s (N=200), 30 s / 2.4 GB (N=1000).

use aspects_engine::conformance::{conformance, conformance_modules};
use aspects_engine::generate::generated_flake;
use aspects_engine::parallel::{conformance_parallel, Parallelism};
use aspects_modules::Def;
use aspects_nix::files::MemoryFs;
use aspects_nix::value::Value;
use aspects_nix::Eval;
use criterion::{BenchmarkId, Criterion};
use std::time::Duration;

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
    // The whole output again, by one evaluator per core sharing out the
    // aspects (`aspects eval` does this); the heap of the calling thread's
    // evaluator is freed after the timing, the helpers free theirs after
    // sending their part.
    let mut group = c.benchmark_group("engine/parallel-answer");
    let parallelism = Parallelism::of_machine();
    for n in [55usize, 203, 1000] {
        let text = generated_flake(n);
        assert_eq!(
            analyse_in_parallel(&text, parallelism).0,
            analyse(&text),
            "N={n}"
        );
        group.sample_size(if n >= 1000 { 10 } else { 20 });
        group.measurement_time(Duration::from_secs(if n >= 1000 { 20 } else { 8 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter_with_large_drop(|| analyse_in_parallel(text, parallelism))
        });
    }
    group.finish();
}

/// The whole output by up to `parallelism.threads` evaluators, and the
/// calling thread's evaluator, whose heap is still to be freed.
fn analyse_in_parallel(text: &str, parallelism: Parallelism) -> (serde_json::Value, Eval) {
    let text = text.to_string();
    let setup = move || bench_flake(&text);
    conformance_parallel(setup, "/bench", parallelism)
}

fn main() {
    // Evaluations need a big stack: run criterion on a thread that has one.
    std::thread::Builder::new()
        .stack_size(aspects_nix::eval::NATIVE_STACK_SIZE)
        .spawn(|| {
            let mut c = Criterion::default().configure_from_args();
            bench(&mut c);
            c.final_summary();
        })
        .expect("the benchmark thread starts")
        .join()
        .expect("the benchmarks run");
}
