//! Read-only lookups of the process environment that config files use in
//! `args`: `os.getcwd()`, `os.environ[key]`, `os.environ.get(key[, default])`,
//! `os.getenv(key[, default])`, the `os.path` string functions `join`,
//! `dirname`, `basename`, `normpath`, `abspath` and `expanduser`, and the
//! platform constants `os.devnull`, `os.sep`, `os.pathsep`, `os.linesep`,
//! `os.curdir`, `os.pardir`, `os.extsep`, `os.altsep` and `os.name`.
//!
//! They are code CPython runs, so each one is recorded as an [`EnvRead`] (the
//! caller reports it), but they are pure given the environment, so evaluation
//! continues with the value CPython computes. Calls logcheck does not model
//! exactly (wrong arity, keyword arguments, non-str arguments) stay not static.

use super::eval::{exc, not_static};
use super::namespace::{Environment, Namespace, NsEntry};
use super::{EvalError, Expr, ExprKind, py_repr};
use crate::pyvalue::PyValue;
use crate::source::Span;

/// One evaluated environment read, for the code-execution diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRead {
    /// The call or subscript in the evaluated text.
    pub span: Span,
    /// What was called, e.g. `os.environ.get('TMPDIR', '/tmp')`.
    pub call: String,
    /// The value's repr, or the exception (`KeyError: 'x'`).
    pub result: String,
}

/// A modelled function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvFunction {
    Getcwd,
    Getenv,
    EnvironGet,
    Join,
    Dirname,
    Basename,
    Normpath,
    Abspath,
    Expanduser,
}

impl EnvFunction {
    fn name(self) -> &'static str {
        match self {
            EnvFunction::Getcwd => "os.getcwd",
            EnvFunction::Getenv => "os.getenv",
            EnvFunction::EnvironGet => "os.environ.get",
            EnvFunction::Join => "os.path.join",
            EnvFunction::Dirname => "os.path.dirname",
            EnvFunction::Basename => "os.path.basename",
            EnvFunction::Normpath => "os.path.normpath",
            EnvFunction::Abspath => "os.path.abspath",
            EnvFunction::Expanduser => "os.path.expanduser",
        }
    }
}

/// What a dotted expression names, statically.
enum Dotted {
    Module(String),
    Value(String),
}

fn dotted(expr: &Expr, ns: &Namespace, depth: usize) -> Option<Dotted> {
    if depth > 8 {
        return None;
    }
    match &expr.kind {
        ExprKind::Name(name) => match ns.global(name)? {
            NsEntry::Module(m) => Some(Dotted::Module(m)),
            _ => None,
        },
        ExprKind::Attribute(obj, attr) => match dotted(obj, ns, depth + 1)? {
            Dotted::Module(m) => match ns.module_attr(&m, attr)?? {
                NsEntry::Module(inner) => Some(Dotted::Module(inner)),
                NsEntry::Dyn(_) => Some(Dotted::Value(format!("{m}.{attr}"))),
                _ => None,
            },
            Dotted::Value(v) => Some(Dotted::Value(format!("{v}.{attr}"))),
        },
        _ => None,
    }
}

/// The modelled function `func` names, if any.
pub(crate) fn environment_function(func: &Expr, ns: &Namespace) -> Option<EnvFunction> {
    let Dotted::Value(path) = dotted(func, ns, 0)? else {
        return None;
    };
    Some(match path.as_str() {
        "os.getcwd" => EnvFunction::Getcwd,
        "os.getenv" => EnvFunction::Getenv,
        "os.environ.get" => EnvFunction::EnvironGet,
        "posixpath.join" => EnvFunction::Join,
        "posixpath.dirname" => EnvFunction::Dirname,
        "posixpath.basename" => EnvFunction::Basename,
        "posixpath.normpath" => EnvFunction::Normpath,
        "posixpath.abspath" => EnvFunction::Abspath,
        "posixpath.expanduser" => EnvFunction::Expanduser,
        _ => return None,
    })
}

/// `obj` is `os.environ`.
pub(crate) fn is_environ(obj: &Expr, ns: &Namespace) -> bool {
    matches!(dotted(obj, ns, 0), Some(Dotted::Value(v)) if v == "os.environ")
}

fn call_text(function: EnvFunction, args: &[PyValue]) -> String {
    let args: Vec<String> = args.iter().map(py_repr).collect();
    format!("{}({})", function.name(), args.join(", "))
}

/// `key` must be a str (`os.environ` encodes it first).
fn environ_key(key: &PyValue, span: Span) -> Result<&str, EvalError> {
    match key {
        PyValue::Str(s) => Ok(s),
        other => Err(exc(
            "TypeError",
            format!("str expected, not {}", other.type_name()),
            span,
        )),
    }
}

/// `os.environ[key]`.
pub(crate) fn environ_item(
    key: &PyValue,
    env: &Environment,
    span: Span,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    let call = format!("os.environ[{}]", py_repr(key));
    let result = environ_key(key, span).and_then(|k| match env.var(k) {
        Some(v) => Ok(PyValue::Str(v.to_string())),
        None => Err(EvalError::Exception {
            exception: crate::diagnostic::PyException::key_error(k),
            span,
        }),
    });
    record(reads, span, call, &result);
    result
}

fn record(reads: &mut Vec<EnvRead>, span: Span, call: String, result: &Result<PyValue, EvalError>) {
    let result = match result {
        Ok(v) => py_repr(v),
        Err(e) => match e.exception() {
            Some(exc) => exc.to_string(),
            None => return,
        },
    };
    reads.push(EnvRead { span, call, result });
}

fn strings(args: &[PyValue]) -> Option<Vec<&str>> {
    args.iter()
        .map(|a| match a {
            PyValue::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

/// Calls a modelled function with positional `args`.
pub(crate) fn call(
    function: EnvFunction,
    args: &[PyValue],
    env: &Environment,
    span: Span,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    let unmodelled = || {
        Err(not_static(
            span,
            format!("{} with these arguments", function.name()),
        ))
    };
    let result = match function {
        EnvFunction::Getcwd => {
            if !args.is_empty() {
                return unmodelled();
            }
            Ok(PyValue::Str(env.cwd.clone()))
        }
        EnvFunction::Getenv | EnvFunction::EnvironGet => {
            let (key, default) = match args {
                [key] => (key, PyValue::None),
                [key, default] => (key, default.clone()),
                _ => return unmodelled(),
            };
            environ_key(key, span).map(|k| match env.var(k) {
                Some(v) => PyValue::Str(v.to_string()),
                None => default,
            })
        }
        _ => {
            let Some(parts) = strings(args) else {
                return unmodelled();
            };
            let text = match (function, parts.as_slice()) {
                (EnvFunction::Join, [first, rest @ ..]) => join(first, rest),
                (EnvFunction::Dirname, [p]) => dirname(p),
                (EnvFunction::Basename, [p]) => basename(p).to_string(),
                (EnvFunction::Normpath, [p]) => normpath(p),
                (EnvFunction::Abspath, [p]) => abspath(p, &env.cwd),
                (EnvFunction::Expanduser, [p]) => match expanduser(p, env) {
                    Some(t) => t,
                    None => return unmodelled(),
                },
                _ => return unmodelled(),
            };
            Ok(PyValue::Str(text))
        }
    };
    record(reads, span, call_text(function, args), &result);
    result
}

/// A constant of the platform's `os` module that configs read in `args`
/// (`os.devnull`, `os.sep`, `os.pathsep`, `os.linesep`, `os.curdir`,
/// `os.pardir`, `os.extsep`, `os.altsep`, `os.name`): recorded as a read (it
/// is the platform's value, POSIX here) and evaluated. `None`: not such a constant, or no environment.
pub(crate) fn module_constant(
    module: &str,
    attr: &str,
    ns: &Namespace,
    span: Span,
    reads: &mut Vec<EnvRead>,
) -> Option<Result<PyValue, EvalError>> {
    ns.environment()?;
    let value = match (module, attr) {
        ("os" | "posixpath", "devnull") => PyValue::Str("/dev/null".into()),
        ("os" | "posixpath", "sep") => PyValue::Str("/".into()),
        ("os" | "posixpath", "pathsep") => PyValue::Str(":".into()),
        ("os" | "posixpath", "curdir" | "extsep") => PyValue::Str(".".into()),
        ("os" | "posixpath", "pardir") => PyValue::Str("..".into()),
        ("os" | "posixpath", "altsep") => PyValue::None,
        ("os", "linesep") => PyValue::Str("\n".into()),
        ("os", "name") => PyValue::Str("posix".into()),
        _ => return None,
    };
    let result = Ok(value);
    record(reads, span, format!("{module}.{attr}"), &result);
    Some(result)
}

/// `posixpath.join`.
pub(crate) fn join(first: &str, rest: &[&str]) -> String {
    let mut path = first.to_string();
    for b in rest {
        if b.starts_with('/') {
            path = (*b).to_string();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(b);
        } else {
            path.push('/');
            path.push_str(b);
        }
    }
    path
}

/// `posixpath.dirname`.
fn dirname(p: &str) -> String {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    let head = &p[..i];
    if !head.is_empty() && head.chars().any(|c| c != '/') {
        head.trim_end_matches('/').to_string()
    } else {
        head.to_string()
    }
}

/// `posixpath.basename`.
fn basename(p: &str) -> &str {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    &p[i..]
}

/// `posixpath.normpath`: the one implementation, shared with the handler constructors.
fn normpath(path: &str) -> String {
    crate::handler_class::normpath(path)
}

/// `posixpath.abspath` with `os.getcwd()` = `cwd`.
fn abspath(p: &str, cwd: &str) -> String {
    if p.starts_with('/') {
        normpath(p)
    } else {
        normpath(&join(cwd, &[p]))
    }
}

/// `posixpath.expanduser` for `~` and `~/...` (needs `HOME`); `~user` is not modelled.
fn expanduser(p: &str, env: &Environment) -> Option<String> {
    if !p.starts_with('~') {
        return Some(p.to_string());
    }
    let i = p.find('/').unwrap_or(p.len());
    if i != 1 {
        return None;
    }
    let home = env.var("HOME")?;
    let home = home.trim_end_matches('/');
    let out = format!("{home}{}", &p[i..]);
    Some(if out.is_empty() { "/".into() } else { out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posixpath_functions_match_python() {
        assert_eq!(join("a", &["b", "/c", "d"]), "/c/d");
        assert_eq!(join("a/", &["b"]), "a/b");
        assert_eq!(dirname("/a/b//c"), "/a/b");
        assert_eq!(dirname("///x"), "///");
        assert_eq!(dirname("x"), "");
        assert_eq!(basename("a/b/"), "");
        assert_eq!(normpath("//a/../b/./c/"), "//b/c");
        assert_eq!(normpath("../a/.."), "..");
        assert_eq!(normpath("///a"), "/a");
        assert_eq!(abspath("x/../y", "/w"), "/w/y");
    }
}
