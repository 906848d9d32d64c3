//! Time for the backend: the record clock (real or injected) and
//! `time.localtime`'s offset and zone name.
//!
//! CPython stamps a record with `time.time()` (≤3.12, a float) or
//! `time.time_ns()` (3.13+) and formats `asctime` with `time.localtime`. The
//! [`SystemClock`] reads the real clock; a [`ManualClock`] is set by tests.
//!
//! # Example
//! ```
//! use logcheck::backend::{Clock, ManualClock};
//! let clock = ManualClock::new(1_704_164_645_125_000_000);
//! clock.advance_ns(1_000_000_000);
//! assert_eq!(clock.now_ns(), 1_704_164_646_125_000_000);
//! ```

use crate::format::record::RecordTime;
use crate::version::PyVersion;
use std::sync::atomic::{AtomicI64, Ordering};

/// `time.localtime`: epoch → (UTC offset in seconds, zone abbreviation).
pub type LocalTime = std::sync::Arc<dyn Fn(i64) -> (i32, String) + Send + Sync>;

/// A source of "now" in nanoseconds since the epoch.
pub trait Clock: Send + Sync {
    /// Now, in nanoseconds since the epoch.
    fn now_ns(&self) -> i128;

    /// True for the real clock (records then use CPython's `time.time()`
    /// arithmetic); false for an injected one, whose instants are decimal
    /// values as the oracle freezes them (`float(Fraction(ns, 10**9))`).
    fn is_real(&self) -> bool {
        false
    }
}

/// The system's real-time clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[inline]
    fn now_ns(&self) -> i128 {
        #[cfg(any(target_os = "linux", target_vendor = "apple"))]
        if let Some(ns) = sys::realtime_ns() {
            return ns;
        }
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        }
    }

    fn is_real(&self) -> bool {
        true
    }
}

/// A clock that only moves when told (tests, simulations).
#[derive(Debug, Default)]
pub struct ManualClock {
    ns: AtomicI64,
}

impl ManualClock {
    /// A clock standing at `ns` nanoseconds since the epoch.
    pub fn new(ns: i128) -> Self {
        ManualClock {
            ns: AtomicI64::new(ns as i64),
        }
    }

    /// Moves the clock to `ns`.
    pub fn set_ns(&self, ns: i128) {
        self.ns.store(ns as i64, Ordering::SeqCst);
    }

    /// Moves the clock forward by `delta` nanoseconds (backward if negative).
    pub fn advance_ns(&self, delta: i128) {
        self.ns.fetch_add(delta as i64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ns(&self) -> i128 {
        i128::from(self.ns.load(Ordering::SeqCst))
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now_ns(&self) -> i128 {
        (**self).now_ns()
    }
    fn is_real(&self) -> bool {
        (**self).is_real()
    }
}

/// `created`, `msecs`, `relativeCreated` for a record at `now_ns`, the
/// logging module having started at `start_ns`.
pub(crate) fn record_time(
    now_ns: i128,
    start_ns: i128,
    real: bool,
    version: PyVersion,
) -> RecordTime {
    if version.msecs_from_ns() {
        return RecordTime::from_ns(now_ns, start_ns, version);
    }
    if !real {
        // An injected instant is a decimal value, as the oracle freezes it.
        return RecordTime::from_float(nearest_seconds(now_ns), nearest_seconds(start_ns), version);
    }
    RecordTime::from_float(real_seconds(now_ns), real_seconds(start_ns), version)
}

/// `time.time()` for the real clock at `ns`: `_PyTime_AsSecondsDouble` —
/// exact for whole seconds, else (double)ns / 1e9. (i64 arithmetic: i128 →
/// f64 is a slow software routine.)
#[inline]
pub(crate) fn real_seconds(ns: i128) -> f64 {
    let ns = i64::try_from(ns).unwrap_or(i64::MAX);
    if ns % 1_000_000_000 == 0 {
        (ns / 1_000_000_000) as f64
    } else {
        ns as f64 / 1e9
    }
}

/// The float nearest to `ns / 1e9` (`float(Fraction(ns, 10**9))`), without
/// allocating: the decimal text is built on the stack and parsed.
fn nearest_seconds(ns: i128) -> f64 {
    struct Stack {
        buf: [u8; 64],
        len: usize,
    }
    impl std::fmt::Write for Stack {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
            dst.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut text = Stack {
        buf: [0; 64],
        len: 0,
    };
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    let written = std::fmt::Write::write_fmt(
        &mut text,
        format_args!("{sign}{}.{:09}", abs / 1_000_000_000, abs % 1_000_000_000),
    );
    if written.is_err() {
        return ns as f64 / 1e9;
    }
    std::str::from_utf8(&text.buf[..text.len])
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(ns as f64 / 1e9)
}

/// `time.localtime(epoch)`: (`tm_gmtoff`, `tm_zone`).
pub fn local_offset(epoch: i64) -> (i32, String) {
    #[cfg(any(target_os = "linux", target_vendor = "apple"))]
    {
        if let Some(found) = sys::localtime(epoch) {
            return found;
        }
    }
    use chrono::{Offset, TimeZone};
    let offset = chrono::Local
        .timestamp_opt(epoch, 0)
        .single()
        .map_or(0, |t| t.offset().fix().local_minus_utc());
    let zone = if offset == 0 {
        "UTC".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let a = offset.unsigned_abs();
        format!("{sign}{:02}{:02}", a / 3600, a / 60 % 60)
    };
    (offset, zone)
}

/// The same C calls CPython's `time.time` and `time.localtime` make, so the
/// instant, the offset and the `%Z` abbreviation agree with Python's in every
/// zone. Declarations come from the `libc` crate (right on every target it
/// supports); `tm_gmtoff`/`tm_zone` exist on Linux and Apple platforms.
#[cfg(any(target_os = "linux", target_vendor = "apple"))]
mod sys {
    use std::ffi::CStr;

    /// `clock_gettime(CLOCK_REALTIME)` (what `time.time()` reads), without
    /// `SystemTime`'s validation and `duration_since` arithmetic.
    #[inline]
    pub(super) fn realtime_ns() -> Option<i128> {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec for the duration of the
        // call; clock_gettime is thread-safe and writes nothing else.
        if unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) } != 0 {
            return None;
        }
        Some(i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec))
    }

    /// `localtime_r(epoch)`: (`tm_gmtoff`, `tm_zone`).
    pub(super) fn localtime(epoch: i64) -> Option<(i32, String)> {
        // No explicit tzset(): glibc, musl and Apple's libc read TZ on the
        // first localtime_r, as CPython's import of `time` does once.
        let epoch = libc::time_t::try_from(epoch).ok()?;
        // SAFETY: `tm` is plain old data (integers and a nullable pointer), so
        // the all-zero value is a valid `tm`.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid for the call; localtime_r is the
        // thread-safe variant and writes only into `tm`.
        let ok = unsafe { libc::localtime_r(&epoch, &mut tm) };
        if ok.is_null() {
            return None;
        }
        let zone = if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: the C library points tm_zone at a NUL-terminated string
            // that lives as long as the time zone data (static in practice).
            unsafe { CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned()
        };
        Some((i32::try_from(tm.tm_gmtoff).unwrap_or(0), zone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_seconds_matches_record_time() {
        for ns in [
            0,
            1_704_164_645_125_000_000,
            -1_500_000_000,
            1_795_680_000_123_456_789,
        ] {
            let v = PyVersion::new(3, 12, 1);
            assert_eq!(
                record_time(ns, 0, false, v),
                RecordTime::from_ns(ns, 0, v),
                "{ns}"
            );
        }
    }

    #[test]
    fn system_clock_reads_the_real_time() {
        let before = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        let now = SystemClock.now_ns();
        let after = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        assert!(before <= now && now <= after, "{before} {now} {after}");
    }

    #[test]
    fn injected_time_matches_record_time() {
        let v = PyVersion::new(3, 11, 7);
        let t = record_time(
            1_704_164_645_125_000_000,
            1_704_164_645_125_000_000,
            false,
            v,
        );
        assert_eq!((t.msecs, t.relative_created), (125.0, 0.0));
        let real = record_time(
            1_704_164_645_000_000_000,
            1_704_164_645_000_000_000,
            true,
            v,
        );
        assert_eq!(real.created, 1_704_164_645.0);
    }
}
