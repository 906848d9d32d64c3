//! `time.strftime` exactly as CPython on Linux (glibc 2.36, C/POSIX locale) renders it.
//!
//! Python hands the format to glibc's `strftime` unchanged, so every glibc
//! quirk shows up in `%(asctime)s` when a formatter has a `datefmt`: the flags
//! `_ - 0 ^ #`, field widths (`%10Y`), the `E`/`O` modifiers, unknown
//! directives copied literally (`%f` stays `%f`), a lone trailing `%`, and
//! glibc's peculiar padding of `%z` (`%_10z`). This module mirrors
//! `__strftime_internal` of glibc's `time/strftime_l.c` for those cases.
//!
//! # Example
//! ```
//! use logcheck::format::strftime::{strftime, BrokenDownTime};
//! let t = BrokenDownTime::from_epoch(1_704_164_645, 0, "UTC");
//! assert_eq!(strftime("%Y-%m-%d %H:%M:%S %f", &t).unwrap(), "2024-01-02 03:04:05 %f");
//! assert_eq!(strftime("%-d/%_5m %^a", &t).unwrap(), "2/    1 TUE");
//! ```

use crate::diagnostic::PyException;

/// A `struct tm` as `time.localtime(created)` produces it, plus the epoch
/// seconds `%s` prints and the zone name `%Z` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenDownTime {
    /// The full year (`tm_year + 1900`).
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    /// 0..=23
    pub hour: u32,
    /// 0..=59
    pub minute: u32,
    /// 0..=60 (a leap second)
    pub second: u32,
    /// 0 = Sunday, as `tm_wday`.
    pub weekday: u32,
    /// 0-based day of the year, as `tm_yday`.
    pub yearday: u32,
    /// Seconds east of UTC (`tm_gmtoff`).
    pub utc_offset: i32,
    /// `tm_zone` (`UTC`, `CET`...).
    pub zone: String,
    /// Seconds since the epoch (what glibc's `mktime` gives back for `%s`).
    pub epoch: i64,
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days since 1970-01-01 → (year, month, day); Howard Hinnant's civil_from_days.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl BrokenDownTime {
    /// The local time `epoch + utc_offset` seconds, like `localtime` in a zone
    /// with a fixed offset (`TZ=UTC` gives offset 0, zone `"UTC"`).
    pub fn from_epoch(epoch: i64, utc_offset: i32, zone: &str) -> Self {
        let local = epoch.saturating_add(i64::from(utc_offset));
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        const CUMULATIVE: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let leap_extra = u32::from(month > 2 && is_leap(year));
        let yearday = CUMULATIVE[(month as usize - 1) % 12] + day - 1 + leap_extra;
        BrokenDownTime {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
            weekday: (days + 4).rem_euclid(7) as u32,
            yearday,
            utc_offset,
            zone: zone.to_string(),
            epoch,
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// glibc caps nothing, but a width this large would only exhaust memory;
/// CPython gives up (returns `''`) long before, see [`strftime`].
const MAX_WIDTH: usize = 1 << 20;

/// `time.strftime(format, t)` on Linux.
///
/// Errors: an embedded NUL → `ValueError: embedded null character` (CPython
/// encodes the format to a C string first).
pub fn strftime(format: &str, t: &BrokenDownTime) -> Result<String, PyException> {
    if format.contains('\0') {
        return Err(PyException::value_error("embedded null character"));
    }
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::with_capacity(format.len() + 16);
    render(&chars, t, &mut out, 0);
    // CPython retries with buffers of 1024, 2048... bytes until the result
    // fits or the buffer reaches 256 * len(format); a result that never fits
    // comes back as ''.
    // (wcsftime: sizes count characters)
    let needed = out.chars().count() + 1;
    let mut buffer = 1024usize;
    loop {
        if needed <= buffer {
            return Ok(out);
        }
        if buffer >= 256 * chars.len() {
            return Ok(String::new());
        }
        buffer *= 2;
    }
}

#[derive(Clone, Copy)]
struct Spec {
    pad: u8,
    width: usize,
    has_width: bool,
    upcase: bool,
    change_case: bool,
}

/// Appends `text` padded to the width (glibc's `add`/`cpy`): zeros when the
/// pad flag is `0`, spaces otherwise.
///
/// Widths count characters: CPython calls `wcsftime`, glibc's wide version.
fn add(out: &mut String, spec: &Spec, text: &str, lower: bool, upper: bool) {
    let len = text.chars().count();
    if spec.width > len {
        let fill = if spec.pad == b'0' { '0' } else { ' ' };
        out.extend(std::iter::repeat_n(fill, spec.width - len));
    }
    if lower {
        out.extend(text.chars().map(|c| towcase(c, false)));
    } else if upper {
        out.extend(text.chars().map(|c| towcase(c, true)));
    } else {
        out.push_str(text);
    }
}

/// `towupper`/`towlower`: one character in, one out (no `ß` → `SS`).
fn towcase(c: char, upper: bool) -> char {
    let mut mapped = if upper {
        c.to_uppercase().collect::<Vec<char>>()
    } else {
        c.to_lowercase().collect::<Vec<char>>()
    };
    match (mapped.pop(), mapped.is_empty()) {
        (Some(single), true) => single,
        _ => c,
    }
}

/// glibc's `DO_NUMBER(d, v)` (digits = max(d, width)) and its sign/padding step.
fn number(out: &mut String, spec: &Spec, min_digits: usize, value: i64, space_pad: bool) {
    let mut spec = *spec;
    if space_pad && spec.pad == 0 {
        spec.pad = b'_';
    }
    let digits = if spec.has_width {
        min_digits.max(spec.width)
    } else {
        min_digits
    };
    write_number(out, &mut spec, digits, value);
}

fn write_number(out: &mut String, spec: &mut Spec, digits: usize, value: i64) {
    let negative = value < 0;
    let magnitude = value.unsigned_abs().to_string();
    let mut body = String::with_capacity(magnitude.len() + 1);
    if negative {
        body.push('-');
    }
    body.push_str(&magnitude);
    if spec.pad != b'-' {
        let padding = digits.saturating_sub(body.len());
        if padding > 0 {
            if spec.pad == b'_' {
                out.extend(std::iter::repeat_n(' ', padding));
            } else {
                if negative {
                    out.push('-');
                    body.remove(0);
                }
                out.extend(std::iter::repeat_n('0', padding));
            }
            spec.width = spec.width.saturating_sub(padding);
        }
    }
    add(out, spec, &body, false, false);
}

/// Which modifiers glibc 2.36 accepts per directive (measured with Python).
fn modifier_allowed(directive: u8, modifier: u8) -> bool {
    match modifier {
        0 => true,
        b'E' => b"cnprstuxyzCPRTXYZ%".contains(&directive),
        b'O' => b"bdeghjklmnprstuwyzBCGHIMPRSTUVWZ%".contains(&directive),
        _ => false,
    }
}

/// ISO 8601 week-based (year, week) as glibc's `iso_week_days` computes them.
fn iso_week(t: &BrokenDownTime) -> (i64, i64) {
    fn iso_week_days(yday: i64, wday: i64) -> i64 {
        let big_enough_multiple_of_7 = (366 / 7 + 2) * 7;
        yday - (yday - wday + 4 + big_enough_multiple_of_7) % 7 + 4 - 1
    }
    let yday = i64::from(t.yearday);
    let wday = i64::from(t.weekday);
    let mut year = t.year;
    let mut days = iso_week_days(yday, wday);
    if days < 0 {
        year -= 1;
        days = iso_week_days(yday + 365 + i64::from(is_leap(year)), wday);
    } else {
        let next = iso_week_days(yday - (365 + i64::from(is_leap(year))), wday);
        if next >= 0 {
            year += 1;
            days = next;
        }
    }
    (year, days / 7 + 1)
}

fn render(fmt: &[char], t: &BrokenDownTime, out: &mut String, depth: u32) {
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != '%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let percent = i;
        i += 1;
        let (spec, modifier) = parse_directive_spec(fmt, &mut i);
        // A format ending inside a directive: glibc steps back onto the last
        // character and treats it as a bad directive.
        let bad_at = if i >= fmt.len() {
            i = fmt.len();
            Some(fmt.len() - 1)
        } else if !directive(fmt[i], modifier, t, &spec, out, depth) {
            Some(i)
        } else {
            None
        };
        if let Some(last) = bad_at {
            copy_bad_directive(fmt, percent, last, &spec, out);
            i = last + 1;
            continue;
        }
        i += 1;
    }
}

/// Flags (`_ - 0 ^ #`), width and the `E`/`O` modifier after a `%`
/// (`fmt[*i]` is the character after it); `*i` ends on the conversion.
fn parse_directive_spec(fmt: &[char], i: &mut usize) -> (Spec, u8) {
    let mut spec = Spec {
        pad: 0,
        width: 0,
        has_width: false,
        upcase: false,
        change_case: false,
    };
    while *i < fmt.len() {
        match fmt[*i] {
            '_' => spec.pad = b'_',
            '-' => spec.pad = b'-',
            '0' => spec.pad = b'0',
            '^' => spec.upcase = true,
            '#' => spec.change_case = true,
            _ => break,
        }
        *i += 1;
    }
    while let Some(digit) = fmt
        .get(*i)
        .and_then(|c| c.to_digit(10))
        .filter(|_| fmt[*i].is_ascii())
    {
        spec.has_width = true;
        spec.width = (spec.width * 10 + digit as usize).min(MAX_WIDTH);
        *i += 1;
    }
    let mut modifier = 0u8;
    if *i < fmt.len() && (fmt[*i] == 'E' || fmt[*i] == 'O') {
        modifier = fmt[*i] as u8;
        *i += 1;
    }
    (spec, modifier)
}

/// A bad directive ending at `last` is copied from the nearest `%` at or
/// before it, with the directive's padding and case flags.
fn copy_bad_directive(fmt: &[char], percent: usize, last: usize, spec: &Spec, out: &mut String) {
    let start = fmt[..=last]
        .iter()
        .rposition(|&c| c == '%')
        .unwrap_or(percent);
    let text: String = fmt[start..=last].iter().collect();
    // %b %B %h honour '#' (upper case) before they reject a modifier.
    let upper = spec.upcase || (spec.change_case && matches!(fmt.get(last), Some('b' | 'B' | 'h')));
    add(out, spec, &text, false, upper);
}

/// Renders one directive; false = not a (valid) directive, copy it literally.
fn directive(
    c: char,
    modifier: u8,
    t: &BrokenDownTime,
    spec: &Spec,
    out: &mut String,
    depth: u32,
) -> bool {
    if !c.is_ascii() || !modifier_allowed(c as u8, modifier) {
        return false;
    }
    text_directive(c, t, spec, out, depth) || numeric_directive(c, t, spec, out)
}

/// Names, literals, composites (`%c %x %X %D %r %R %T %F`), `%s` and `%z`.
fn text_directive(c: char, t: &BrokenDownTime, spec: &Spec, out: &mut String, depth: u32) -> bool {
    let wday = (t.weekday % 7) as usize;
    let mon = ((t.month.max(1) - 1) % 12) as usize;
    let name_case = spec.upcase || spec.change_case;
    match c {
        '%' => add(out, spec, "%", false, false),
        'n' => add(out, spec, "\n", false, false),
        't' => add(out, spec, "\t", false, false),
        'a' => add(out, spec, &WEEKDAYS[wday][..3], false, name_case),
        'A' => add(out, spec, WEEKDAYS[wday], false, name_case),
        'b' | 'h' => add(out, spec, &MONTHS[mon][..3], false, name_case),
        'B' => add(out, spec, MONTHS[mon], false, name_case),
        'p' | 'P' => {
            let text = if t.hour > 11 { "PM" } else { "AM" };
            let lower = c == 'P' || spec.change_case;
            add(out, spec, text, lower, spec.upcase);
        }
        'Z' => add(out, spec, &t.zone, spec.change_case, spec.upcase),
        'c' | 'x' | 'X' | 'D' | 'r' | 'R' | 'T' | 'F' => {
            let sub: &str = match c {
                'c' => "%a %b %e %H:%M:%S %Y",
                'x' | 'D' => "%m/%d/%y",
                'X' | 'T' => "%H:%M:%S",
                'r' => "%I:%M:%S %p",
                'R' => "%H:%M",
                _ => "%Y-%m-%d",
            };
            let mut text = String::new();
            if depth < 2 {
                let sub: Vec<char> = sub.chars().collect();
                render(&sub, t, &mut text, depth + 1);
            }
            add(out, spec, &text, false, spec.upcase);
        }
        's' => {
            // glibc: digits = 1 regardless of the width.
            let mut s = *spec;
            write_number(out, &mut s, 1, t.epoch);
        }
        'z' => {
            let sign = if t.utc_offset < 0 { "-" } else { "+" };
            add(out, spec, sign, false, false);
            let minutes = i64::from(t.utc_offset).abs() / 60;
            number(out, spec, 4, minutes / 60 * 100 + minutes % 60, false);
        }
        _ => return false,
    }
    true
}

/// The numeric fields: (default digits, value, space-padded by default).
fn numeric_directive(c: char, t: &BrokenDownTime, spec: &Spec, out: &mut String) -> bool {
    let wday = i64::from(t.weekday % 7);
    let yearday = i64::from(t.yearday);
    let hour12 = match t.hour % 12 {
        0 => 12,
        h => i64::from(h),
    };
    let (digits, value, blank) = match c {
        'C' => (1, t.year.div_euclid(100), false),
        'y' => (2, t.year.rem_euclid(100), false),
        'Y' => (1, t.year, false),
        'G' => (1, iso_week(t).0, false),
        'g' => (2, iso_week(t).0.rem_euclid(100), false),
        'V' => (2, iso_week(t).1, false),
        'd' => (2, i64::from(t.day), false),
        'e' => (2, i64::from(t.day), true),
        'H' => (2, i64::from(t.hour), false),
        'k' => (2, i64::from(t.hour), true),
        'I' => (2, hour12, false),
        'l' => (2, hour12, true),
        'j' => (3, yearday + 1, false),
        'm' => (2, i64::from(t.month), false),
        'M' => (2, i64::from(t.minute), false),
        'S' => (2, i64::from(t.second), false),
        'u' => (1, (wday + 6) % 7 + 1, false),
        'w' => (1, wday, false),
        'U' => (2, (yearday - wday + 7) / 7, false),
        'W' => (2, (yearday - (wday + 6) % 7 + 7) / 7, false),
        _ => return false,
    };
    number(out, spec, digits, value, blank);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(epoch: i64) -> BrokenDownTime {
        BrokenDownTime::from_epoch(epoch, 0, "UTC")
    }

    #[test]
    fn civil_dates() {
        let t = at(1_704_164_645);
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (2024, 1, 2, 3, 4, 5)
        );
        assert_eq!((t.weekday, t.yearday), (2, 1));
        let leap = at(951_782_400); // 2000-02-29
        assert_eq!((leap.month, leap.day, leap.yearday), (2, 29, 59));
    }

    #[test]
    fn glibc_quirks() {
        let t = at(1_704_164_645);
        let f = |s: &str| strftime(s, &t).unwrap();
        assert_eq!(f("%_10z"), "         +         0");
        assert_eq!(f("%^10z"), "         +0000000000");
        assert_eq!(f("%3z"), "  +0000");
        assert_eq!(f("%5"), "   %5");
        assert_eq!(f("%"), "%");
        assert_eq!(f("%^q"), "%^Q");
        assert_eq!(f("%EO%d"), "%EO02");
        assert_eq!(f("%010a"), "0000000Tue");
        assert_eq!(f("%#P%^P%#Z"), "amamutc");
        assert!(strftime("a\0", &t).is_err());
        assert_eq!(f("%5000Y"), "");
    }
}
