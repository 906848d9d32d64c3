//! The "already reported" token: proof that a diagnostic explains why an item
//! is not built.
//!
//! Like rustc's `ErrorGuaranteed`, a [`Reported`] can only be made by the
//! functions here, and each of them records the reason for the user as it
//! makes one. A step that fails returns `Err(Reported)`; its caller can skip
//! what follows without reporting again, and cannot skip silently: there is
//! no way to say "failed" without having said why. The field is private to
//! this module, so the sibling modules of the lowering cannot forge one.

use super::Lowered;
use crate::diagnostic::Diagnostic;

/// A diagnostic (or the qualified verdict) already tells why something
/// failed; carried instead of `()` in `Result<_, Reported>`.
#[must_use = "a failure was reported: skip what depends on it"]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reported(());

/// Records an error CPython raises here; the first one is the verdict.
pub(super) fn raise(out: &mut Lowered, diag: Diagnostic) -> Reported {
    if out.python_error.is_none()
        && let Some(exc) = &diag.python
    {
        out.python_error = Some(crate::diagnostic::PyException::clone(exc));
    }
    out.diagnostics.push(diag);
    Reported(())
}

/// Records a finding that is not an exception CPython raises here (code
/// logcheck does not run, a class it cannot check) but that stops the item
/// from being modelled.
pub(super) fn report(out: &mut Lowered, diag: Diagnostic) -> Reported {
    out.diagnostics.push(diag);
    Reported(())
}

/// Marks that CPython would run code here that logcheck cannot evaluate: the
/// verdict line says so ("provided the code … succeeds"), and that
/// qualification is the report.
pub(super) fn uncertain(out: &mut Lowered) -> Reported {
    if out.python_error.is_none() {
        out.verdict_uncertain = true;
    }
    Reported(())
}
