//! Looked-up option values and the comma lists fileConfig splits them into,
//! with the spans that point back into the file.

use crate::ini::IniOption;
use crate::source::Span;
use std::borrow::Cow;
use std::ops::Range;

/// One name of a comma list, with its byte range in the value.
pub(super) struct ListItem<'v> {
    /// Borrowed from the looked-up value.
    pub(super) name: &'v str,
    pub(super) span: Span,
}

/// A looked-up option value with enough to point into it.
pub(super) struct Value<'a> {
    /// Borrowed from the document unless interpolation changed it.
    pub(super) text: Cow<'a, str>,
    pub(super) option: &'a IniOption,
    /// True when `text` is the raw value byte for byte, so ranges map to source.
    pub(super) verbatim: bool,
}

impl Value<'_> {
    /// The whole value in the file.
    pub(super) fn span(&self) -> Span {
        self.option.value_span
    }

    /// A byte range of `text` in the file (the whole value once
    /// interpolation changed the text: offsets no longer match).
    pub(super) fn span_of(&self, range: Range<usize>) -> Span {
        if self.verbatim {
            self.option.span_of(range)
        } else {
            self.option.value_span
        }
    }

    /// `value.split(",")` then `_strip_spaces`, as fileConfig splits lists.
    pub(super) fn split_list(&self) -> Vec<ListItem<'_>> {
        self.list_items().collect()
    }

    /// [`split_list`](Self::split_list) without the vector.
    pub(super) fn list_items(&self) -> impl Iterator<Item = ListItem<'_>> {
        let mut start = 0;
        crate::pyrepr::split_commas(&self.text).map(move |piece| {
            let end = start + piece.len();
            let stripped = crate::pyrepr::py_strip(piece);
            let range = if stripped.is_empty() {
                // point at the comma (or the value end) for an empty item
                start + piece.len()..start + piece.len()
            } else {
                // `stripped` is a subslice of `piece`: its offset is what lstrip removed.
                let lead = stripped.as_ptr() as usize - piece.as_ptr() as usize;
                start + lead..start + lead + stripped.len()
            };
            start = end + 1;
            ListItem {
                name: stripped,
                span: self.span_of(range),
            }
        })
    }
}

/// The names of a list option as written (no interpolation), each with its
/// span in the file: fileConfig's own split, for the language server's
/// navigation.
pub(crate) fn raw_list_items(option: &IniOption) -> Vec<(String, Span)> {
    let value = Value {
        text: Cow::Borrowed(option.value.as_str()),
        option,
        verbatim: true,
    };
    value
        .list_items()
        .map(|item| (item.name.to_string(), item.span))
        .collect()
}
