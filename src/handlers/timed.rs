//! `logging.handlers.TimedRotatingFileHandler`: `computeRollover`,
//! `shouldRollover`, `doRollover` and `getFilesToDelete`, once, over the
//! I/O seam (fixed-offset zones: no DST shifts).
//!
//! The schedule changed in 3.13: a rollover time equal to now moves to the
//! next period, `interval` counts from the first period, and a backup that
//! already exists means "already rolled over" (3.12 removes it). 3.13 also
//! matches backups by the exact suffix length.

use super::file::FileStream;
use super::io::{FileIo, exists_not_file};
use crate::diagnostic::PyException;
use crate::format::strftime::{BrokenDownTime, strftime};
use crate::version::PyVersion;

const MIDNIGHT: i64 = 24 * 60 * 60;

/// The local UTC offset (seconds) and zone name at an epoch second.
pub type LocalTime<'a> = &'a dyn Fn(i64) -> (i32, String);

/// `TimedRotatingFileHandler`'s schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Upper-cased `when` (`S`, `M`, `H`, `D`, `MIDNIGHT`, `W0`…`W6`).
    pub when: String,
    /// Seconds (already multiplied by the unit).
    pub interval: i64,
    /// `backupCount`.
    pub backup_count: u64,
    /// `utc=True`.
    pub utc: bool,
    /// `atTime` as seconds after midnight.
    pub at_time: Option<i64>,
    /// `W0`…`W6`: the weekday (Monday 0).
    pub day_of_week: i64,
    /// `self.rolloverAt`.
    pub rollover_at: i64,
}

impl Schedule {
    /// The constructor's schedule (`rollover_at` is set by [`Schedule::start`]).
    pub fn new(when: &str, interval: i64, backup_count: u64, utc: bool) -> Schedule {
        let unit = match when {
            "S" => 1,
            "M" => 60,
            "H" => 3600,
            "D" | "MIDNIGHT" => MIDNIGHT,
            _ => 7 * MIDNIGHT,
        };
        Schedule {
            when: when.to_string(),
            interval: interval.saturating_mul(unit),
            backup_count,
            utc,
            at_time: None,
            day_of_week: when
                .strip_prefix('W')
                .and_then(|d| d.parse().ok())
                .unwrap_or(0),
            rollover_at: 0,
        }
    }

    /// The end of `__init__`: the first rollover counts from the file's
    /// mtime when it exists, else from now.
    pub fn start<I: FileIo>(
        &mut self,
        io: &I,
        path: &str,
        now: i64,
        version: PyVersion,
        local: LocalTime<'_>,
    ) {
        let start = io.mtime(path).unwrap_or(now);
        self.rollover_at = self.compute_rollover(start, version, local);
    }

    fn suffix(&self) -> &'static str {
        match self.when.as_str() {
            "S" => "%Y-%m-%d_%H-%M-%S",
            "M" => "%Y-%m-%d_%H-%M",
            "H" => "%Y-%m-%d_%H",
            _ => "%Y-%m-%d",
        }
    }

    /// `computeRollover(currentTime)`.
    pub fn compute_rollover(&self, current: i64, version: PyVersion, local: LocalTime<'_>) -> i64 {
        let daily = self.when == "MIDNIGHT" || self.when.starts_with('W');
        if !daily {
            return current + self.interval;
        }
        let offset = if self.utc { 0 } else { local(current).0 };
        let t = BrokenDownTime::from_epoch(current, offset, "");
        let (hour, minute, second) = (i64::from(t.hour), i64::from(t.minute), i64::from(t.second));
        // tm_wday in Python's struct_time: Monday is 0.
        let mut day = (i64::from(t.weekday) + 6) % 7;
        let mut r = self.at_time.unwrap_or(MIDNIGHT) - ((hour * 60 + minute) * 60 + second);
        let new_rules = version >= PyVersion::new(3, 13, 0);
        if r < 0 || (new_rules && r == 0) {
            r += MIDNIGHT;
            day = (day + 1) % 7;
        }
        let mut result = current + r;
        if self.when.starts_with('W') {
            if day != self.day_of_week {
                let wait = if day < self.day_of_week {
                    self.day_of_week - day
                } else {
                    6 - day + self.day_of_week + 1
                };
                result += wait * MIDNIGHT;
            }
            if new_rules {
                result += self.interval - MIDNIGHT * 7;
            }
        } else if new_rules {
            result += self.interval - MIDNIGHT;
        }
        result
    }

    /// The next rollover after `current` (`interval` 0 would loop forever
    /// in CPython; it advances by a second here).
    fn next_rollover(&self, current: i64, version: PyVersion, local: LocalTime<'_>) -> i64 {
        let mut at = self.compute_rollover(current, version, local);
        while at <= current {
            at += self.interval.max(1);
        }
        at
    }
}

/// `shouldRollover(record)` at `now` (only regular files roll over; a
/// non-regular one just moves its schedule on).
pub fn should_rollover<I: FileIo>(
    io: &I,
    path: &str,
    schedule: &mut Schedule,
    now: i64,
    version: PyVersion,
    local: LocalTime<'_>,
) -> bool {
    if now < schedule.rollover_at {
        return false;
    }
    if exists_not_file(io, path) {
        schedule.rollover_at = schedule.compute_rollover(now, version, local);
        return false;
    }
    true
}

/// `doRollover()` at `now`: rename the file to `path.<suffix of the period
/// that ended>`, delete the oldest backups, reopen unless `delay`.
pub fn do_rollover<I: FileIo>(
    io: &I,
    stream: &mut FileStream<I::Handle>,
    schedule: &mut Schedule,
    now: i64,
    version: PyVersion,
    local: LocalTime<'_>,
) -> Result<(), PyException> {
    let then = schedule.rollover_at - schedule.interval;
    let offset = if schedule.utc { 0 } else { local(then).0 };
    let tm = BrokenDownTime::from_epoch(then, offset, "");
    let dfn = format!("{}.{}", stream.path, strftime(schedule.suffix(), &tm)?);
    let new_rules = version >= PyVersion::new(3, 13, 0);
    if io.exists(&dfn) {
        if new_rules {
            // 3.13: "Already rolled over."
            schedule.rollover_at = schedule.next_rollover(now, version, local);
            return Ok(());
        }
        stream.close();
        io.remove(&dfn)?;
    }
    stream.close();
    if io.exists(&stream.path) {
        io.rename(&stream.path, &dfn)?;
    }
    if schedule.backup_count > 0 {
        for old in files_to_delete(io, &stream.path, schedule, new_rules) {
            io.remove(&old)?;
        }
    }
    if !stream.delay {
        stream.open(io)?;
    }
    schedule.rollover_at = schedule.next_rollover(now, version, local);
    Ok(())
}

/// Does `part` match the `when`'s date pattern (`^\d{4}-\d{2}-\d{2}...`)?
pub fn matches_suffix(part: &str, when: &str) -> bool {
    let pattern: &[u8] = match when {
        "S" => b"dddd-dd-dd_dd-dd-dd",
        "M" => b"dddd-dd-dd_dd-dd",
        "H" => b"dddd-dd-dd_dd",
        _ => b"dddd-dd-dd",
    };
    let b = part.as_bytes();
    b.len() >= pattern.len()
        && pattern.iter().zip(b).all(|(p, c)| {
            if *p == b'd' {
                c.is_ascii_digit()
            } else {
                p == c
            }
        })
        && (b.len() == pattern.len() || {
            // 3.11/3.12: an optional `(\.\w+)?$` tail.
            let tail = &part[pattern.len()..];
            tail.len() > 1
                && tail.starts_with('.')
                && tail[1..].chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `getFilesToDelete()` (no namer): the oldest backups beyond `backupCount`.
fn files_to_delete<I: FileIo>(io: &I, path: &str, t: &Schedule, new_rules: bool) -> Vec<String> {
    let (dir, base) = match path.rfind('/') {
        Some(i) => (&path[..i.max(1)], &path[i + 1..]),
        None => (".", path),
    };
    let mut result: Vec<String> = io
        .list_dir(dir)
        .into_iter()
        .filter(|name| is_backup(name, base, &t.when, new_rules))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    if (result.len() as u64) < t.backup_count {
        return Vec::new();
    }
    result.sort();
    result.truncate(result.len() - t.backup_count as usize);
    result
}

/// Is `name` a backup of `base` (3.13: `base.<suffix>` exactly; earlier:
/// `stem.` followed by parts one of which matches the suffix)?
fn is_backup(name: &str, base: &str, when: &str, new_rules: bool) -> bool {
    if new_rules {
        return name
            .strip_prefix(&format!("{base}."))
            .is_some_and(|s| matches_suffix(s, when) && s.len() == suffix_len(when));
    }
    let stem = match base.rfind('.') {
        Some(dot) if base[..dot].chars().any(|c| c != '.') => &base[..dot],
        _ => base,
    };
    name.starts_with(base)
        && name
            .strip_prefix(&format!("{stem}."))
            .is_some_and(|s| s.split('.').any(|part| matches_suffix(part, when)))
}

fn suffix_len(when: &str) -> usize {
    match when {
        "S" => 19,
        "M" => 16,
        "H" => 13,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timed_suffix_patterns() {
        assert!(matches_suffix("2024-01-02", "D"));
        assert!(matches_suffix("2024-01-02.gz", "MIDNIGHT"));
        assert!(!matches_suffix("2024-01-0x", "D"));
        assert!(matches_suffix("2024-01-02_03-04-05", "S"));
        assert!(!matches_suffix("2024-01-02_03", "S"));
    }
}
