//! Rendering a record through a formatter's compiled [`Plan`]: the one path
//! of every style and every record representation (the owned `LogRecord` of
//! `simulate`, the borrowed `RecordView` of the backend).
//!
//! Fields read the record by resolved [`RecordAttr`](super::attr::RecordAttr),
//! so no name is compared per record. `formatTime` and the runs that only
//! depend on the logger and the level come from an [`AsctimeCache`]: the
//! backend keeps one per thread, the owned path a fresh one per record.

use super::Formatter;
use super::attr::Record;
use super::brace;
use super::cache::{AsctimeCache, RunText, same_bytes};
use super::plan::{BraceField, BraceSpec, Conv, Piece, Source, not_enough};
use super::pyfmt::{self, Val};
use crate::diagnostic::PyException;

impl Formatter {
    /// `formatMessage(record)` after `formatTime`, appending to `out` (left
    /// partially written on error). `message` is `record.getMessage()`;
    /// `local(epoch)` is `time.localtime`'s UTC offset and zone abbreviation.
    pub(super) fn render<R: Record + ?Sized>(
        &self,
        record: &R,
        message: &str,
        cache: &mut AsctimeCache,
        local: &dyn Fn(i64) -> (i32, String),
        out: &mut String,
    ) -> Result<(), PyException> {
        let AsctimeCache { time, runs } = cache;
        let plan = self.plan();
        let datefmt = self.datefmt.as_deref();
        let (created, msecs) = record.time();
        // formatTime runs before any field is formatted (its errors first).
        let mut direct = false;
        if self.uses_time {
            time.refresh(datefmt, created, local)?;
            if plan.asctime_text || !(0.0..1000.0).contains(&msecs) {
                time.finish(datefmt, msecs)?;
            } else {
                // The bare asctime is appended straight from the cache.
                direct = true;
            }
        }
        if let Some(e) = &plan.defaults_error {
            return Err(e.clone());
        }
        if runs.len() < plan.runs {
            runs.resize_with(plan.runs, RunText::default);
        }
        let ctx = Ctx {
            record,
            message,
            version: self.version,
            asctime: if direct { "" } else { &time.text },
        };
        for piece in &plan.pieces {
            match piece {
                Piece::Asctime if direct => time.push_into(datefmt, msecs, out),
                Piece::Run { slot, pieces } => match runs.get_mut(*slot) {
                    Some(run) => ctx.run(plan.id, run, pieces, out),
                    None => ctx.pieces(pieces, out),
                }
                .map_err(key_error_to_value_error)?,
                other => ctx.piece(other, out).map_err(key_error_to_value_error)?,
            }
        }
        Ok(())
    }
}

/// `text` padded with spaces to `width` code points (`%-8s`, `%8s`).
#[inline(always)]
fn push_padded(out: &mut String, text: &str, width: usize, left: bool) {
    if width == 0 {
        out.push_str(text);
    } else {
        push_filled(out, text, width, left);
    }
}

fn push_filled(out: &mut String, text: &str, width: usize, left: bool) {
    const SPACES: &str = "                                ";
    // Python pads to `width` code points; counting them is rarely needed.
    let fill = if text.is_ascii() {
        width.saturating_sub(text.len())
    } else {
        width.saturating_sub(text.chars().count())
    };
    if fill == 0 {
        out.push_str(text);
        return;
    }
    let pad = |out: &mut String| {
        let mut n = fill;
        while n > 0 {
            let k = n.min(SPACES.len());
            out.push_str(&SPACES[..k]);
            n -= k;
        }
    };
    if left {
        out.push_str(text);
        pad(out);
    } else {
        pad(out);
        out.push_str(text);
    }
}

/// `Style.format`: `except KeyError as e: raise ValueError('Formatting
/// field not found in record: %s' % e)`.
fn key_error_to_value_error(e: PyException) -> PyException {
    if e.type_name == "KeyError" {
        PyException::value_error(format!(
            "Formatting field not found in record: {}",
            e.message
        ))
    } else {
        e
    }
}

/// What fields read besides the record's attributes.
struct Ctx<'r, R: ?Sized> {
    record: &'r R,
    message: &'r str,
    /// The CPython whose `format()` errors are reproduced.
    version: crate::version::PyVersion,
    /// Empty when only bare [`Piece::Asctime`]s need it (appended directly).
    asctime: &'r str,
}

impl<'r, R: Record + ?Sized> Ctx<'r, R> {
    /// `values[key]`.
    #[inline(always)]
    fn value<'s>(&'s self, source: &'s Source) -> Result<Val<'s>, PyException> {
        match source {
            Source::Attr(attr) => Ok(self.record.attr(*attr)),
            Source::Message => Ok(Val::Str(self.message)),
            Source::Asctime => Ok(Val::Str(self.asctime)),
            Source::Other { key, default } => self
                .record
                .extra(key)
                .or_else(|| default.as_ref().map(Val::from_py))
                .ok_or_else(|| PyException::key_error(key)),
        }
    }

    fn pieces(&self, pieces: &[Piece], out: &mut String) -> Result<(), PyException> {
        pieces.iter().try_for_each(|p| self.piece(p, out))
    }

    /// One piece; literals and `%s` of a text value (most of a line) inline.
    #[inline(always)]
    fn piece(&self, piece: &Piece, out: &mut String) -> Result<(), PyException> {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Field {
                source,
                conv: Conv::Percent(spec),
            } if spec.conv == 's' && spec.precision.is_none() => match self.value(source)? {
                // `%s` of a str is the str, padded: the flags other than `-` do nothing.
                Val::Str(text) => push_padded(out, text, spec.width.unwrap_or(0), spec.left),
                other => pyfmt::format_conversion(spec, &other, self.version, out)?,
            },
            other => self.other_piece(other, out)?,
        }
        Ok(())
    }

    /// The pieces [`piece`](Self::piece) does not inline.
    fn other_piece(&self, piece: &Piece, out: &mut String) -> Result<(), PyException> {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Asctime => out.push_str(self.asctime),
            Piece::Field { source, conv } => {
                let value = self.value(source)?;
                match conv {
                    Conv::Percent(spec) => pyfmt::format_conversion(spec, &value, self.version, out)?,
                    Conv::Str => pyfmt::write_str(&value, out),
                    Conv::Brace(field) => self.brace(value, field, out)?,
                }
            }
            Piece::Run { pieces, .. } => self.pieces(pieces, out)?,
            Piece::KeyedStar(source) => {
                return Err(match self.value(source)? {
                    Val::Int(_) | Val::Bool(_) => not_enough(),
                    _ => PyException::type_error("* wants int"),
                });
            }
            Piece::Raise { lookup, error } => {
                if let Some(source) = lookup {
                    self.value(source)?;
                }
                return Err(error.clone());
            }
        }
        Ok(())
    }

    /// `format(value.path!conversion, spec)`, in `str.format`'s order: the
    /// path, then the spec's own fields, then the conversion.
    fn brace(
        &self,
        value: Val<'_>,
        field: &BraceField,
        out: &mut String,
    ) -> Result<(), PyException> {
        let value = brace::walk_path(value, &field.path)?;
        let expanded;
        let spec = match &field.spec {
            BraceSpec::Fixed(spec) => spec.as_str(),
            BraceSpec::Nested(pieces) => {
                let mut text = String::new();
                self.pieces(pieces, &mut text)?;
                expanded = text;
                expanded.as_str()
            }
            BraceSpec::Fails(e) => return Err(e.clone()),
        };
        let Some(conversion) = field.conversion else {
            return brace::format_value(&value, spec, self.version, out);
        };
        let mut converted = String::new();
        match conversion {
            's' => pyfmt::write_str(&value, &mut converted),
            'r' => pyfmt::write_repr(&value, &mut converted),
            'a' => pyfmt::write_ascii(&value, &mut converted),
            c => {
                return Err(PyException::value_error(format!(
                    "Unknown conversion specifier {c}"
                )));
            }
        }
        brace::format_value(&Val::Str(&converted), spec, self.version, out)
    }

    /// A run through its cached text, rendered again only when the plan,
    /// the logger name or the level name differs from the cached one's.
    #[inline]
    fn run(
        &self,
        plan: u64,
        run: &mut RunText,
        pieces: &[Piece],
        out: &mut String,
    ) -> Result<(), PyException> {
        let (name, levelname) = (self.record.name(), self.record.levelname());
        if run.plan != plan
            || !same_bytes(run.name.as_bytes(), name.as_bytes())
            || !same_bytes(run.levelname.as_bytes(), levelname.as_bytes())
        {
            // Invalid until the text is complete: an error leaves no entry.
            run.plan = 0;
            run.text.clear();
            self.pieces(pieces, &mut run.text)?;
            run.plan = plan;
            run.name.clear();
            run.name.push_str(name);
            run.levelname.clear();
            run.levelname.push_str(levelname);
        }
        out.push_str(&run.text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::format::record::{LogRecord, RecordTime};
    use crate::format::{Formatter, Style};
    use crate::pyvalue::PyValue;
    use crate::version::PyVersion;

    fn record(version: PyVersion) -> LogRecord {
        let time = RecordTime::from_float(1_704_164_645.125, 1_704_164_645.0, version);
        LogRecord::new(
            "app",
            20,
            "a.py",
            3,
            PyValue::Str("hi".into()),
            vec![],
            time,
            version,
        )
    }

    fn format(fmt: &str, style: Style, defaults: Option<PyValue>, rec: &LogRecord) -> String {
        let f = Formatter::new(Some(fmt), None, style, defaults.as_ref(), rec.version).unwrap();
        match f.format(rec, 0, "UTC") {
            Ok(text) => text,
            Err(e) => e.to_string(),
        }
    }

    /// `defaults | record.__dict__` (3.12+): the record wins, `extra=` is
    /// part of the record, a non-dict fails every record.
    #[test]
    fn defaults_come_after_the_record() {
        let v = PyVersion::DEFAULT;
        let defaults = PyValue::Dict(vec![
            (PyValue::Str("user".into()), PyValue::Str("nobody".into())),
            (PyValue::Str("name".into()), PyValue::Str("shadowed".into())),
        ]);
        let mut rec = record(v);
        let fmt = "%(name)s %(user)s %(message)s";
        assert_eq!(
            format(fmt, Style::Percent, Some(defaults.clone()), &rec),
            "app nobody hi"
        );
        rec.extra.push(("user".into(), PyValue::Str("bob".into())));
        assert_eq!(
            format(fmt, Style::Percent, Some(defaults), &rec),
            "app bob hi"
        );
        assert_eq!(
            format("{name}", Style::Brace, Some(PyValue::Int(5)), &rec),
            "TypeError: unsupported operand type(s) for |: 'int' and 'dict'"
        );
        // 3.11's fileConfig does not read defaults at all.
        let rec = record("3.11.7".parse().unwrap());
        assert_eq!(
            format("%(user)s", Style::Percent, Some(PyValue::Int(5)), &rec),
            "ValueError: Formatting field not found in record: 'user'"
        );
    }

    /// A run that fails is not cached as text: every record fails alike.
    #[test]
    fn failing_runs_stay_failures() {
        let v = PyVersion::DEFAULT;
        let f = Formatter::new(Some("[{name:d}] {message}"), None, Style::Brace, None, v).unwrap();
        let view = crate::format::view::RecordView::new("app", 20, "m", v);
        let mut cache = crate::format::AsctimeCache::new();
        for _ in 0..2 {
            let mut out = String::new();
            let e = f
                .format_view_into(&view, &mut cache, &|_| (0, "UTC".into()), &mut out)
                .unwrap_err();
            assert_eq!(
                e.to_string(),
                "ValueError: Unknown format code 'd' for object of type 'str'"
            );
        }
    }
}
