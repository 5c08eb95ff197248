//! Error kinds in the vocabulary of the conformance schema.

use aspects_nix::ErrorKind;

/// The schema's `errorKind` for an evaluator error kind.
pub fn conformance_kind(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "syntax",
        ErrorKind::InfiniteRecursion => "infinite-recursion",
        ErrorKind::StackOverflow => "stack-overflow",
        ErrorKind::NonTerminating | ErrorKind::OutOfMemory => "non-terminating",
        ErrorKind::IncludeCycle => "include-cycle",
        ErrorKind::MissingAttribute => "missing-attribute",
        ErrorKind::UnexpectedArgument => "unexpected-argument",
        ErrorKind::MissingArgument => "missing-argument",
        ErrorKind::NotAFunction => "not-a-function",
        ErrorKind::WrongValueType => "wrong-value-type",
        ErrorKind::Coercion => "coercion",
        ErrorKind::OptionType => "option-type",
        ErrorKind::ConflictingDefinitions => "conflicting-definitions",
        ErrorKind::ConflictingTypes => "conflicting-types",
        ErrorKind::UndefinedOption => "undefined-option",
        ErrorKind::UndeclaredOption => "undeclared-option",
        ErrorKind::ReadOnly => "read-only",
        ErrorKind::UndefinedVariable
        | ErrorKind::DivisionByZero
        | ErrorKind::Throw
        | ErrorKind::Abort
        | ErrorKind::Assertion
        | ErrorKind::Io
        | ErrorKind::Other => "other",
    }
}
