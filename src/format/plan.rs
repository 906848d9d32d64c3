//! A format compiled once, when its [`Formatter`](super::Formatter) is built:
//! literal runs and fields whose record attribute is already resolved, with
//! their `%` conversion spec, `{}` format spec or `$` substitution.
//!
//! Every render goes through this plan (see `render.rs`), whatever the style
//! and whatever the record representation. Errors that CPython raises while
//! formatting are kept in place as [`Piece::Raise`]: the `%` rules that depend
//! only on the format (a `*` width in a keyed directive, a key-less
//! directive that receives the whole record mapping) and `{}`'s positional
//! indices are decided here, so the render never re-parses anything.

use super::attr::RecordAttr;
use super::brace::{self, BracePiece};
use super::dollar::DollarPiece;
use super::pyfmt::{self, ConvSpec, Count, PercentPiece, Val};
use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// An attribute every record of the version has.
    Attr(RecordAttr),
    /// `message`: `record.getMessage()`, set by `Formatter.format`.
    Message,
    /// `asctime`, set by `Formatter.format` when the format uses time.
    Asctime,
    /// Any other key: an `extra=` attribute of the record, else the
    /// formatter's `defaults=` value (`defaults | record.__dict__`), else
    /// `KeyError`.
    Other {
        key: String,
        default: Option<PyValue>,
    },
}

/// How a field's value becomes text.
#[derive(Debug, Clone)]
pub(super) enum Conv {
    /// `%`-style, width and precision fixed (no `*`).
    Percent(ConvSpec),
    /// `$`-style: `str(value)`.
    Str,
    /// `{}`-style.
    Brace(Box<BraceField>),
}

/// The part of a `{}` field after its first name.
#[derive(Debug, Clone)]
pub(super) struct BraceField {
    /// `.attr` and `[index]` accessors, applied to the value in order.
    pub path: String,
    /// `!s`, `!r`, `!a`.
    pub conversion: Option<char>,
    pub spec: BraceSpec,
}

/// A `{}` field's format spec.
#[derive(Debug, Clone)]
pub(super) enum BraceSpec {
    Fixed(String),
    /// A spec with fields of its own (`{message:>{width}}`), expanded per record.
    Nested(Vec<Piece>),
    /// Expanding the spec raises this (after the field itself was looked up).
    Fails(PyException),
}

/// One step of a plan.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    Literal(String),
    Field {
        source: Source,
        conv: Conv,
    },
    /// A bare `%(asctime)s`/`{asctime}`/`$asctime`: the renderer appends the
    /// cached second and the milliseconds directly.
    Asctime,
    /// Literals and fields that depend only on the logger name and the level
    /// name: rendered once per (logger, level) and thread; `slot` indexes
    /// the cache's runs.
    Run {
        slot: usize,
        pieces: Vec<Piece>,
    },
    /// `%(key)*d`: the `*` takes the key's value as the width (a keyed
    /// directive has no other argument), so formatting stops here with
    /// "* wants int" unless the value is an int, then with "not enough
    /// arguments" (for the precision's `*` or the value itself).
    KeyedStar(Source),
    /// Formatting stops here with `error`, after looking `lookup` up (a
    /// missing key is reported first, as CPython does).
    Raise {
        lookup: Option<Source>,
        error: PyException,
    },
}

/// A parsed format, by style.
pub(super) enum Parsed<'p> {
    Percent(&'p [PercentPiece]),
    Brace(&'p [BracePiece]),
    Dollar(&'p [DollarPiece]),
}

static NEXT_PLAN_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A compiled format (see the module docs).
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// Tells one plan's cached runs from another's; a clone keeps it, as
    /// its pieces are the same.
    pub id: u64,
    pub pieces: Vec<Piece>,
    /// Some field other than a bare [`Piece::Asctime`] reads the asctime text.
    pub asctime_text: bool,
    /// The number of [`Piece::Run`]s.
    pub runs: usize,
    /// `defaults | record.__dict__` fails for every record (non-dict defaults).
    pub defaults_error: Option<PyException>,
}

/// Resolves field names for one formatter.
struct Resolver<'d> {
    version: PyVersion,
    uses_time: bool,
    defaults: &'d [(PyValue, PyValue)],
}

impl Resolver<'_> {
    /// `values[key]` resolved as far as the format alone allows.
    fn source(&self, key: &str) -> Source {
        if let Some(attr) = RecordAttr::from_name(key, self.version) {
            return Source::Attr(attr);
        }
        match key {
            "message" => Source::Message,
            "asctime" if self.uses_time => Source::Asctime,
            _ => Source::Other {
                key: key.to_string(),
                default: self
                    .defaults
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(key))
                    .map(|(_, v)| v.clone()),
            },
        }
    }
}

impl Plan {
    /// Compiles `parsed` for records of `version`; `defaults` is the
    /// formatter's `defaults=` (already dropped before 3.12).
    pub(super) fn new(
        parsed: Parsed<'_>,
        version: PyVersion,
        uses_time: bool,
        defaults: Option<&PyValue>,
    ) -> Plan {
        let (items, defaults_error) = match defaults {
            Some(PyValue::Dict(items)) => (items.as_slice(), None),
            // `self._defaults | record.__dict__` with a truthy non-dict.
            Some(other) if other.is_truthy() => (
                &[][..],
                Some(PyException::type_error(format!(
                    "unsupported operand type(s) for |: '{}' and 'dict'",
                    other.type_name()
                ))),
            ),
            _ => (&[][..], None),
        };
        let resolver = Resolver {
            version,
            uses_time,
            defaults: items,
        };
        let pieces = match parsed {
            Parsed::Percent(pieces) => percent(pieces, &resolver),
            Parsed::Brace(pieces) => brace_pieces(pieces, &resolver, 2),
            Parsed::Dollar(pieces) => dollar(pieces, &resolver),
        };
        let pieces: Vec<Piece> = pieces.into_iter().map(bare_asctime).collect();
        let asctime_text = pieces.iter().any(reads_asctime);
        let (pieces, runs) = group_runs(pieces);
        Plan {
            id: NEXT_PLAN_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            pieces,
            asctime_text,
            runs,
            defaults_error,
        }
    }
}

/// Pieces up to and including the first [`Piece::Raise`] (nothing after it
/// is ever rendered).
fn until_raise(pieces: impl Iterator<Item = Piece>) -> Vec<Piece> {
    let mut out = Vec::new();
    for piece in pieces {
        let stop = matches!(piece, Piece::Raise { .. } | Piece::KeyedStar(_));
        out.push(piece);
        if stop {
            break;
        }
    }
    out
}

pub(super) fn not_enough() -> PyException {
    PyException::type_error("not enough arguments for format string")
}

/// `fmt % values`, `values` being the record's mapping. What `%` does with
/// a mapping depends on the format alone, except the keyed lookups; that
/// state (a key was used; the mapping was consumed as a positional
/// argument) is followed here, as `PyUnicode_Format` follows it.
fn percent(pieces: &[PercentPiece], r: &Resolver<'_>) -> Vec<Piece> {
    let mut had_key = false;
    let mut whole_used = false;
    until_raise(pieces.iter().map(|piece| match piece {
        PercentPiece::Literal(text) => Piece::Literal(text.clone()),
        PercentPiece::Error { key, error } => Piece::Raise {
            lookup: key.as_deref().map(|k| r.source(k)),
            error: error.clone(),
        },
        PercentPiece::Conversion {
            key: Some(key),
            spec,
            width,
            precision,
            ..
        } => {
            had_key = true;
            let source = r.source(key);
            match fixed_spec(*spec, *width, *precision) {
                Some(spec) => Piece::Field {
                    source,
                    conv: Conv::Percent(spec),
                },
                None => Piece::KeyedStar(source),
            }
        }
        PercentPiece::Conversion {
            key: None,
            spec,
            width,
            precision,
            ..
        } => match whole_mapping(*spec, *width, *precision, had_key, &mut whole_used, r.version) {
            Ok(text) => Piece::Literal(text),
            Err(error) => Piece::Raise {
                lookup: None,
                error,
            },
        },
    }))
}

/// `spec` with a numeric width and precision filled in; `None` for `*`.
fn fixed_spec(
    mut spec: ConvSpec,
    width: Option<Count>,
    precision: Option<Count>,
) -> Option<ConvSpec> {
    match width {
        Some(Count::Number(n)) => spec.width = Some(n),
        Some(Count::Star) => return None,
        None => {}
    }
    match precision {
        Some(Count::Number(n)) => spec.precision = Some(n),
        Some(Count::Star) => return None,
        None => {}
    }
    Some(spec)
}

/// A key-less directive: its argument is the whole mapping, offered once,
/// and only before any keyed directive.
fn whole_mapping(
    spec: ConvSpec,
    width: Option<Count>,
    precision: Option<Count>,
    had_key: bool,
    whole_used: &mut bool,
    version: PyVersion,
) -> Result<String, PyException> {
    if had_key {
        return Err(not_enough());
    }
    let mut take = || !std::mem::replace(whole_used, true);
    if width == Some(Count::Star) || precision == Some(Count::Star) {
        // The `*` takes the mapping, which is not an int.
        return Err(if take() {
            PyException::type_error("* wants int")
        } else {
            not_enough()
        });
    }
    if !take() {
        return Err(not_enough());
    }
    if matches!(spec.conv, 's' | 'r' | 'a') {
        // The text would be the repr of the whole record dict.
        return Err(PyException::new(
            "NotImplementedError",
            "logcheck does not render the whole record mapping (key-less %s)",
        ));
    }
    let spec = fixed_spec(spec, width, precision).unwrap_or(spec);
    let mut text = String::new();
    pyfmt::format_conversion(&spec, &Val::Other(&pyfmt::WHOLE_MAPPING), version, &mut text)?;
    Ok(text)
}

/// `fmt.format(**values)`; `depth` is what is left of `str.format`'s
/// recursion limit for nested specs.
fn brace_pieces(pieces: &[BracePiece], r: &Resolver<'_>, depth: u32) -> Vec<Piece> {
    until_raise(pieces.iter().map(|piece| match piece {
        BracePiece::Literal(text) => Piece::Literal(text.clone()),
        BracePiece::Field {
            name,
            conversion,
            spec,
            ..
        } => brace_field(name, *conversion, spec, r, depth),
    }))
}

fn brace_field(
    name: &str,
    conversion: Option<char>,
    spec: &str,
    r: &Resolver<'_>,
    depth: u32,
) -> Piece {
    let (first, path) = name.split_at(name.find(['.', '[']).unwrap_or(name.len()));
    // `{}` and `{0}` index the positional arguments, of which there are none.
    let index_error = |i: usize| Piece::Raise {
        lookup: None,
        error: PyException::new(
            "IndexError",
            format!("Replacement index {i} out of range for positional args tuple"),
        ),
    };
    if first.is_empty() {
        // The first automatic index; formatting stops at it.
        return index_error(0);
    }
    if first.chars().all(|c| c.is_ascii_digit()) {
        return index_error(first.parse().unwrap_or(0));
    }
    let spec = if !spec.contains('{') {
        BraceSpec::Fixed(spec.to_string())
    } else if depth == 0 {
        BraceSpec::Fails(PyException::value_error("Max string recursion exceeded"))
    } else {
        match brace::parse_brace(spec) {
            Ok(inner) => BraceSpec::Nested(brace_pieces(&inner, r, depth - 1)),
            Err(e) => BraceSpec::Fails(e),
        }
    };
    Piece::Field {
        source: r.source(first),
        conv: Conv::Brace(Box::new(BraceField {
            path: path.to_string(),
            conversion,
            spec,
        })),
    }
}

/// `Template(fmt).substitute(**values)`.
fn dollar(pieces: &[DollarPiece], r: &Resolver<'_>) -> Vec<Piece> {
    until_raise(pieces.iter().map(|piece| match piece {
        DollarPiece::Literal(text) => Piece::Literal(text.clone()),
        DollarPiece::Field { name, .. } => Piece::Field {
            source: r.source(name),
            conv: Conv::Str,
        },
        DollarPiece::Invalid { line, col } => Piece::Raise {
            lookup: None,
            error: PyException::value_error(format!(
                "Invalid placeholder in string: line {line}, col {col}"
            )),
        },
    }))
}

/// Converting a `str` value gives the value itself.
fn is_plain_text(conv: &Conv) -> bool {
    match conv {
        Conv::Percent(spec) => {
            spec.conv == 's' && spec.precision.is_none() && spec.width.unwrap_or(0) == 0
        }
        Conv::Str => true,
        Conv::Brace(field) => {
            field.path.is_empty()
                && field.conversion.is_none()
                && matches!(&field.spec, BraceSpec::Fixed(s) if s.is_empty())
        }
    }
}

fn bare_asctime(piece: Piece) -> Piece {
    match piece {
        Piece::Field {
            source: Source::Asctime,
            conv,
        } if is_plain_text(&conv) => Piece::Asctime,
        other => other,
    }
}

/// The piece needs the asctime text (not just [`Piece::Asctime`]).
fn reads_asctime(piece: &Piece) -> bool {
    let reads = |source: &Source| matches!(source, Source::Asctime);
    match piece {
        Piece::Field { source, conv } => {
            reads(source)
                || matches!(conv, Conv::Brace(f)
                    if matches!(&f.spec, BraceSpec::Nested(inner) if inner.iter().any(reads_asctime)))
        }
        Piece::Raise { lookup, .. } => lookup.as_ref().is_some_and(reads),
        Piece::KeyedStar(source) => reads(source),
        Piece::Run { pieces, .. } => pieces.iter().any(reads_asctime),
        Piece::Literal(_) | Piece::Asctime => false,
    }
}

/// Depends only on the logger name and the level name (and the format).
fn in_run(piece: &Piece) -> bool {
    match piece {
        Piece::Literal(_) => true,
        Piece::Field {
            source: Source::Attr(RecordAttr::Name | RecordAttr::LevelName),
            conv,
        } => !matches!(conv, Conv::Brace(f) if !matches!(f.spec, BraceSpec::Fixed(_))),
        _ => false,
    }
}

/// Groups consecutive [`in_run`] pieces that hold a field and more than one
/// piece into [`Piece::Run`]s; the number of runs.
fn group_runs(pieces: Vec<Piece>) -> (Vec<Piece>, usize) {
    let mut plan = Vec::with_capacity(pieces.len());
    let mut runs = 0;
    let mut pieces = pieces.into_iter().peekable();
    while let Some(piece) = pieces.next() {
        if !in_run(&piece) {
            plan.push(piece);
            continue;
        }
        let mut run = vec![piece];
        while let Some(next) = pieces.next_if(in_run) {
            run.push(next);
        }
        let has_field = run.iter().any(|p| matches!(p, Piece::Field { .. }));
        if has_field && run.len() > 1 {
            plan.push(Piece::Run {
                slot: runs,
                pieces: run,
            });
            runs += 1;
        } else {
            plan.extend(run);
        }
    }
    (plan, runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Formatter, Style};

    fn plan(fmt: &str, style: Style) -> Plan {
        Formatter::new(Some(fmt), None, style, None, PyVersion::DEFAULT)
            .unwrap()
            .plan()
            .clone()
    }

    /// The backend's usual line is three steps: the asctime straight from
    /// the cache, one cached run, the message.
    #[test]
    fn the_usual_line_is_asctime_run_message() {
        for (fmt, style) in [
            (
                "%(asctime)s %(name)-12s %(levelname)-8s %(message)s",
                Style::Percent,
            ),
            (
                "{asctime} {name:<12} {levelname:<8} {message}",
                Style::Brace,
            ),
            ("$asctime $name $levelname $message", Style::Dollar),
        ] {
            let plan = plan(fmt, style);
            assert!(
                matches!(
                    plan.pieces.as_slice(),
                    [
                        Piece::Asctime,
                        Piece::Run { slot: 0, .. },
                        Piece::Field {
                            source: Source::Message,
                            ..
                        }
                    ]
                ),
                "{fmt}: {:?}",
                plan.pieces
            );
            assert!(!plan.asctime_text && plan.runs == 1, "{fmt}");
        }
    }

    #[test]
    fn names_resolve_once() {
        let plan = plan("%(relativeCreated)d %(user)s %(asctime)-9s", Style::Percent);
        let sources: Vec<&Source> = plan
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Field { source, .. } => Some(source),
                _ => None,
            })
            .collect();
        assert!(matches!(
            sources.as_slice(),
            [
                Source::Attr(RecordAttr::RelativeCreated),
                Source::Other { key, default: None },
                Source::Asctime
            ] if key == "user"
        ));
        assert!(plan.asctime_text, "a padded asctime reads the text");
    }

    #[test]
    fn nothing_follows_an_error() {
        let plan = plan("%(name)s %d %(levelname)s %(message)s", Style::Percent);
        assert!(matches!(plan.pieces.last(), Some(Piece::Raise { .. })));
        // `%(name)s ` became a run; `%(levelname)s %(message)s` is gone.
        assert_eq!(plan.pieces.len(), 2, "{:?}", plan.pieces);
    }
}
