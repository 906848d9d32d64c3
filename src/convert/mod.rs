//! `logcheck convert`: a fileConfig INI file as the dictConfig document
//! that makes CPython do the same thing, and back.
//!
//! [`ini_to_dict`] turns a file that loads into a [`Value`] tree whose
//! `logging.config.dictConfig` writes exactly what `fileConfig` of the
//! original writes, for the same logging calls (streams and files): `args`
//! become keyword arguments by the constructor's signature, `sys.stdout`
//! becomes `ext://sys.stdout`, tuples lists, class names importable dotted
//! paths, `[DEFAULT]` interpolation is resolved, repeated qualnames and
//! `qualname=root` are merged as fileConfig applies them. What dictConfig
//! cannot say the same way is a [`Note`]: a [`NoteKind::Refusal`] means
//! there is no faithful document (nothing is produced), a
//! [`NoteKind::Approximation`] that the document is the closest
//! equivalent and differs as the note says. [`to_json`] and [`to_yaml`]
//! write the tree; [`dict_to_ini`] goes back from a dictConfig document
//! where fileConfig can express it.
//!
//! The module is pure data: it never prints, reads or writes files.

mod from_ini;
mod json;
mod order;
mod pyvalue;
mod to_ini;
mod value;
mod yaml;

pub use from_ini::ini_to_dict;
pub use json::to_json;
pub use to_ini::{DictFormat, dict_to_ini};
pub use value::Value;
pub use yaml::to_yaml;

/// How serious a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The target format cannot say this: no document is produced.
    Refusal,
    /// The document is produced but behaves differently as described.
    Approximation,
}

/// Something the conversion could not carry over exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Refusal or approximation.
    pub kind: NoteKind,
    /// What differs and why, in one sentence.
    pub message: String,
}

impl Note {
    pub(crate) fn refuse(message: impl Into<String>) -> Note {
        Note {
            kind: NoteKind::Refusal,
            message: message.into(),
        }
    }

    pub(crate) fn approximate(message: impl Into<String>) -> Note {
        Note {
            kind: NoteKind::Approximation,
            message: message.into(),
        }
    }
}

/// The outcome of a conversion: the document (absent when any note is a
/// refusal) and every note, in the order found.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion<T> {
    /// The converted document; `None` when a note refuses.
    pub document: Option<T>,
    /// What could not be carried over exactly.
    pub notes: Vec<Note>,
}

impl<T> Conversion<T> {
    /// The document when nothing refused, else `None` with the notes.
    pub(crate) fn from_parts(document: T, notes: Vec<Note>) -> Conversion<T> {
        let refused = notes.iter().any(|n| n.kind == NoteKind::Refusal);
        Conversion {
            document: (!refused).then_some(document),
            notes,
        }
    }

    /// A conversion with no document, for one refusal.
    pub(crate) fn refused(message: impl Into<String>) -> Conversion<T> {
        Conversion {
            document: None,
            notes: vec![Note::refuse(message)],
        }
    }

    /// True when the document was produced and nothing differs.
    pub fn is_exact(&self) -> bool {
        self.document.is_some() && self.notes.is_empty()
    }
}
