//! A handler section's `class`, resolved and constructed as CPython's
//! fileConfig does — without importing or opening anything.
//!
//! fileConfig runs `klass = eval(class, vars(logging))`, falls back to
//! `_resolve(class)` (import by dotted path) on `NameError`/`AttributeError`,
//! evaluates `args` and `kwargs`, then calls `klass(*args, **kwargs)`. This
//! module reproduces each step: [`resolve`] gives the class or the exception,
//! [`construct`] binds the arguments like a Python call (with CPython's
//! `TypeError` texts) and runs the constructor's own checks against a
//! [`FileSystem`] that is only *asked*, never changed.
//!
//! # Example
//! ```
//! use logcheck::handler_class::{construct, resolve, HandlerSpec, Platform, Resolution, VirtualFs};
//! use logcheck::pyvalue::{PyObject, PyValue};
//! use logcheck::version::PyVersion;
//! let v = PyVersion::DEFAULT;
//! let Resolution::Class(class) = resolve("StreamHandler", v, &[]) else { panic!() };
//! let args = PyValue::Tuple(vec![PyValue::Object(PyObject::Stdout)]);
//! let fs = VirtualFs::empty("/app");
//! let built = construct(&class, &args, &PyValue::Dict(vec![]), &fs, v, Platform::Posix);
//! assert!(matches!(built.result, Ok(HandlerSpec::Stream { .. })));
//! match resolve("NoSuchHandler", v, &[]) {
//!     Resolution::Error(e) => assert_eq!(e.to_string(), "ModuleNotFoundError: No module named 'NoSuchHandler'"),
//!     _ => panic!(),
//! }
//! ```

mod construct;
mod fs;
mod signature;

pub use construct::{
    Construction, FileRotation, HandlerSpec, SideEffect, StreamTarget, construct, open_encoding_error,
};
pub use fs::{
    FileSystem, PathKind, Platform, RealFileSystem, VirtualFs, abspath, normpath, nt_normpath,
    windows_foreign_path,
};
pub use signature::{KnownClass, bind};
pub(crate) use construct::max_bytes_positive;

use crate::diagnostic::PyException;
use crate::pyexpr::{EvalError, Namespace, NsEntry, as_class, eval, with_parsed};
use crate::pyvalue::{PyObject, PyValue};
use crate::version::PyVersion;

/// What `class=` names.
#[derive(Debug, Clone, PartialEq)]
pub enum HandlerClass {
    /// A standard-library handler class logcheck models.
    Known(KnownClass),
    /// A class that exists in the standard library but is not a modelled
    /// handler (`Formatter`, `logging.Logger`, ...): `module.qualname`.
    OtherClass(String),
    /// Not callable: calling it raises `TypeError: '<type>' object is not callable`.
    NotCallable { type_name: String, repr: String },
    /// From a package the caller declared importable: cannot be checked statically.
    Custom { path: String },
}

/// The outcome of resolving `class=`.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    Class(HandlerClass),
    /// Resolution itself raises (`SyntaxError`, `ModuleNotFoundError`, ...).
    Error(PyException),
    /// CPython would run code or import a module logcheck does not model.
    NotStatic {
        reason: String,
    },
}

/// Resolve a handler `class` value as `_install_handlers` does.
///
/// `importable` lists top-level packages the user says are importable
/// (third-party or the application's own); everything else that is not in
/// the standard library fails with `ModuleNotFoundError`.
pub fn resolve(text: &str, version: PyVersion, importable: &[String]) -> Resolution {
    let ns = Namespace::logging(version);
    let evaluated = with_parsed(text, version, |parsed| match parsed {
        Ok(expr) => Ok(eval(expr, &ns)),
        Err(e) => Err(e.exception.clone()),
    });
    match evaluated {
        Err(exception) => Resolution::Error(exception),
        Ok(Ok(value)) => classify(&value),
        Ok(Err(EvalError::Exception { exception, .. }))
            if exception.type_name == "NameError" || exception.type_name == "AttributeError" =>
        {
            resolve_dotted(text, &ns, importable)
        }
        Ok(Err(EvalError::Exception { exception, .. })) => Resolution::Error(exception),
        Ok(Err(EvalError::Syntax(e))) => Resolution::Error(e.exception),
        Ok(Err(EvalError::NotStatic { reason, .. })) => Resolution::NotStatic { reason },
    }
}

/// `logging.config._resolve(text)`: how a formatter `class` is resolved
/// (imported by dotted path, never evaluated).
pub fn resolve_import(text: &str, version: PyVersion, importable: &[String]) -> Resolution {
    resolve_dotted(text, &Namespace::logging(version), importable)
}

/// `logging.config._resolve(text)` giving the object itself (a class, a
/// stream, a module, a constant), for dictConfig's `ext://` values and
/// `class`/`()` keys; `Err` is what resolving does instead (raises, runs
/// code logcheck does not model, or names a class under `--importable`).
pub fn import_object(
    text: &str,
    version: PyVersion,
    importable: &[String],
) -> Result<PyValue, Resolution> {
    resolve_dotted_value(text, &Namespace::logging(version), importable)
}

/// What a resolved object is, as a handler `class` (a known class, another
/// class, or something not callable).
pub fn classify_object(value: &PyValue) -> HandlerClass {
    match classify(value) {
        Resolution::Class(c) => c,
        _ => HandlerClass::OtherClass(String::new()),
    }
}

fn classify(value: &PyValue) -> Resolution {
    if let Some(class) = as_class(value) {
        return Resolution::Class(match KnownClass::from_qualified(class) {
            Some(k) => HandlerClass::Known(k),
            None => HandlerClass::OtherClass(class.to_string()),
        });
    }
    let type_name = match value {
        PyValue::Object(PyObject::Module(_)) => "module".to_string(),
        other => other.type_name().to_string(),
    };
    Resolution::Class(HandlerClass::NotCallable {
        type_name,
        repr: crate::pyexpr::py_repr(value),
    })
}

/// `logging.config._resolve`: import the first component, then `getattr`
/// each further one, importing `prefix.component` when the attribute is missing.
fn resolve_dotted(text: &str, ns: &Namespace, importable: &[String]) -> Resolution {
    match resolve_dotted_value(text, ns, importable) {
        Ok(value) => classify(&value),
        Err(stop) => stop,
    }
}

/// [`resolve_dotted`]'s object, before it is classified.
fn resolve_dotted_value(
    text: &str,
    ns: &Namespace,
    importable: &[String],
) -> Result<PyValue, Resolution> {
    let parts: Vec<&str> = text.split('.').collect();
    let first = parts.first().copied().unwrap_or("");
    if let Some(stop) = import_first(text, first, ns, importable) {
        return Err(stop);
    }
    let mut found = NsEntry::Module(first.to_string());
    let mut used = first.to_string();
    for part in parts.iter().skip(1) {
        let prefix = used.clone();
        used = format!("{used}.{part}");
        found = getattr_step(&found, part, &used, &prefix, ns)?;
    }
    entry_value(found, text)
}

/// `__import__(first)`: a module the user's code can import is a custom
/// class; otherwise only the stdlib modules in the namespace table are
/// modelled. Returns the resolution when the import decides it.
fn import_first(
    text: &str,
    first: &str,
    ns: &Namespace,
    importable: &[String],
) -> Option<Resolution> {
    if importable.iter().any(|p| p == first) {
        return Some(Resolution::Class(HandlerClass::Custom {
            path: text.to_string(),
        }));
    }
    if first.is_empty() {
        return Some(Resolution::Error(PyException::value_error(
            "Empty module name",
        )));
    }
    if !ns.is_stdlib_module(first) {
        return Some(Resolution::Error(PyException::new(
            "ModuleNotFoundError",
            format!("No module named {}", crate::pyrepr::repr_str(first)),
        )));
    }
    // Importing any other stdlib module may have side effects
    // (`antigravity`, `this`).
    if ns.module_attr(first, "__name__").is_none() {
        return Some(Resolution::NotStatic {
            reason: format!("imports the standard-library module {first}"),
        });
    }
    None
}

/// One `getattr(found, part)` step of `_resolve` (`used` is the dotted
/// path so far, `prefix` the path before `part`).
fn getattr_step(
    found: &NsEntry,
    part: &str,
    used: &str,
    prefix: &str,
    ns: &Namespace,
) -> Result<NsEntry, Resolution> {
    match found {
        NsEntry::Module(m) => match ns.module_attr(m, part) {
            Some(Some(entry)) => Ok(entry),
            Some(None) => Err(import_submodule(m, used, prefix, ns)),
            None => Err(Resolution::NotStatic {
                reason: format!("attribute of the module {m}"),
            }),
        },
        NsEntry::Class(c) => match ns.class_attr(c, part) {
            Some(Some(entry)) => Ok(entry),
            _ => Err(Resolution::NotStatic {
                reason: format!("attribute of the class {c}"),
            }),
        },
        _ => Err(Resolution::NotStatic {
            reason: format!("attribute of {prefix}"),
        }),
    }
}

/// The attribute is missing from module `m`: `__import__(used)`, where a
/// submodule only exists in a package.
fn import_submodule(m: &str, used: &str, prefix: &str, ns: &Namespace) -> Resolution {
    let is_package = matches!(ns.module_attr(m, "__path__"), Some(Some(_)));
    let msg = if is_package {
        format!("No module named {}", crate::pyrepr::repr_str(used))
    } else {
        format!(
            "No module named {}; {} is not a package",
            crate::pyrepr::repr_str(used),
            crate::pyrepr::repr_str(prefix)
        )
    };
    if is_package && ns.is_stdlib_module(used) {
        return Resolution::NotStatic {
            reason: format!("imports the standard-library module {used}"),
        };
    }
    Resolution::Error(PyException::new("ModuleNotFoundError", msg))
}

/// The value `_resolve` returns; a runtime value of the namespace is not static.
fn entry_value(found: NsEntry, text: &str) -> Result<PyValue, Resolution> {
    Ok(match found {
        NsEntry::Module(m) => PyValue::Object(PyObject::Module(m)),
        NsEntry::Class(c) => crate::pyexpr::class_value(&c),
        NsEntry::Int(i) => PyValue::Int(i),
        NsEntry::Float(f) => PyValue::Float(f),
        NsEntry::Str(s) => PyValue::Str(s),
        NsEntry::Bool(b) => PyValue::Bool(b),
        NsEntry::None => PyValue::None,
        NsEntry::Stdout => PyValue::Object(PyObject::Stdout),
        NsEntry::Stderr => PyValue::Object(PyObject::Stderr),
        NsEntry::Dyn(t) => {
            return Err(Resolution::NotStatic {
                reason: format!("{text} is a runtime value of type {t}"),
            });
        }
    })
}

#[cfg(test)]
mod tests;
