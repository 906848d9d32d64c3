//! CPython's rules for the order of a call's arguments: what its parser's
//! `invalid_arguments` alternatives report (positional after keyword,
//! `*` after `**`, an unparenthesized generator expression) and the
//! compiler's repeated keyword. Kept apart from the parser so that the
//! precedence of these messages, which is CPython's alternative order, is
//! readable in one place.

/// What kind of argument one call argument is, as the ordering rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgKind {
    /// `value`
    Positional,
    /// `*values`
    Star,
    /// `name=value` (the name's token index is `CallArg::start`)
    Keyword,
    /// `**mapping`
    DoubleStar,
    /// `x for x in y` without its own parentheses
    Generator,
    /// `name=x for x in y`
    KeywordGenerator,
}

/// One parsed argument: its kind, its first token and the comma before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallArg {
    pub kind: ArgKind,
    /// Token index of the argument's first token.
    pub start: usize,
    /// Token index of the comma before it (none for the first argument).
    pub comma: Option<usize>,
    /// Token index after its expression (a generator's `for`).
    pub end: usize,
    /// The keyword's name, for [`ArgKind::Keyword`].
    pub keyword: Option<String>,
}

/// A syntax error in a call's arguments, at a token index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArgError {
    pub at: usize,
    pub message: String,
    /// Whether the message and line are CPython's for sure.
    pub exact: bool,
}

/// How far CPython's `args` rule gets over a list: to its end, to the first
/// argument out of order (with the part of the list it was in), or to a
/// `name=x for x in y`, which its `invalid_kwarg` rule raises on at once.
enum Run {
    Complete,
    Misfit(usize, Part),
    KeywordGenerator(usize),
}

/// The part of a well-ordered argument list being read.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Positional,
    Keywords,
    AfterDoubleStar,
}

/// Run CPython's `args` over `args[from..]`.
fn run(args: &[CallArg], from: usize) -> Run {
    let mut part = Part::Positional;
    for (i, arg) in args.iter().enumerate().skip(from) {
        match arg.kind {
            ArgKind::KeywordGenerator => return Run::KeywordGenerator(i),
            ArgKind::Positional if part == Part::Positional => {}
            ArgKind::Star if part < Part::AfterDoubleStar => {}
            ArgKind::Keyword => part = part.max(Part::Keywords),
            ArgKind::DoubleStar => part = Part::AfterDoubleStar,
            _ => return Run::Misfit(i, part),
        }
    }
    Run::Complete
}

/// The error CPython's parser raises for this argument list, if any, found
/// as its `invalid_arguments` alternatives do, in their order. `close` is the
/// token index of the closing parenthesis, `minor` the Python minor version.
pub(crate) fn order_error(
    args: &[CallArg],
    trailing_comma: bool,
    close: usize,
    minor: u32,
) -> Option<ArgError> {
    let error = |at: usize, message: &str| {
        Some(ArgError {
            at,
            message: message.to_string(),
            exact: true,
        })
    };
    let generator = |at: usize| error(at, "Generator expression must be parenthesized");
    if minor < 9 {
        return order_error_38(args, trailing_comma);
    }
    let (m, part) = match run(args, 0) {
        Run::KeywordGenerator(k) => return keyword_generator(&args[k], minor),
        Run::Misfit(m, part) => (m, part),
        Run::Complete => return None,
    };
    let misfit = &args[m];
    match misfit.kind {
        // A generator alone, without a trailing comma, is a valid call.
        ArgKind::Generator if args.len() == 1 && !trailing_comma => None,
        // `x for x in y, ...`: the rest is read as arguments first.
        ArgKind::Generator if m == 0 => match run(args, 1) {
            Run::KeywordGenerator(k) => keyword_generator(&args[k], minor),
            _ => generator(misfit.start),
        },
        ArgKind::Generator => generator(misfit.start),
        ArgKind::Star => {
            // 3.10 reports at the first argument, 3.13 at the comma before
            // the star, others at the star.
            let at = match minor {
                10 => args[0].start,
                13.. => misfit.comma.unwrap_or(misfit.start),
                _ => misfit.start,
            };
            error(
                at,
                "iterable argument unpacking follows keyword argument unpacking",
            )
        }
        _ => {
            // `a=args ',' args`: the second list is read from the misplaced
            // argument; 3.9+ report where that read stopped, 3.8 at the argument.
            let at = match run(args, m) {
                Run::KeywordGenerator(k) => return keyword_generator(&args[k], minor),
                // a misplaced `*` fails at the star itself; any other
                // argument after its expression (a `name=` look-ahead)
                Run::Misfit(stop, _) if args[stop].kind == ArgKind::Star => args[stop].start,
                Run::Misfit(stop, _) => args[stop].end,
                Run::Complete => close,
            };
            let at = if minor >= 9 { at } else { misfit.start };
            let message = if part == Part::AfterDoubleStar {
                "positional argument follows keyword argument unpacking"
            } else {
                "positional argument follows keyword argument"
            };
            error(at, message)
        }
    }
}

/// 3.8's order: its grammar rejects `name=x for x in y` (at the `for`);
/// then `ast_for_call` rejects a generator among other arguments, then walks
/// the arguments once for misplaced positional and `*` arguments and
/// repeated keywords.
fn order_error_38(args: &[CallArg], trailing_comma: bool) -> Option<ArgError> {
    let error = |at: usize, message: &str| {
        Some(ArgError {
            at,
            message: message.to_string(),
            exact: true,
        })
    };
    if let Some(arg) = args.iter().find(|a| a.kind == ArgKind::KeywordGenerator) {
        return error(arg.end, "invalid syntax");
    }
    if (args.len() > 1 || trailing_comma)
        && let Some(arg) = args.iter().find(|a| a.kind == ArgKind::Generator)
    {
        return error(arg.start, "Generator expression must be parenthesized");
    }
    let (mut keywords, mut double_stars) = (0, 0);
    for (i, arg) in args.iter().enumerate() {
        match arg.kind {
            ArgKind::Positional if keywords + double_stars > 0 => {
                return error(
                    arg.start,
                    if double_stars > 0 {
                        "positional argument follows keyword argument unpacking"
                    } else {
                        "positional argument follows keyword argument"
                    },
                );
            }
            ArgKind::Star if double_stars > 0 => {
                return error(
                    arg.start,
                    "iterable argument unpacking follows keyword argument unpacking",
                );
            }
            ArgKind::DoubleStar => double_stars += 1,
            ArgKind::Keyword => {
                if let Some(e) = repeated_keyword(&args[..=i], 8) {
                    return Some(e);
                }
                keywords += 1;
            }
            _ => {}
        }
    }
    None
}

/// `name=x for x in y`: CPython's `invalid_kwarg` error at the name (3.9
/// has no such rule and fails in ways not modelled).
fn keyword_generator(arg: &CallArg, minor: u32) -> Option<ArgError> {
    let message = if minor >= 10 {
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
    } else {
        "invalid syntax"
    };
    Some(ArgError {
        at: arg.start,
        message: message.to_string(),
        exact: minor >= 10,
    })
}

/// The compiler's `keyword argument repeated` for a list the parser
/// accepted (3.9+ name the keyword), at the repeated keyword (the caller
/// moves it to the call for 3.9).
pub(crate) fn repeated_keyword(args: &[CallArg], minor: u32) -> Option<ArgError> {
    let names: Vec<(&str, usize)> = args
        .iter()
        .filter_map(|a| Some((a.keyword.as_deref()?, a.start)))
        .collect();
    names.iter().enumerate().find_map(|(i, (name, at))| {
        names[..i].iter().any(|(n, _)| n == name).then(|| ArgError {
            exact: true,
            at: *at,
            message: if minor >= 9 {
                format!("keyword argument repeated: {name}")
            } else {
                "keyword argument repeated".to_string()
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(kinds: &[ArgKind]) -> Vec<CallArg> {
        kinds
            .iter()
            .enumerate()
            .map(|(i, &kind)| CallArg {
                kind,
                start: i * 2,
                comma: i.checked_sub(1).map(|_| i * 2 - 1),
                end: i * 2 + 1,
                keyword: (kind == ArgKind::Keyword).then(|| format!("k{}", i % 2)),
            })
            .collect()
    }

    #[test]
    fn first_mistake_in_source_order_is_reported() {
        use ArgKind::*;
        let msg = |kinds: &[ArgKind]| order_error(&args(kinds), false, 99, 11).map(|e| e.message);
        assert_eq!(msg(&[Positional, Keyword, Star, DoubleStar]), None);
        assert_eq!(
            msg(&[DoubleStar, Star, Positional]).as_deref(),
            Some("iterable argument unpacking follows keyword argument unpacking")
        );
        assert_eq!(
            msg(&[Keyword, Positional, Generator]).as_deref(),
            Some("positional argument follows keyword argument")
        );
        assert_eq!(
            msg(&[Keyword, Generator]).as_deref(),
            Some("Generator expression must be parenthesized")
        );
        assert_eq!(msg(&[Generator]), None);
    }

    #[test]
    fn repeated_keyword_names_the_second_use() {
        use ArgKind::*;
        let e = repeated_keyword(&args(&[Keyword, Positional, Keyword]), 11).expect("repeated");
        assert_eq!((e.at, e.message.as_str()), (4, "keyword argument repeated: k0"));
        assert_eq!(repeated_keyword(&args(&[Keyword, Keyword]), 11), None);
    }
}
