//! A safe reader for the Python expressions in a fileConfig file.
//!
//! CPython `eval()`s a handler's `class`, `args` and `kwargs` (and, 3.12+, a
//! formatter's `defaults`) with `vars(logging)` as globals, so a config file
//! can run arbitrary code. logcheck never evaluates anything: it tokenizes and
//! parses the text itself (reproducing CPython's `SyntaxError` messages for the
//! usual mistakes), then evaluates only pure constructs — literals, tuples,
//! lists, dicts, arithmetic on constants, and the names of the logging
//! namespace (`sys.stdout`, `DEBUG`, `handlers.SYSLOG_UDP_PORT`, ...). Anything
//! that would run code is reported as [`EvalError::NotStatic`] with the span of
//! the offending sub-expression.
//!
//! # Example
//! ```
//! use logcheck::pyexpr::{evaluate, EvalError, Namespace};
//! use logcheck::pyvalue::{PyObject, PyValue};
//! use logcheck::version::PyVersion;
//! let ns = Namespace::logging(PyVersion::DEFAULT);
//! assert_eq!(
//!     evaluate("(sys.stdout,)", &ns),
//!     Ok(PyValue::Tuple(vec![PyValue::Object(PyObject::Stdout)]))
//! );
//! assert_eq!(evaluate("10*1024*1024", &ns), Ok(PyValue::Int(10485760)));
//! let err = evaluate("(stdout,)", &ns).unwrap_err();
//! assert_eq!(err.exception().unwrap().to_string(), "NameError: name 'stdout' is not defined");
//! assert!(matches!(evaluate("__import__('os')", &ns), Err(EvalError::NotStatic { .. })));
//! ```

mod arguments;
mod environ;
mod eval;
mod fstring;
mod lexer;
mod namespace;
mod parser;
mod repr;
mod warnings;

pub use environ::EnvRead;
pub use eval::{as_class, class_value, eval, eval_reading};
pub use namespace::{Environment, Namespace, NsEntry};
pub use parser::{parse, parse_for, with_parsed};
pub use repr::{py_repr, repr_float};
pub use warnings::{CompileWarning, compile_warnings};

use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::source::Span;

/// Nesting (in parser levels: eight per bracket, one per unary operator or
/// chained operation) that is parsed and evaluated on the calling thread:
/// real configs need a handful. Deeper text is parsed and evaluated on a
/// thread of its own with [`DEEP_STACK_BYTES`] of stack (`with_parsed`),
/// so that no caller's stack, however small, overflows.
pub const MAX_DEPTH: usize = 100;

/// Nesting evaluated on the deep thread. CPython 3.9+ accepts 200 nested
/// brackets (1,600 levels here) when they hold nothing else; with more at
/// every level (`[-[-…`) its parser overflows from ≈ 192 levels, and its
/// compiler's recursion stops at ≈ 3,000 (3.10–3.12). So up to 1,620 levels
/// logcheck's answer is CPython's. 3.8's old parser runs out of stack much
/// earlier (841 chained `**`), so 800 there. Deeper text is reported as not
/// evaluated rather than guessed.
pub const fn deep_depth(minor: u32) -> usize {
    if minor <= 8 { 800 } else { 1_620 }
}

/// The oldest CPython whose `SyntaxError` messages logcheck words exactly.
pub const OLDEST_EXACT_SYNTAX_MINOR: u32 = 11;

/// The deep thread's stack: enough for [`deep_depth`] levels of the parser
/// and evaluator in a debug build (≈ 3 KB a level), reserved, not touched.
pub const DEEP_STACK_BYTES: usize = 64 << 20;

/// Largest string/bytes/sequence a constant expression may build.
pub const MAX_LEN: usize = 1 << 20;

/// A parsed expression with byte spans relative to the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Plus,
    Minus,
    Invert,
}

/// Binary arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    /// `@ << >> & | ^`: parsed, never evaluated.
    Other(&'static str),
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::Other(s) => s,
        }
    }
}

/// Expression nodes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A literal: str, bytes, int, float, True/False/None.
    Const(PyValue),
    Name(String),
    Attribute(Box<Expr>, String),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A call: the callee and the argument values are evaluated (Python does
    /// that before calling), then evaluation stops as not static — except the
    /// read-only environment lookups of [`Environment`]. The flag is true when
    /// every argument is a plain positional one.
    Call(Box<Expr>, Vec<Expr>, bool),
    /// `a[b]`: both evaluated, then not static (except `os.environ[key]`).
    /// The flag is true for one plain index (no slice, no tuple).
    Subscript(Box<Expr>, Vec<Expr>, bool),
    /// An f-string with replacement fields (no format specs, no `=`).
    FString(Vec<FStringPart>),
    /// Valid Python that logcheck does not evaluate (lambda, comprehension,
    /// set, comparison, `and`/`or`, conditional, f-string, complex, ...).
    NotStatic(&'static str),
    /// A literal beyond what logcheck evaluates (an integer beyond `i128`,
    /// nesting deeper than [`deep_depth`]): CPython evaluates it.
    BeyondLimits(&'static str),
}

/// A piece of an f-string.
#[derive(Debug, Clone, PartialEq)]
pub enum FStringPart {
    /// Literal text (escapes decoded, `{{` and `}}` collapsed).
    Literal(String),
    /// `{expr}`, `{expr!r}`, `{expr!s}`, `{expr!a}`.
    Field {
        expr: Expr,
        conversion: Option<char>,
    },
}

/// A Python `SyntaxError` (or `IndentationError`) as `eval` raises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PySyntaxError {
    /// Type and `str(exc)`, e.g. `invalid syntax (<string>, line 1)`.
    pub exception: PyException,
    /// Where in the source (the offending token).
    pub span: Span,
    /// False when CPython's wording for this input may differ (the text is
    /// logcheck's best approximation; the type is still right).
    pub exact_message: bool,
}

impl PySyntaxError {
    pub(crate) fn at_line(
        type_name: &str,
        msg: impl Into<String>,
        line: usize,
        span: Span,
        exact: bool,
    ) -> Self {
        PySyntaxError {
            exception: PyException::new(
                type_name,
                format!("{} (<string>, line {line})", msg.into()),
            ),
            span,
            exact_message: exact,
        }
    }
}

/// Why evaluation stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// The text does not compile.
    Syntax(PySyntaxError),
    /// CPython's `eval` raises this exception (NameError, ZeroDivisionError, ...).
    Exception { exception: PyException, span: Span },
    /// CPython would run code here (a call, an import, ...) or compute a value
    /// logcheck cannot know; `reason` says which.
    NotStatic {
        span: Span,
        reason: String,
        /// The value is plain data or arithmetic CPython computes, only
        /// beyond logcheck's own limits (integers within `i128`, values of
        /// [`MAX_LEN`], [`deep_depth`] levels): not code with effects.
        beyond_limits: bool,
    },
}

impl EvalError {
    /// The exception CPython raises, when it is known.
    pub fn exception(&self) -> Option<&PyException> {
        match self {
            EvalError::Syntax(e) => Some(&e.exception),
            EvalError::Exception { exception, .. } => Some(exception),
            EvalError::NotStatic { .. } => None,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            EvalError::Syntax(e) => e.span,
            EvalError::Exception { span, .. } | EvalError::NotStatic { span, .. } => *span,
        }
    }
}

/// A decoded string literal piece.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StrValue {
    Str(String),
    Bytes(Vec<u8>),
    NotStatic(&'static str),
}

/// Parse and evaluate `src` as `eval(src, vars(logging))` would, without running code.
pub fn evaluate(src: &str, ns: &Namespace) -> Result<PyValue, EvalError> {
    evaluate_reading(src, ns).0
}

/// [`evaluate`], also returning the environment reads it evaluated (in
/// evaluation order, including one that raised), when `ns` has an
/// [`Environment`].
pub fn evaluate_reading(src: &str, ns: &Namespace) -> (Result<PyValue, EvalError>, Vec<EnvRead>) {
    // the wording and limits of the version asked for: the namespace's
    // table may be a later one
    let version = crate::version::PyVersion::new(3, ns.python_minor(), u32::MAX);
    with_parsed(src, version, |parsed| {
        let mut reads = Vec::new();
        let result = match parsed {
            Ok(expr) => eval_reading(expr, ns, &mut reads),
            Err(e) => Err(EvalError::Syntax(e.clone())),
        };
        (result, reads)
    })
}

#[cfg(test)]
mod tests;
