//! The lazy evaluator: thunks on a heap owned by [`Eval`], scope frames,
//! function application, and the limits that turn runaway input into
//! errors.

mod arg_use;
mod coerce;
mod ops;

use crate::ast::*;
use crate::error::{fail, ErrorKind, EvalError, EvalResult};
use crate::files::{FileSystem, Files, MemoryFs};
use crate::lower::Lowered;
use crate::value::*;
use crate::Str;
use std::collections::HashMap;
use std::rc::Rc;

pub use arg_use::{ArgUse, MemoKey};
pub use coerce::{store_path_for, CoerceMode};

/// `~` in paths.
pub const HOME_DIR: &str = "/home/user";

/// Budgets that stop runaway evaluations with a clear error.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nested function calls (Nix's `max-call-depth`).
    pub max_call_depth: usize,
    /// Bytes of native stack the evaluator may use below its entry point.
    pub max_stack_bytes: usize,
    /// Evaluation steps.
    pub max_steps: u64,
    /// Approximate bytes of heap (thunks, frames, lists, attribute sets).
    pub max_memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_call_depth: 10_000,
            max_stack_bytes: DEFAULT_STACK_BUDGET,
            max_steps: 200_000_000,
            max_memory_bytes: 2 << 30,
        }
    }
}

/// The stack an evaluation may use. Natively, evaluations run on a thread
/// with [`NATIVE_STACK_SIZE`] bytes of stack (see [`crate::on_big_stack`]);
/// the wasm build links with a 32 MiB stack.
#[cfg(not(target_arch = "wasm32"))]
pub const DEFAULT_STACK_BUDGET: usize = 192 << 20;
#[cfg(target_arch = "wasm32")]
pub const DEFAULT_STACK_BUDGET: usize = 28 << 20;

/// Stack size of the native evaluation thread.
pub const NATIVE_STACK_SIZE: usize = 256 << 20;

/// A message from `builtins.trace` or `builtins.warn`.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceMessage {
    pub warning: bool,
    pub message: String,
    pub span: Option<Span>,
}

type LazyFn = Rc<dyn Fn(&mut Eval) -> EvalResult<Value>>;

enum Thunk {
    Expr(E, EnvId),
    /// `f a b ...`, applied when forced (lazy builtins such as `map`).
    Apply(Box<(Value, Vec<Value>, Span)>),
    /// `f a` for element `i` of `genList f n` or `map f xs`: one
    /// allocation shared by the whole list.
    ApplyShared(Rc<SharedApply>, u32),
    /// A native computation.
    Native(LazyFn),
    Blackhole(Option<Span>),
    Done(Value),
}

/// The function of `genList f n` or `map f xs`, shared by the thunks of
/// their elements.
pub struct SharedApply {
    f: Value,
    span: Span,
    /// `map`'s list (element `i` is `f xs[i]`); `genList`'s element `i`
    /// is `f i`.
    over: Option<List>,
}

impl SharedApply {
    /// For `genList f n` (`over` is `None`) or `map f over`.
    pub fn new(f: Value, span: Span, over: Option<List>) -> Rc<Self> {
        Rc::new(SharedApply { f, span, over })
    }

    fn arg_at(&self, i: usize) -> Value {
        match &self.over {
            Some(l) => l[i].clone(),
            None => Value::Int(i as i64),
        }
    }
}

struct Frame {
    parent: EnvId,
    start: u32,
    len: u32,
}

/// One evaluation session: sources, heap and limits. Values from one
/// `Eval` must only be used with it.
pub struct Eval {
    pub files: Files,
    fs: Box<dyn FileSystem>,
    thunks: Vec<Thunk>,
    frames: Vec<Frame>,
    slots: Vec<Value>,
    globals: Vec<Option<Value>>,
    imports: HashMap<String, Value>,
    /// The trees of the source files parsed so far (not the preludes).
    parsed: Vec<Lowered>,
    /// Trees the per-thread cache of lowered trees let go of while this
    /// evaluator parsed, freed with it (after its output is made).
    retired: Vec<Lowered>,
    pub limits: Limits,
    steps: u64,
    call_depth: usize,
    stack_base: usize,
    extra_bytes: usize,
    /// What the process held when this evaluator was made (see
    /// [`set_heap_probe`]).
    heap_base: Option<usize>,
    pub traces: Vec<TraceMessage>,
    lib: Option<Value>,
    /// State the layers above keep per evaluation (caches), by type.
    extensions: rustc_hash::FxHashMap<std::any::TypeId, Box<dyn std::any::Any>>,
    /// Shared call results, one table per function (see `arg_use`).
    memo: Vec<rustc_hash::FxHashMap<MemoKey, Value>>,
    /// The functions [`Eval::eval`] calls in tail position, innermost
    /// last, until the `eval` that called them returns.
    tail_calls: Vec<(Rc<Lambda>, Span)>,
}

/// Where [`Eval::eval`] goes on in tail position.
enum Next<'a> {
    /// A part of the expression, in a scope.
    Part(&'a E, EnvId),
    /// The body of a function called in tail position, in its call's frame.
    Body(E, EnvId),
}

/// The `lib` prelude, written in Nix.
pub const LIB_SOURCE: &str = include_str!("../prelude/lib.nix");
/// The file name `lib`'s definitions are reported under.
pub const LIB_PATH: &str = "/«lib»/lib.nix";

const _: () = assert!(std::mem::size_of::<Thunk>() <= 24, "thunks stay small");

/// The root scope: no slots.
pub const ROOT_ENV: EnvId = EnvId(0);

/// The program's reading of the memory the process holds (see
/// [`set_heap_probe`]).
static HEAP_PROBE: std::sync::OnceLock<fn() -> usize> = std::sync::OnceLock::new();

/// Lets evaluators read how much memory the process holds, in bytes (the
/// CLI reads its allocator's). The memory budget then also counts what
/// the estimate of the evaluator's own vectors misses: the sets, lists
/// and strings engines make natively. The browser build reads the size of
/// its linear memory instead, which grows only when its heap must.
pub fn set_heap_probe(probe: fn() -> usize) {
    let _ = HEAP_PROBE.set(probe);
}

/// What the process holds now, where that can be read.
fn heap_held() -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) * 65536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        HEAP_PROBE.get().map(|probe| probe())
    }
}

#[inline(always)]
fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl Default for Eval {
    fn default() -> Self {
        Eval::new(Box::new(MemoryFs::new()))
    }
}

/// How long the last evaluator on this thread made its heap vectors
/// (thunks, frames, slots). A new evaluator reserves as much: the
/// playground makes one per keystroke for nearly the same code, and
/// growing them again by doubling copied the whole heap each time.
#[derive(Clone, Copy, Default)]
struct HeapSizes {
    thunks: usize,
    frames: usize,
    slots: usize,
}

thread_local! {
    static LAST_HEAP: std::cell::Cell<HeapSizes> = const {
        std::cell::Cell::new(HeapSizes { thunks: 0, frames: 0, slots: 0 })
    };
}

/// At most this many entries are reserved in advance per vector (a
/// runaway evaluation must not make the next one start huge).
const MAX_RESERVED: usize = 1 << 21;

impl Drop for Eval {
    fn drop(&mut self) {
        let sizes = HeapSizes {
            thunks: self.thunks.len().min(MAX_RESERVED),
            frames: self.frames.len().min(MAX_RESERVED),
            slots: self.slots.len().min(MAX_RESERVED),
        };
        // The thread may be ending (its locals already gone): then there
        // is no next evaluator to size.
        let _ = LAST_HEAP.try_with(|c| c.set(sizes));
    }
}

impl Eval {
    pub fn new(fs: Box<dyn FileSystem>) -> Self {
        let last = LAST_HEAP.try_with(|c| c.get()).unwrap_or_default();
        let mut frames = Vec::with_capacity(last.frames.max(1));
        frames.push(Frame {
            parent: ROOT_ENV,
            start: 0,
            len: 0,
        });
        Eval {
            files: Files::default(),
            fs,
            thunks: Vec::with_capacity(last.thunks),
            frames,
            slots: Vec::with_capacity(last.slots),
            globals: vec![None; crate::builtins::global_count()],
            imports: HashMap::new(),
            parsed: Vec::new(),
            retired: Vec::new(),
            limits: Limits::default(),
            steps: 0,
            call_depth: 0,
            // Where this evaluator's stack use is counted from: engines
            // call `force` and `call` directly, not only `eval` a file, and
            // every evaluator lives on the thread (and near the stack
            // depth) that made it.
            stack_base: stack_position(),
            heap_base: heap_held(),
            extra_bytes: 0,
            traces: Vec::new(),
            lib: None,
            extensions: Default::default(),
            memo: Vec::new(),
            tail_calls: Vec::new(),
        }
    }

    pub fn fs(&self) -> &dyn FileSystem {
        &*self.fs
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Parses and lowers a source text as file `path`.
    pub fn parse(&mut self, path: &str, text: &str) -> EvalResult<E> {
        // Evaluating a file's modules makes about one thunk per four bytes
        // of it (0.29 for the generated flakes); reserving one per three now
        // spares copying the heap as it doubles. Space reserved and not
        // used is never touched, so it costs no memory.
        self.thunks.reserve(text.len() / 3);
        let id = self.files.add(path, text);
        let lowered = crate::lower::lower_file(text, id, path, &mut self.retired)?;
        let tree = lowered.tree.clone();
        self.parsed.push(lowered);
        Ok(tree)
    }

    /// The trees of the source files parsed so far, in the order they were
    /// (built-in files and expressions given as text are not among them).
    pub fn parsed_files(&self) -> &[Lowered] {
        &self.parsed
    }

    /// Parses and lowers a file built into the program, once per thread.
    pub fn parse_static(&mut self, path: &'static str, text: &'static str) -> EvalResult<E> {
        crate::files::static_file(&mut self.files, path, text)
    }

    /// Parses and lowers an expression whose relative paths are relative to
    /// `base_dir` (`--expr` on the command line).
    pub fn parse_expr(&mut self, label: &str, text: &str, base_dir: &str) -> EvalResult<E> {
        let id = self.files.add(label, text);
        crate::lower::lower_with_base(text, id, label, base_dir, &mut self.retired)
            .map(|lowered| lowered.tree)
    }

    /// Evaluates a source text to weak head normal form.
    pub fn eval_source(&mut self, path: &str, text: &str) -> EvalResult<Value> {
        let e = self.parse(path, text)?;
        self.eval(&e, ROOT_ENV)
    }

    // ----- heap -------------------------------------------------------

    pub fn new_thunk(&mut self, e: &E, env: EnvId) -> Value {
        self.alloc(Thunk::Expr(e.clone(), env))
    }

    /// A lazy application `f args...`.
    pub fn lazy_apply(&mut self, f: Value, args: Vec<Value>, span: Span) -> Value {
        self.alloc(Thunk::Apply(Box::new((f, args, span))))
    }

    /// Element `i` of `genList`/`map` applying `f` (see [`SharedApply`]).
    pub fn lazy_apply_shared(&mut self, f: &Rc<SharedApply>, i: usize) -> Value {
        match u32::try_from(i) {
            Ok(i) => self.alloc(Thunk::ApplyShared(f.clone(), i)),
            Err(_) => self.lazy_apply(f.f.clone(), vec![f.arg_at(i)], f.span),
        }
    }

    /// A lazy native computation.
    pub fn lazy(&mut self, f: impl Fn(&mut Eval) -> EvalResult<Value> + 'static) -> Value {
        self.alloc(Thunk::Native(Rc::new(f)))
    }

    fn alloc(&mut self, t: Thunk) -> Value {
        self.thunks.push(t);
        Value::Thunk(ThunkId(self.thunks.len() as u32 - 1))
    }

    /// Counts bytes allocated outside the heap vectors (lists, sets), and
    /// stops the evaluation when the memory budget is spent.
    pub fn account(&mut self, bytes: usize) -> EvalResult<()> {
        self.extra_bytes += bytes;
        if self.extra_bytes > self.limits.max_memory_bytes
            || self.memory_used() > self.limits.max_memory_bytes
        {
            return Err(self.limit_error(
                ErrorKind::OutOfMemory,
                format!(
                    "evaluation stopped: it used more than {} MB of memory",
                    self.limits.max_memory_bytes >> 20
                ),
                None,
            ));
        }
        Ok(())
    }

    fn new_frame(&mut self, parent: EnvId, len: usize) -> EnvId {
        let start = self.slots.len() as u32;
        for _ in 0..len {
            self.slots.push(Value::Null);
        }
        self.frames.push(Frame {
            parent,
            start,
            len: len as u32,
        });
        EnvId(self.frames.len() as u32 - 1)
    }

    fn set_slot(&mut self, env: EnvId, index: usize, v: Value) {
        let f = &self.frames[env.0 as usize];
        debug_assert!(index < f.len as usize);
        self.slots[f.start as usize + index] = v;
    }

    fn lookup(&self, mut env: EnvId, depth: u32, index: u32) -> Value {
        for _ in 0..depth {
            env = self.frames[env.0 as usize].parent;
        }
        let f = &self.frames[env.0 as usize];
        self.slots[(f.start + index) as usize].clone()
    }

    /// Whether the evaluation has used up its steps or memory (every
    /// further evaluation fails then).
    pub fn limits_exhausted(&self) -> bool {
        self.steps > self.limits.max_steps || self.over_memory_budget()
    }

    /// The memory this evaluator is known to use: its own vectors and what
    /// it was told of ([`Eval::account`]). Cheap, for checks on every
    /// allocation counted.
    fn memory_used(&self) -> usize {
        self.thunks.len() * std::mem::size_of::<Thunk>()
            + self.slots.len() * std::mem::size_of::<Value>()
            + self.frames.len() * std::mem::size_of::<Frame>()
            + self.extra_bytes
    }

    /// Whether the evaluation has spent its memory budget, by
    /// [`Eval::memory_used`] or by what the process came to hold since the
    /// evaluator was made (read every few thousand steps).
    fn over_memory_budget(&self) -> bool {
        let grown = match (self.heap_base, heap_held()) {
            (Some(base), Some(now)) => now.saturating_sub(base),
            _ => 0,
        };
        self.memory_used().max(grown) > self.limits.max_memory_bytes
    }

    // ----- limits -----------------------------------------------------

    #[inline]
    fn tick(&mut self, span: Option<Span>) -> EvalResult<()> {
        self.steps += 1;
        if self.steps & 0xfff == 0 {
            if self.steps > self.limits.max_steps {
                return Err(self.limit_error(
                    ErrorKind::NonTerminating,
                    format!(
                        "evaluation stopped after {} steps: it does not seem to terminate (raise the step limit if it should)",
                        self.limits.max_steps
                    ),
                    span,
                ));
            }
            if self.over_memory_budget() {
                return Err(self.limit_error(
                    ErrorKind::OutOfMemory,
                    format!(
                        "evaluation stopped: it used more than {} MB of memory",
                        self.limits.max_memory_bytes >> 20
                    ),
                    span,
                ));
            }
        }
        if self.steps & 0x7 == 0 {
            let used = self.stack_base.abs_diff(stack_position());
            if used > self.limits.max_stack_bytes {
                return Err(self.limit_error(
                    ErrorKind::StackOverflow,
                    "stack overflow: the evaluation nests too deeply (possible infinite recursion)",
                    span,
                ));
            }
        }
        Ok(())
    }

    /// Fails when recursion has used up the stack budget (for recursive
    /// helpers outside `eval`, such as printers).
    pub fn check_stack(&self) -> EvalResult<()> {
        if self.stack_base.abs_diff(stack_position()) > self.limits.max_stack_bytes {
            return Err(self.limit_error(
                ErrorKind::StackOverflow,
                "stack overflow: the value nests too deeply",
                None,
            ));
        }
        Ok(())
    }

    /// Fails before a string of `len` bytes would exceed the memory budget.
    pub fn check_string(&self, len: usize) -> EvalResult<()> {
        if self.memory_used().saturating_add(len) > self.limits.max_memory_bytes {
            return Err(self.limit_error(
                ErrorKind::OutOfMemory,
                format!(
                    "evaluation stopped: a string of {} MB would exceed the memory budget of {} MB",
                    len >> 20,
                    self.limits.max_memory_bytes >> 20
                ),
                None,
            ));
        }
        Ok(())
    }

    fn limit_error(
        &self,
        kind: ErrorKind,
        msg: impl Into<String>,
        span: Option<Span>,
    ) -> Box<EvalError> {
        let mut e = EvalError::new(kind, msg);
        e.span = span;
        e.boxed()
    }

    // ----- forcing ----------------------------------------------------

    /// Evaluates `v` to weak head normal form.
    #[inline]
    pub fn force(&mut self, v: &Value) -> EvalResult<Value> {
        match v {
            // Most thunks forced are already evaluated: that case stays
            // in the caller, the evaluation in `force_thunk`.
            Value::Thunk(id) => match &self.thunks[id.0 as usize] {
                Thunk::Done(v) => Ok(v.clone()),
                _ => self.force_thunk(*id),
            },
            other => Ok(other.clone()),
        }
    }

    /// The value of thunk `id` if it has been evaluated.
    pub fn finished_thunk(&self, id: ThunkId) -> Option<Value> {
        match &self.thunks[id.0 as usize] {
            Thunk::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    #[inline(never)]
    fn force_thunk(&mut self, id: ThunkId) -> EvalResult<Value> {
        let slot = &mut self.thunks[id.0 as usize];
        let pending = match slot {
            Thunk::Done(v) => return Ok(v.clone()),
            Thunk::Blackhole(span) => {
                let mut e = EvalError::new(
                    ErrorKind::InfiniteRecursion,
                    "infinite recursion encountered",
                );
                e.span = *span;
                return Err(e.boxed());
            }
            _ => {
                let span = match slot {
                    Thunk::Expr(e, _) => e.span(),
                    Thunk::Apply(a) => Some(a.2),
                    Thunk::ApplyShared(f, _) => Some(f.span),
                    _ => None,
                };
                std::mem::replace(slot, Thunk::Blackhole(span))
            }
        };
        let result = match &pending {
            Thunk::Expr(e, env) => self.eval(e, *env),
            Thunk::Apply(a) => self.call_many(a.0.clone(), &a.1, a.2),
            Thunk::ApplyShared(f, i) => self
                .call(f.f.clone(), f.arg_at(*i as usize), f.span)
                .and_then(|r| self.force(&r)),
            // A step like any other: engines' native thunks force each
            // other without `eval` in between (a merge of a configuration
            // that holds itself made thunks until memory ran out).
            Thunk::Native(f) => self.tick(None).and_then(|()| f(self)),
            Thunk::Blackhole(_) | Thunk::Done(_) => unreachable!("handled above"),
        };
        match &result {
            Ok(v) => self.thunks[id.0 as usize] = Thunk::Done(v.clone()),
            Err(_) => self.thunks[id.0 as usize] = pending,
        }
        result
    }

    /// The value of `v` if it needs no evaluation (already forced).
    pub fn force_if_done(&self, v: &Value) -> Option<Value> {
        match v {
            Value::Thunk(id) => match &self.thunks[id.0 as usize] {
                Thunk::Done(x) => Some(x.clone()),
                _ => None,
            },
            other => Some(other.clone()),
        }
    }

    /// Forces `v` and everything inside it (`builtins.deepSeq`).
    pub fn force_deep(&mut self, v: &Value) -> EvalResult<Value> {
        let mut seen = std::collections::HashSet::new();
        let v = self.force(v)?;
        self.force_deep_inner(&v, &mut seen)?;
        Ok(v)
    }

    fn force_deep_inner(
        &mut self,
        v: &Value,
        seen: &mut std::collections::HashSet<usize>,
    ) -> EvalResult<()> {
        self.tick(None)?;
        match v {
            Value::Attrs(a) => {
                if !seen.insert(a.address()) {
                    return Ok(());
                }
                for attr in a.iter() {
                    let x = self.force(&attr.value).map_err(|mut e| {
                        e.push_frame(
                            format!("while evaluating the attribute '{}'", attr.name),
                            attr.pos,
                        );
                        e
                    })?;
                    self.force_deep_inner(&x, seen)?;
                }
            }
            Value::List(l) => {
                if !seen.insert(l.address()) {
                    return Ok(());
                }
                for item in l.iter() {
                    let x = self.force(item)?;
                    self.force_deep_inner(&x, seen)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    // ----- evaluation -------------------------------------------------

    /// A value for `e` without evaluating it when that is cheap.
    pub fn delay(&mut self, e: &E, env: EnvId) -> Value {
        match &**e {
            Expr::Int(i) => Value::Int(*i),
            Expr::Float(f) => Value::Float(*f),
            Expr::Str(s) => Value::String(s.clone()),
            Expr::Path(p) => Value::Path(p.clone()),
            Expr::Var(Var::Local { depth, index }, _) => self.lookup(env, *depth, *index),
            Expr::Lambda(l) => Value::Lambda(Rc::new(Closure {
                lambda: l.clone(),
                env,
            })),
            _ => self.new_thunk(e, env),
        }
    }

    /// Like [`Eval::delay`], for values of a frame still being filled:
    /// a variable of that same frame must stay a thunk.
    fn delay_in_frame(&mut self, e: &E, frame: EnvId) -> Value {
        match &**e {
            Expr::Var(Var::Local { depth: 0, .. }, _) => self.new_thunk(e, frame),
            _ => self.delay(e, frame),
        }
    }

    /// Evaluates `e` in `env` to weak head normal form.
    ///
    /// Tail positions loop instead of recursing: the branches of `if`, the
    /// bodies of `let`, `with` and `assert`, and a call of a Nix function
    /// as the last application. In the browser the engine runs on the
    /// worker's small native stack, so every Rust frame saved per Nix call
    /// is recursion depth a user's code gets back.
    pub fn eval(&mut self, e: &E, env: EnvId) -> EvalResult<Value> {
        let base = self.tail_calls.len();
        let r = self.eval_in_place(e, env);
        if self.tail_calls.len() == base {
            r
        } else {
            self.end_tail_calls(r, base)
        }
    }

    /// Leaves the calls [`Eval::eval`] made in tail position since
    /// `tail_calls` had `base` entries: they end here, as nested calls
    /// would have, and an error gets their frames.
    fn end_tail_calls(&mut self, r: EvalResult<Value>, base: usize) -> EvalResult<Value> {
        self.call_depth -= self.tail_calls.len() - base;
        let r = r.map_err(|mut e| {
            for (lambda, span) in self.tail_calls[base..].iter().rev() {
                e = self.called_from(e, lambda, *span);
            }
            e
        });
        self.tail_calls.truncate(base);
        r
    }

    #[inline(always)]
    fn eval_in_place(&mut self, e: &E, env: EnvId) -> EvalResult<Value> {
        // The expression evaluated: `e` or a part of it, or the body of a
        // function called in tail position (kept in `called_body`).
        let mut called_body: E;
        let mut e = e;
        let mut env = env;
        loop {
            self.tick(e.span())?;
            let next = match &**e {
                Expr::Int(i) => return Ok(Value::Int(*i)),
                Expr::Float(f) => return Ok(Value::Float(*f)),
                Expr::Str(s) => return Ok(Value::String(s.clone())),
                Expr::Path(p) => return Ok(Value::Path(p.clone())),
                Expr::Interp(parts, span) => {
                    let out = self.interpolate(parts, env, *span, CoerceMode::Interpolation)?;
                    return Ok(Value::string(out));
                }
                Expr::PathInterp(parts, span) => {
                    let out = self.interpolate(parts, env, *span, CoerceMode::PathPart)?;
                    return Ok(Value::Path(canon_path(&out).into()));
                }
                Expr::SearchPath(name, span) => return Err(EvalError::new(
                    ErrorKind::Io,
                    format!(
                        "file '{name}' was not found in the Nix search path (the playground has no search path: import files of the workspace by relative path)"
                    ),
                )
                .at(*span)
                .boxed()),
                Expr::Var(v, span) => return self.eval_var(v, env, *span),
                Expr::Select {
                    target,
                    path,
                    default,
                    span,
                } => return self.eval_select(target, path, default.as_ref(), env, *span),
                Expr::HasAttr { target, path, .. } => {
                    let mut cur = self.eval(target, env)?;
                    for (i, key) in path.iter().enumerate() {
                        let last = i + 1 == path.len();
                        let name = self.attr_key(key, env)?;
                        let Value::Attrs(a) = &cur else {
                            return Ok(Value::Bool(false));
                        };
                        match a.get(&name) {
                            Some(_) if last => return Ok(Value::Bool(true)),
                            Some(v) => {
                                let v = v.clone();
                                cur = self.force(&v)?;
                            }
                            None => match a.open() {
                                Some(prefix) => cur = crate::builtins::stand_in_package(prefix, &name),
                                None => return Ok(Value::Bool(false)),
                            },
                        }
                    }
                    return Ok(Value::Bool(true));
                }
                Expr::Attrs(a) => return self.eval_attrs(a, env),
                Expr::Let(l) => {
                    let n = l.bindings.len() + l.inherit_sources.len();
                    let frame = self.new_frame(env, n);
                    for (i, b) in l.bindings.iter().enumerate() {
                        let v = self.delay_in_frame(&b.value, frame);
                        self.set_slot(frame, i, v);
                    }
                    for (i, s) in l.inherit_sources.iter().enumerate() {
                        let v = self.delay_in_frame(s, frame);
                        self.set_slot(frame, l.bindings.len() + i, v);
                    }
                    Next::Part(&l.body, frame)
                }
                Expr::List(items) => {
                    let values: List = items.iter().map(|i| self.delay(i, env)).collect();
                    self.account(values.len() * std::mem::size_of::<Value>())?;
                    return Ok(Value::List(values));
                }
                Expr::Lambda(l) => return Ok(Value::Lambda(Rc::new(Closure {
                    lambda: l.clone(),
                    env,
                }))),
                Expr::Apply { func, args, span } => {
                    let mut f = self.eval(func, env)?;
                    let Some((last, init)) = args.split_last() else {
                        return Ok(f);
                    };
                    for a in init {
                        let arg = self.delay(a, env);
                        f = self.call(f, arg, *span)?;
                    }
                    let arg = self.delay(last, env);
                    if let Value::Thunk(_) = f {
                        f = self.force(&f)?;
                    }
                    let Value::Lambda(c) = f else {
                        return self.call(f, arg, *span);
                    };
                    // What `call` would do, with the body evaluated here.
                    self.check_call_depth(*span)?;
                    self.call_depth += 1;
                    match self.bind_params(&c.lambda, c.env, arg, *span) {
                        Ok(frame) => {
                            self.tail_calls.push((c.lambda.clone(), *span));
                            Next::Body(c.lambda.body.clone(), frame)
                        }
                        Err(e) => {
                            self.call_depth -= 1;
                            return Err(e);
                        }
                    }
                }
                Expr::If {
                    cond,
                    then,
                    otherwise,
                    span,
                } => {
                    let c = self.eval(cond, env)?;
                    match c {
                        Value::Bool(true) => Next::Part(then, env),
                        Value::Bool(false) => Next::Part(otherwise, env),
                        other => return Err(type_error(&other, "a Boolean", "in the condition of an if").at(*span).boxed()),
                    }
                }
                Expr::Assert { cond, body, span } => {
                    let c = self.eval(cond, env)?;
                    match c {
                        Value::Bool(true) => Next::Part(body, env),
                        Value::Bool(false) => {
                            let cspan = cond.span().unwrap_or(*span);
                            let text = self.files.snippet(cspan).to_string();
                            return Err(EvalError::new(ErrorKind::Assertion, format!("assertion '{text}' failed"))
                                .at(*span)
                                .boxed());
                        }
                        other => return Err(type_error(&other, "a Boolean", "in the condition of an assert")
                            .at(*span)
                            .boxed()),
                    }
                }
                Expr::With { namespace, body, .. } => {
                    let frame = self.new_frame(env, 1);
                    let ns = self.delay(namespace, env);
                    self.set_slot(frame, 0, ns);
                    Next::Part(body, frame)
                }
                Expr::BinOp { op, lhs, rhs, span } => return self.eval_binop(*op, lhs, rhs, env, *span),
                Expr::Not(x, span) => return match self.eval(x, env)? {
                    Value::Bool(b) => Ok(Value::Bool(!b)),
                    other => Err(type_error(&other, "a Boolean", "in the operand of !").at(*span).boxed()),
                },
                // Nix parses `-x` as `0 - x` (so `-0.0` is `0`).
                Expr::Neg(x, span) => return match self.eval(x, env)? {
                    Value::Int(i) => Ok(Value::Int(0i64.wrapping_sub(i))),
                    Value::Float(f) => Ok(Value::Float(0.0 - f)),
                    other => Err(type_error(&other, "an integer", "in the operand of unary -").at(*span).boxed()),
                },
                Expr::CurPos(span) => {
                    let at = self.files.line_col(*span);
                    let file = self
                        .files
                        .get(span.file)
                        .map(|f| f.path.clone())
                        .unwrap_or_else(|| "".into());
                    return Ok(Value::attrs(Attrs::of([
                        ("column".into(), Value::Int(at.column as i64)),
                        ("file".into(), Value::String(file)),
                        ("line".into(), Value::Int(at.line as i64)),
                    ])));
                }
            };
            match next {
                Next::Part(part, part_env) => {
                    e = part;
                    env = part_env;
                }
                Next::Body(called, frame) => {
                    called_body = called;
                    e = &called_body;
                    env = frame;
                }
            }
        }
    }

    /// The text of a string or path with `${...}` parts.
    fn interpolate(
        &mut self,
        parts: &[StrPart],
        env: EnvId,
        span: Span,
        mode: CoerceMode,
    ) -> EvalResult<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                StrPart::Lit(s) => out.push_str(s),
                StrPart::Interp(x) => {
                    let v = self.eval(x, env)?;
                    let s = self.coerce_to_string(&v, mode).map_err(|e| at(e, span))?;
                    self.check_string(out.len() + s.len())
                        .map_err(|e| at(e, span))?;
                    out.push_str(&s);
                }
            }
        }
        Ok(out)
    }

    fn eval_var(&mut self, v: &Var, env: EnvId, span: Span) -> EvalResult<Value> {
        match v {
            Var::Local { depth, index } => {
                let v = self.lookup(env, *depth, *index);
                self.force(&v)
            }
            Var::Global(g) => {
                let v = self.global(*g as usize);
                self.force(&v)
            }
            Var::With { name, withs } => {
                for &depth in withs.iter() {
                    let ns = self.lookup(env, depth, 0);
                    let ns = self.force(&ns)?;
                    let Value::Attrs(a) = &ns else {
                        return Err(type_error(&ns, "a set", "in a `with` expression")
                            .at(span)
                            .boxed());
                    };
                    if let Some(v) = a.get(name) {
                        let v = v.clone();
                        return self.force(&v);
                    }
                }
                Err(EvalError::new(
                    ErrorKind::UndefinedVariable,
                    format!("undefined variable '{name}'"),
                )
                .at(span)
                .boxed())
            }
        }
    }

    /// The global builtin number `g`, built on first use.
    pub fn global(&mut self, g: usize) -> Value {
        if let Some(v) = &self.globals[g] {
            return v.clone();
        }
        let v = crate::builtins::make_global(self, g);
        self.globals[g] = Some(v.clone());
        v
    }

    /// The name of an attribute key.
    fn attr_key(&mut self, key: &AttrKey, env: EnvId) -> EvalResult<Str> {
        match key {
            AttrKey::Static(s, _) => Ok(s.clone()),
            AttrKey::Dynamic(e) => {
                let v = self.eval(e, env)?;
                match v {
                    Value::String(s) => Ok(s),
                    other => {
                        let s = self.coerce_to_string(&other, CoerceMode::Interpolation)?;
                        Ok(s.into())
                    }
                }
            }
        }
    }

    fn eval_select(
        &mut self,
        target: &E,
        path: &[AttrKey],
        default: Option<&E>,
        env: EnvId,
        span: Span,
    ) -> EvalResult<Value> {
        let mut cur = self.eval(target, env)?;
        for (i, key) in path.iter().enumerate() {
            let dynamic: Str;
            let (name, hint) = match key {
                AttrKey::Static(s, hint) => (s, Some(hint)),
                AttrKey::Dynamic(_) => {
                    dynamic = self.attr_key(key, env)?;
                    (&dynamic, None)
                }
            };
            let found = match &cur {
                Value::Attrs(a) => match hint {
                    Some(h) => a.get_attr_hinted(name, h),
                    None => a.get_attr(name),
                }
                .map(|a| (a.value.clone(), a.pos)),
                _ if default.is_some() => None,
                other => {
                    return Err(EvalError::new(
                        ErrorKind::WrongValueType,
                        format!(
                            "value is {} while a set was expected (selecting attribute '{name}')",
                            other.describe()
                        ),
                    )
                    .at(span)
                    .boxed())
                }
            };
            match found {
                Some((value, pos)) => {
                    cur = self.force(&value).map_err(|mut e| {
                        e.push_frame(
                            format!("while evaluating the attribute '{}'", dotted(path, i)),
                            pos,
                        );
                        e
                    })?;
                }
                None => {
                    if let Value::Attrs(a) = &cur {
                        if let Some(prefix) = a.open() {
                            cur = crate::builtins::stand_in_package(prefix, name);
                            continue;
                        }
                    }
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    let Value::Attrs(a) = &cur else {
                        unreachable!()
                    };
                    return Err(missing_attribute(name, a).at(span).boxed());
                }
            }
        }
        Ok(cur)
    }

    fn eval_attrs(&mut self, a: &AttrsExpr, env: EnvId) -> EvalResult<Value> {
        let scope = if a.has_frame {
            let frame = self.new_frame(env, a.bindings.len() + a.inherit_sources().len());
            for (i, s) in a.inherit_sources().iter().enumerate() {
                let v = self.delay_in_frame(s, frame);
                self.set_slot(frame, a.bindings.len() + i, v);
            }
            frame
        } else {
            env
        };
        // Built in the thread's set buffer: one allocation per set.
        crate::attrs::with_buffer(|entries| {
            entries.reserve(a.bindings.len() + a.dynamic().len());
            for (i, b) in a.bindings.iter().enumerate() {
                let v = if a.has_frame {
                    self.delay_in_frame(&b.value, scope)
                } else {
                    self.delay(&b.value, scope)
                };
                if a.has_frame {
                    self.set_slot(scope, i, v.clone());
                }
                entries.push(Attr {
                    name: b.name.clone(),
                    value: v,
                    pos: Some(b.span),
                });
            }
            self.account(entries.len() * std::mem::size_of::<Attr>())?;
            if a.dynamic().is_empty() {
                // Lowering put the bindings in name order.
                return Ok(Value::Attrs(Attrs::take_sorted(entries)));
            }
            for (key, value, span) in a.dynamic() {
                let k = self.eval(key, scope)?;
                let name: Str = match k {
                    Value::Null => continue,
                    Value::String(s) => s,
                    other => {
                        return Err(type_error(
                            &other,
                            "a string",
                            "as the name of a dynamic attribute",
                        )
                        .at(*span)
                        .boxed())
                    }
                };
                if let Some(prev) = entries.iter().find(|e| e.name == name) {
                    let label = prev.pos.map(|p| self.files.label(p)).unwrap_or_default();
                    return Err(EvalError::new(
                        ErrorKind::Other,
                        format!("dynamic attribute '{name}' already defined at {label}"),
                    )
                    .at(*span)
                    .boxed());
                }
                let v = self.delay(value, scope);
                entries.push(Attr {
                    name,
                    value: v,
                    pos: Some(*span),
                });
            }
            Ok(Value::Attrs(Attrs::take_unsorted(entries)))
        })
    }

    // ----- function calls --------------------------------------------

    /// Applies `f` to each of `args` in turn.
    pub fn call_many(&mut self, mut f: Value, args: &[Value], span: Span) -> EvalResult<Value> {
        for a in args {
            f = self.call(f, a.clone(), span)?;
        }
        self.force(&f)
    }

    /// Applies function `f` to `arg`; the result is in weak head normal form.
    pub fn call(&mut self, f: Value, arg: Value, span: Span) -> EvalResult<Value> {
        let f = match f {
            Value::Thunk(_) => self.force(&f)?,
            f => f,
        };
        match &f {
            Value::Lambda(c) => self.call_closure(&c.lambda, c.env, arg, span),
            Value::PrimOp(app) => {
                let mut args = Vec::with_capacity(app.args.len() + 1);
                args.extend(app.args.iter().cloned());
                args.push(arg);
                if args.len() < app.op.arity {
                    return Ok(Value::PrimOp(Rc::new(PrimOpApp { op: app.op, args })));
                }
                self.tick(Some(span))?;
                (app.op.func)(self, args, span).map_err(|mut e| {
                    if e.span.is_none() {
                        e.span = Some(span);
                    }
                    e
                })
            }
            Value::Native(n) => {
                let mut args = Vec::with_capacity(n.args.len() + 1);
                args.extend(n.args.iter().cloned());
                args.push(arg);
                if args.len() < n.arity {
                    return Ok(Value::Native(Rc::new(NativeFn {
                        name: n.name.clone(),
                        arity: n.arity,
                        args,
                        func: n.func.clone(),
                        formals: n.formals.clone(),
                        arg_use: n.arg_use.clone(),
                    })));
                }
                self.tick(Some(span))?;
                (n.func)(self, args, span).map_err(|mut e| {
                    if e.span.is_none() {
                        e.span = Some(span);
                    }
                    e
                })
            }
            Value::Attrs(a) if a.contains("__functor") => {
                let functor = a.get("__functor").cloned().expect("checked");
                let g = self.call(functor, f.clone(), span)?;
                // A nested call (`__functor = self: self` calls itself
                // forever, in native frames that took seconds to fill the
                // stack budget).
                self.nested_call(span, |ev| ev.call(g, arg, span))
            }
            other => Err(EvalError::new(
                ErrorKind::NotAFunction,
                format!(
                    "attempt to call something which is not a function but {}",
                    other.describe()
                ),
            )
            .at(span)
            .boxed()),
        }
    }

    /// Applies `f` to `a` then `b` (`f a b`); the result is in weak head
    /// normal form. For `a: b: body` this skips the closure `f a` would
    /// build for `b: body`.
    pub fn call2(&mut self, f: &Value, a: Value, b: Value, span: Span) -> EvalResult<Value> {
        if let Value::Lambda(c) = f {
            if let (Param::Ident(_), Expr::Lambda(inner)) = (&c.lambda.param, &*c.lambda.body) {
                self.check_call_depth(span)?;
                let frame = self.new_frame(c.env, 1);
                self.set_slot(frame, 0, a);
                // The step `f a` takes evaluating its body (the inner lambda).
                self.tick(c.lambda.body.span())?;
                return self.call_closure(inner, frame, b, span);
            }
        }
        let g = self.call(f.clone(), a, span)?;
        self.call(g, b, span)
    }

    /// Fails when one more nested call would exceed the call depth limit.
    fn check_call_depth(&self, span: Span) -> EvalResult<()> {
        if self.call_depth >= self.limits.max_call_depth {
            return Err(self.limit_error(
                ErrorKind::StackOverflow,
                format!(
                    "stack overflow: more than {} nested function calls (possible infinite recursion)",
                    self.limits.max_call_depth
                ),
                Some(span),
            ));
        }
        Ok(())
    }

    /// Calls the closure of `lambda` in `env` with `arg`.
    fn call_closure(
        &mut self,
        lambda: &Lambda,
        env: EnvId,
        arg: Value,
        span: Span,
    ) -> EvalResult<Value> {
        self.nested_call(span, |ev| ev.call_lambda(lambda, env, arg, span))
    }

    /// `f`, one call deeper (failing if that is over the call depth limit).
    fn nested_call(
        &mut self,
        span: Span,
        f: impl FnOnce(&mut Eval) -> EvalResult<Value>,
    ) -> EvalResult<Value> {
        self.check_call_depth(span)?;
        self.call_depth += 1;
        let r = f(self);
        self.call_depth -= 1;
        r
    }

    fn call_lambda(
        &mut self,
        lambda: &Lambda,
        env: EnvId,
        arg: Value,
        span: Span,
    ) -> EvalResult<Value> {
        let frame = self.bind_params(lambda, env, arg, span)?;
        self.eval(&lambda.body, frame)
            .map_err(|e| self.called_from(e, lambda, span))
    }

    /// The error `e` of a call of `lambda` at `span`, with that call in its
    /// trace.
    fn called_from(&self, mut e: Box<EvalError>, lambda: &Lambda, span: Span) -> Box<EvalError> {
        if e.trace.len() < 12 || lambda.name.is_some() {
            e.push_frame(
                format!("while calling {}", self.lambda_label(lambda)),
                Some(span),
            );
        }
        e
    }

    /// The scope frame of a call of `lambda` (closed over `env`) with
    /// `arg`: the parameter or the formals bound.
    fn bind_params(
        &mut self,
        lambda: &Lambda,
        env: EnvId,
        arg: Value,
        span: Span,
    ) -> EvalResult<EnvId> {
        let frame = self.new_frame(env, lambda.frame_size());
        match &lambda.param {
            Param::Ident(_) => self.set_slot(frame, 0, arg),
            Param::Pattern {
                formals,
                ellipsis,
                bind,
            } => {
                let forced = self.force(&arg)?;
                let Value::Attrs(attrs) = &forced else {
                    return Err(EvalError::new(
                        ErrorKind::WrongValueType,
                        format!(
                            "{} called with {} while a set was expected",
                            self.lambda_label(lambda),
                            forced.describe()
                        ),
                    )
                    .at(span)
                    .boxed());
                };
                let mut used = 0;
                for (i, f) in formals.iter().enumerate() {
                    match attrs.get(&f.name) {
                        Some(v) => {
                            used += 1;
                            self.set_slot(frame, i, v.clone());
                        }
                        None => match &f.default {
                            Some(d) => {
                                let v = self.delay(d, frame);
                                self.set_slot(frame, i, v);
                            }
                            None => {
                                return Err(EvalError::new(
                                    ErrorKind::MissingArgument,
                                    format!(
                                        "{} called without required argument '{}'",
                                        self.lambda_label(lambda),
                                        f.name
                                    ),
                                )
                                .at(span)
                                .boxed())
                            }
                        },
                    }
                }
                if !ellipsis && used < attrs.len() {
                    let unexpected = attrs
                        .names()
                        .find(|n| !formals.iter().any(|f| &f.name == *n))
                        .cloned()
                        .unwrap_or_else(|| "?".into());
                    return Err(EvalError::new(
                        ErrorKind::UnexpectedArgument,
                        format!(
                            "{} called with unexpected argument '{unexpected}'",
                            self.lambda_label(lambda)
                        ),
                    )
                    .at(span)
                    .boxed());
                }
                if bind.is_some() {
                    self.set_slot(frame, formals.len(), forced.clone());
                }
            }
        }
        Ok(frame)
    }

    /// "function 'name'" or "anonymous function at file:line:col".
    pub fn lambda_label(&self, l: &Lambda) -> String {
        match &l.name {
            Some(n) => format!("function '{n}'"),
            None => format!("anonymous function at {}", self.files.label(l.span)),
        }
    }

    // ----- imports ----------------------------------------------------

    /// `import path`: evaluates a file once and caches its value.
    pub fn import(&mut self, path: &str, span: Span) -> EvalResult<Value> {
        let mut path = canon_path(path);
        if self.fs.file_type(&path) == Some(crate::files::FileType::Directory) {
            path = format!("{path}/default.nix");
        }
        if let Some(v) = self.imports.get(&path) {
            let v = v.clone();
            return self.force(&v);
        }
        let Some(text) = self.fs.read(&path) else {
            return Err(EvalError::new(
                ErrorKind::Io,
                format!("cannot import '{path}': no such file"),
            )
            .at(span)
            .boxed());
        };
        let e = self.parse(&path, &text)?;
        let v = self.new_thunk(&e, ROOT_ENV);
        self.imports.insert(path, v.clone());
        self.force(&v)
    }

    /// The `lib` prelude (`src/prelude/lib.nix`) applied to `builtins`,
    /// built on first use.
    pub fn lib(&mut self) -> EvalResult<Value> {
        if let Some(v) = &self.lib {
            return Ok(v.clone());
        }
        let e = self.parse_static(LIB_PATH, LIB_SOURCE)?;
        let f = self.eval(&e, ROOT_ENV)?;
        let g = crate::builtins::global_index("builtins").expect("builtins is global") as usize;
        let builtins = self.global(g);
        let lib = self.lazy_apply(f, vec![builtins], Span::default());
        self.lib = Some(lib.clone());
        Ok(lib)
    }

    /// Per-evaluation state of type `T` kept for a layer above (created on
    /// first use, dropped with the evaluator).
    pub fn extension<T: Default + 'static>(&mut self) -> &mut T {
        self.extensions
            .entry(std::any::TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut::<T>()
            .expect("extensions are keyed by their type")
    }

    /// Records a `trace`/`warn` message.
    pub fn trace(&mut self, warning: bool, message: String, span: Option<Span>) {
        if self.traces.len() < 10_000 {
            self.traces.push(TraceMessage {
                warning,
                message,
                span,
            });
        }
    }
}

fn dotted(path: &[AttrKey], upto: usize) -> String {
    path.iter()
        .take(upto + 1)
        .map(|k| match k {
            AttrKey::Static(s, _) => s.to_string(),
            AttrKey::Dynamic(_) => "${...}".to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn at(mut e: Box<EvalError>, span: Span) -> Box<EvalError> {
    if e.span.is_none() {
        e.span = Some(span);
    }
    e
}

/// "value is X while Y was expected (context)".
pub fn type_error(v: &Value, expected: &str, context: &str) -> EvalError {
    let mut msg = format!("value is {} while {expected} was expected", v.describe());
    if !context.is_empty() {
        msg.push(' ');
        msg.push('(');
        msg.push_str(context);
        msg.push(')');
    }
    EvalError::new(ErrorKind::WrongValueType, msg)
}

/// "attribute 'x' missing", with a suggestion when a close name exists.
pub fn missing_attribute(name: &str, attrs: &Attrs) -> EvalError {
    let mut msg = format!("attribute '{name}' missing");
    if let Some(close) = attrs
        .names()
        .filter(|n| crate::suggest::is_close(name, n))
        .min_by_key(|n| crate::suggest::distance(name, n))
    {
        msg.push_str(&format!("; did you mean '{close}'?"));
    }
    EvalError::new(ErrorKind::MissingAttribute, msg)
}

/// Raises `kind` with `msg` (shorthand used by builtins).
pub fn error<T>(kind: ErrorKind, msg: impl Into<String>) -> EvalResult<T> {
    fail(kind, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_evaluator_reserves_what_the_last_one_on_its_thread_used() {
        // A thread of its own: other tests' evaluators do not interfere.
        std::thread::spawn(|| {
            let mut ev = Eval::default();
            let e = ev
                .parse("/t.nix", "builtins.genList (i: { x = i; }) 5000")
                .unwrap();
            let v = ev.eval(&e, ROOT_ENV).unwrap();
            let Value::List(items) = v else {
                panic!("a list")
            };
            for i in items.iter() {
                ev.force(i).unwrap();
            }
            let used = (ev.thunks.len(), ev.frames.len(), ev.slots.len());
            assert!(used.0 >= 5000, "thunks: {}", used.0);
            drop(ev);
            let next = Eval::default();
            assert!(next.thunks.capacity() >= used.0);
            assert!(next.frames.capacity() >= used.1);
            assert!(next.slots.capacity() >= used.2);
            assert!(next.thunks.is_empty() && next.frames.len() == 1);
        })
        .join()
        .unwrap();
    }
}
