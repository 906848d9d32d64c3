//! "Did you mean …?" suggestions for misspelled names, levels, keys and classes.
//!
//! # Example
//! ```
//! use logcheck::suggest::did_you_mean;
//! assert_eq!(did_you_mean("consoleHandlr", ["consoleHandler", "file"]), Some("consoleHandler"));
//! assert_eq!(did_you_mean("zzz", ["consoleHandler"]), None);
//! ```

/// The candidate closest to `wanted`, if it is close enough to be a likely typo
/// (Jaro–Winkler similarity ≥ 0.8, or equal ignoring case).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == wanted || candidate.is_empty() {
            continue;
        }
        let score = if candidate.eq_ignore_ascii_case(wanted) {
            1.0
        } else {
            strsim::jaro_winkler(&wanted.to_lowercase(), &candidate.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}
