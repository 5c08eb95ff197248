//! Evaluation errors: a kind, a message, where it happened, and the trace
//! of what was being evaluated.

use crate::ast::Span;
use std::fmt;

/// What went wrong, in the vocabulary the UI and the conformance schema use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    UndefinedVariable,
    InfiniteRecursion,
    /// Too deep: the evaluator's call-depth limit.
    StackOverflow,
    /// The step budget ran out.
    NonTerminating,
    /// The memory budget ran out.
    OutOfMemory,
    MissingAttribute,
    UnexpectedArgument,
    MissingArgument,
    NotAFunction,
    WrongValueType,
    Coercion,
    DivisionByZero,
    /// `throw`
    Throw,
    /// `abort`
    Abort,
    /// A failed `assert`.
    Assertion,
    /// A file that cannot be read or imported.
    Io,
    /// Module system: a definition does not have the option's type.
    OptionType,
    /// Module system: definitions that must agree do not.
    ConflictingDefinitions,
    /// Module system: an `either` whose definitions fit neither branch alike.
    ConflictingTypes,
    /// Module system: an option read without any definition or default.
    UndefinedOption,
    /// Module system: a definition for an option nobody declared.
    UndeclaredOption,
    /// Module system: a read-only option defined more than once.
    ReadOnly,
    /// flake-aspects: an aspect that (transitively) includes itself.
    IncludeCycle,
    Other,
}

impl ErrorKind {
    /// The stable name (the conformance schema's `errorKind` where one fits).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::UndefinedVariable => "undefined-variable",
            ErrorKind::InfiniteRecursion => "infinite-recursion",
            ErrorKind::StackOverflow => "stack-overflow",
            ErrorKind::NonTerminating => "non-terminating",
            ErrorKind::OutOfMemory => "out-of-memory",
            ErrorKind::MissingAttribute => "missing-attribute",
            ErrorKind::UnexpectedArgument => "unexpected-argument",
            ErrorKind::MissingArgument => "missing-argument",
            ErrorKind::NotAFunction => "not-a-function",
            ErrorKind::WrongValueType => "wrong-value-type",
            ErrorKind::Coercion => "coercion",
            ErrorKind::DivisionByZero => "division-by-zero",
            ErrorKind::Throw => "throw",
            ErrorKind::Abort => "abort",
            ErrorKind::Assertion => "assertion",
            ErrorKind::Io => "io",
            ErrorKind::OptionType => "option-type",
            ErrorKind::ConflictingDefinitions => "conflicting-definitions",
            ErrorKind::ConflictingTypes => "conflicting-types",
            ErrorKind::UndefinedOption => "undefined-option",
            ErrorKind::UndeclaredOption => "undeclared-option",
            ErrorKind::ReadOnly => "read-only",
            ErrorKind::IncludeCycle => "include-cycle",
            ErrorKind::Other => "other",
        }
    }

    /// Errors `builtins.tryEval` catches.
    pub fn is_catchable(self) -> bool {
        matches!(self, ErrorKind::Throw | ErrorKind::Assertion)
    }

    /// Resource limits: these must never be cached or caught.
    pub fn is_limit(self) -> bool {
        matches!(
            self,
            ErrorKind::StackOverflow | ErrorKind::NonTerminating | ErrorKind::OutOfMemory
        )
    }
}

/// One line of the trace: what was being evaluated, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceFrame {
    pub message: String,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    /// Innermost first.
    pub trace: Vec<TraceFrame>,
}

/// How many trace frames an error keeps (the innermost ones).
const MAX_TRACE: usize = 40;

impl EvalError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        EvalError {
            kind,
            message: message.into(),
            span: None,
            trace: Vec::new(),
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    pub fn boxed(self) -> Box<EvalError> {
        Box::new(self)
    }

    /// Adds an outer frame to the trace.
    pub fn push_frame(&mut self, message: impl Into<String>, span: Option<Span>) {
        if self.trace.len() < MAX_TRACE {
            self.trace.push(TraceFrame {
                message: message.into(),
                span,
            });
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

pub type EvalResult<T> = Result<T, Box<EvalError>>;

/// Shorthand for an error result.
pub fn fail<T>(kind: ErrorKind, message: impl Into<String>) -> EvalResult<T> {
    Err(EvalError::new(kind, message).boxed())
}
