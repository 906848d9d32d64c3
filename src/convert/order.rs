//! Handler creation order, which shows at exit: `logging.shutdown()`
//! flushes and closes handlers newest first. fileConfig creates them in
//! `[handlers] keys` order; dictConfig in sorted name order, deferring a
//! MemoryHandler whose target is not built yet to a second pass (where a
//! target that is still not built raises).

use super::Note;
use crate::handler_class::{HandlerSpec, StreamTarget};
use crate::model::{Config, HandlerDef};
use crate::version::PyVersion;

/// dictConfig's creation order of `config`'s handlers (names), or the
/// handler whose target dictConfig cannot set up.
pub(crate) fn dict_order(config: &Config) -> Result<Vec<&str>, String> {
    let mut names: Vec<&str> = config
        .handlers
        .iter()
        .map(|h| h.key.value.as_str())
        .collect();
    names.sort_unstable();
    let mut built: Vec<&str> = Vec::with_capacity(names.len());
    let mut deferred = Vec::new();
    for name in names {
        match target_of(config, name) {
            Some(t) if !built.contains(&t) => deferred.push(name),
            _ => built.push(name),
        }
    }
    for name in deferred {
        match target_of(config, name) {
            Some(t) if !built.contains(&t) => {
                return Err(format!(
                    "MemoryHandler `{name}` targets `{t}`, which dictConfig has not built when it retries `{name}` (it builds handlers in sorted name order and retries once): dictConfig raises ValueError: Unable to configure handler '{name}'"
                ));
            }
            _ => built.push(name),
        }
    }
    Ok(built)
}

fn target_of<'c>(config: &'c Config, name: &str) -> Option<&'c str> {
    let h = config.handler(name)?;
    match h.spec {
        HandlerSpec::Memory { .. } => h.target.as_ref().map(|t| t.value.as_str()),
        _ => None,
    }
}

/// The target of a MemoryHandler that writes to it at exit (before 3.12
/// shutdown flushes whatever `flushOnClose` says).
fn flushing_at_exit(h: &HandlerDef, version: PyVersion) -> Option<&str> {
    match h.spec {
        HandlerSpec::Memory { flush_on_close, .. }
            if crate::handlers::memory::flushes_at_shutdown(flush_on_close, version) =>
        {
            h.target.as_ref().map(|t| t.value.as_str())
        }
        _ => None,
    }
}

/// Where a handler's records end up: the same text for handlers that
/// write to the same stream or file.
fn destination(config: &Config, key: &str) -> String {
    match config.handler(key).map(|h| &h.spec) {
        Some(HandlerSpec::Stream {
            target: StreamTarget::Stdout,
        }) => "stream stdout".into(),
        Some(HandlerSpec::Stream { .. }) => "stream stderr".into(),
        Some(HandlerSpec::File { path, .. }) => format!("file {path}"),
        _ => format!("handler {key}"),
    }
}

/// A target that writes the same after `close()`: a stream handler does
/// not close its stream, a NullHandler writes nothing, a file handler not
/// in mode 'w' reopens its file and appends (in mode 'w' CPython 3.10+
/// drops the record, earlier versions truncate the file).
fn survives_close(config: &Config, key: &str) -> bool {
    match config.handler(key).map(|h| &h.spec) {
        Some(HandlerSpec::Stream { .. } | HandlerSpec::Null) => true,
        Some(HandlerSpec::File { mode, .. }) => !mode.contains('w'),
        _ => false,
    }
}

/// Where the two creation orders make the exit differ.
pub(crate) fn exit_notes(config: &Config, dict: &[&str], version: PyVersion) -> Vec<Note> {
    let file_pos = |k: &str| config.handlers.iter().position(|h| h.key.value == k);
    let dict_pos = |k: &str| dict.iter().position(|n| *n == k);
    let mut notes = Vec::new();
    let flushing: Vec<(&str, &str)> = config
        .handlers
        .iter()
        .filter_map(|h| Some((h.key.value.as_str(), flushing_at_exit(h, version)?)))
        .collect();
    for &(m, t) in &flushing {
        if file_pos(m) < file_pos(t) && !survives_close(config, t) {
            notes.push(Note::approximate(format!(
                "MemoryHandler `{m}` is listed before its target `{t}`: at exit fileConfig's shutdown closes `{t}` before `{m}` flushes into it, so what `{m}` still buffers is lost (or, in mode 'w' before Python 3.10, truncates the file); dictConfig always builds `{m}` after `{t}`, so its buffer is written"
            )));
        }
    }
    for (i, &(m1, t1)) in flushing.iter().enumerate() {
        for &(m2, t2) in &flushing[i + 1..] {
            let same = destination(config, t1) == destination(config, t2);
            let swapped = (file_pos(m1) < file_pos(m2)) != (dict_pos(m1) < dict_pos(m2));
            if same && swapped {
                notes.push(Note::approximate(format!(
                    "MemoryHandlers `{m1}` and `{m2}` flush to the same place at exit in the reverse of their creation order, which dictConfig (sorted names) reverses: their buffered records come out in the other order (rename them so that sorted order is [handlers] keys order)"
                )));
            }
        }
    }
    notes
}

/// Exclusive-create (`'x'`) files opened at construction by two handlers:
/// which one fails depends on creation order.
pub(crate) fn exclusive_notes(config: &Config, dict: &[&str]) -> Vec<Note> {
    let opened: Vec<(&str, &str, bool)> = config
        .handlers
        .iter()
        .filter_map(|h| match &h.spec {
            HandlerSpec::File {
                path,
                mode,
                delay: false,
                ..
            } => Some((h.key.value.as_str(), path.as_str(), mode.contains('x'))),
            _ => None,
        })
        .collect();
    let dict_pos = |k: &str| dict.iter().position(|n| *n == k);
    let mut notes = Vec::new();
    for (i, &(a, pa, xa)) in opened.iter().enumerate() {
        for &(b, pb, xb) in &opened[i + 1..] {
            if pa == pb && (xa || xb) && dict_pos(b) < dict_pos(a) {
                notes.push(Note::refuse(format!(
                    "handlers `{a}` and `{b}` open {pa} at construction, one with mode 'x': dictConfig builds `{b}` first, so the other one raises FileExistsError"
                )));
            }
        }
    }
    notes
}

/// A MemoryHandler no logger holds, only other MemoryHandlers' `target`:
/// at exit, once those are closed (their target set to None), nothing
/// fileConfig built references it, so CPython frees it before shutdown
/// flushes it and its buffer is lost; dictConfig's configuration objects
/// keep every handler alive in a reference cycle until the garbage
/// collector runs, so there it is flushed (found by the live test of
/// `--to ini`).
pub(crate) fn unreferenced_notes(config: &Config, attached: &[&str]) -> Vec<Note> {
    let mut notes = Vec::new();
    for h in &config.handlers {
        let key = h.key.value.as_str();
        let is_memory = matches!(h.spec, HandlerSpec::Memory { .. });
        let targeted = config
            .handlers
            .iter()
            .any(|m| m.target.as_ref().is_some_and(|t| t.value == key));
        if is_memory && targeted && !attached.contains(&key) {
            notes.push(Note::approximate(unreferenced_message(key, true)));
        }
    }
    notes
}

/// The note for a MemoryHandler reachable only as a target, said from the
/// original's side (`from_ini`: the original is the INI file).
pub(crate) fn unreferenced_message(key: &str, from_ini: bool) -> String {
    let ini = "fileConfig's objects leave it unreferenced once those are closed, so CPython frees it unflushed";
    let dict = "dictConfig's objects keep it alive until the garbage collector runs, so its buffer is written";
    let (first, second) = if from_ini { (ini, dict) } else { (dict, ini) };
    format!(
        "MemoryHandler `{key}` is attached to no logger, only the target of other MemoryHandlers: at exit {first}, while {second}"
    )
}
