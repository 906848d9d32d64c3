//! Per-thread memory of a compiled formatter: `formatTime`'s text, recomputed
//! only when the second changes, and the rendered text of the plan's runs
//! that depend only on the logger and the level (`" %(name)-12s %(levelname)-8s "`).
//!
//! The cache never changes what is rendered, only how often: every entry is
//! keyed by what its text depends on (the second; the plan, the logger name
//! and the level name), so a cache shared by several formatters, loggers or
//! levels gives the same text as a fresh one.

use super::pyfmt::{self, Val};
use super::strftime::{BrokenDownTime, strftime};
use crate::diagnostic::PyException;

/// Per-thread memory of one or more formatters (see the module docs). A
/// thread that formats many records keeps one and passes it to
/// [`Formatter::format_view_into`](super::Formatter::format_view_into).
#[derive(Debug, Clone, Default)]
pub struct AsctimeCache {
    pub(super) time: TimeText,
    pub(super) runs: Vec<RunText>,
}

/// `formatTime` for the second last seen.
#[derive(Debug, Clone, Default)]
pub(super) struct TimeText {
    second: Option<i64>,
    /// `second` and the next one as floats: a record of the cached second
    /// is recognised by two comparisons (no `floor` call).
    second_start: f64,
    second_end: f64,
    /// `strftime(datefmt or "%Y-%m-%d %H:%M:%S")` for `second`.
    prefix_len: usize,
    /// The prefix, then (default datefmt) `,mmm` of the last record.
    pub(super) text: String,
    /// The strftime call failed for this second.
    error: Option<PyException>,
}

/// The text of one run of a plan for one (logger name, level name).
#[derive(Debug, Clone, Default)]
pub(super) struct RunText {
    /// The id of the plan that rendered it (0: nothing valid yet).
    pub(super) plan: u64,
    pub(super) name: String,
    pub(super) levelname: String,
    pub(super) text: String,
}

impl AsctimeCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// `formatTime(record, datefmt)`; `local(epoch)` gives the UTC offset in
    /// seconds and the zone abbreviation (`time.localtime`), asked once per second.
    pub(super) fn asctime(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        msecs: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) -> Result<&str, PyException> {
        self.time.refresh(datefmt, created, local)?;
        self.time.finish(datefmt, msecs)?;
        Ok(&self.time.text)
    }
}

impl TimeText {
    /// Makes `text[..prefix_len]` the `strftime` of `created`'s second (the
    /// cached one unless the second changed); the error of that call if it failed.
    #[inline]
    pub(super) fn refresh(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) -> Result<(), PyException> {
        let cached =
            self.second.is_some() && created >= self.second_start && created < self.second_end;
        if !cached {
            self.load_second(datefmt, created, local);
        }
        match &self.error {
            None => Ok(()),
            Some(e) => Err(e.clone()),
        }
    }

    #[cold]
    fn load_second(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) {
        let second = created.floor() as i64;
        self.second_start = second as f64;
        self.second_end = (second as f64) + 1.0;
        let (offset, zone) = local(second);
        let t = BrokenDownTime::from_epoch(second, offset, &zone);
        self.second = Some(second);
        self.text.clear();
        match strftime(datefmt.unwrap_or("%Y-%m-%d %H:%M:%S"), &t) {
            Ok(s) => {
                self.text.push_str(&s);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.prefix_len = self.text.len();
    }

    /// After [`refresh`](Self::refresh): `text` becomes the whole asctime.
    pub(super) fn finish(&mut self, datefmt: Option<&str>, msecs: f64) -> Result<(), PyException> {
        if datefmt.is_none() {
            self.text.truncate(self.prefix_len);
            push_msecs(&mut self.text, msecs)?;
        }
        Ok(())
    }

    /// After [`refresh`](Self::refresh), for `msecs` in `0.0..1000.0`: the
    /// asctime appended to `out` (copied once, not through `text`).
    #[inline]
    pub(super) fn push_into(&self, datefmt: Option<&str>, msecs: f64, out: &mut String) {
        out.push_str(self.text.get(..self.prefix_len).unwrap_or(&self.text));
        if datefmt.is_none() {
            let _ = push_msecs(out, msecs);
        }
    }
}

/// `,000` to `,999`: the milliseconds of every asctime, by table.
const MSECS_TEXT: &str = {
    const BYTES: [u8; 4000] = {
        let mut b = [0u8; 4000];
        let mut m = 0;
        while m < 1000 {
            b[4 * m] = b',';
            b[4 * m + 1] = b'0' + (m / 100) as u8;
            b[4 * m + 2] = b'0' + (m / 10 % 10) as u8;
            b[4 * m + 3] = b'0' + (m % 10) as u8;
            m += 1;
        }
        b
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => "",
    }
};

/// `self.default_msec_format % (t, record.msecs)` without the `t`: `,%03d`.
#[inline]
pub(super) fn push_msecs(out: &mut String, msecs: f64) -> Result<(), PyException> {
    if (0.0..1000.0).contains(&msecs) {
        // '%03d' % msecs for the usual 0..=999
        let m = msecs as usize;
        if let Some(text) = MSECS_TEXT.get(4 * m..4 * m + 4) {
            out.push_str(text);
            return Ok(());
        }
    }
    out.push(',');
    let spec = pyfmt::ConvSpec {
        zero: true,
        width: Some(3),
        conv: 'd',
        ..Default::default()
    };
    // a float never meets a wording that differs between versions
    pyfmt::format_conversion(&spec, &Val::Float(msecs), crate::version::PyVersion::DEFAULT, out)
}

/// Byte equality without a `memcmp` call: names are short, so 8-byte
/// words, the last one overlapping the one before.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> Option<u64> {
        let chunk = bytes.get(at..at + 8)?;
        <[u8; 8]>::try_from(chunk).ok().map(u64::from_ne_bytes)
    }
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(p, q)| p == q);
    }
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msecs_table_is_percent_03d() {
        for m in 0..1000_u32 {
            let mut out = String::new();
            push_msecs(&mut out, f64::from(m) + 0.75).unwrap();
            assert_eq!(out, format!(",{m:03}"));
        }
        let mut out = String::new();
        push_msecs(&mut out, 1000.0).unwrap();
        assert_eq!(out, ",1000");
    }
}
