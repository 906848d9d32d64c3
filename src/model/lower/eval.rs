//! `eval(text, vars(logging))` of `args`, `kwargs` and formatter `defaults`,
//! done statically: literals are evaluated, reads of the environment are
//! evaluated and reported, anything else is code logcheck does not run.

use super::Lowerer;
use super::reported::Reported;
use super::value::Value;
use crate::diagnostic::{Diagnostic, PyException};
use crate::pyexpr::{self, EnvRead, EvalError};
use crate::pyvalue::PyValue;
use crate::rules;
use rustc_hash::FxHashMap;
use crate::source::Span;

/// What the lowering's `args`/`kwargs`/`defaults` texts evaluated to, by
/// text, with the environment reads each made.
#[derive(Debug, Default)]
pub struct Evaluations {
    by_text: FxHashMap<String, (Result<PyValue, EvalError>, Vec<EnvRead>)>,
}

impl Evaluations {
    /// What `text` evaluated to, when the lowering evaluated it and read
    /// nothing of the environment on the way: then the answer depends on the
    /// text and the Python version alone, so a lint can take it instead of
    /// parsing the text again.
    pub fn without_reads(&self, text: &str) -> Option<&Result<PyValue, EvalError>> {
        self.by_text
            .get(text)
            .filter(|(_, reads)| reads.is_empty())
            .map(|(result, _)| result)
    }
}

/// Why an `args`/`kwargs` value was not evaluated: CPython would run code.
#[derive(Debug, Clone, Copy)]
pub(super) enum NotEvaluated {
    /// The text failed to evaluate the way CPython fails (a SyntaxError, a
    /// NameError): the exception is reported.
    Raises(Reported),
    /// The text is code logcheck does not run (reported as LC504 at
    /// `span`): CPython may well evaluate it.
    Code(Reported, Span),
}

impl<'a> Lowerer<'a> {
    /// `eval(text, vars(logging))` of args/kwargs/defaults, statically.
    pub(super) fn eval_value(
        &mut self,
        value: &Value<'a>,
        option: &str,
        section: &str,
    ) -> Result<PyValue, NotEvaluated> {
        self.compile_warnings(value, option, section);
        let (result, reads) = self.evaluate(&value.text);
        // A read that raises is CPython's exception (reported below, with
        // the read named): no separate note for it.
        let raised_at = match &result {
            Err(EvalError::Exception { span, .. }) => Some(*span),
            _ => None,
        };
        let mut raising_read = None;
        let mut noted: Vec<&EnvRead> = Vec::new();
        for read in &reads {
            if Some(read.span) == raised_at {
                raising_read = Some(read);
            } else if !reads.iter().any(|outer| {
                outer.span != read.span
                    && outer.span.start <= read.span.start
                    && read.span.end <= outer.span.end
            }) {
                // the outermost reads only: `os.path.join(os.getcwd(), …)`
                // shows the working directory in its arguments
                noted.push(read);
            }
        }
        if !noted.is_empty() {
            self.environment_reads(value, &noted, option, section);
        }
        match result {
            Ok(v) => Ok(v),
            Err(EvalError::NotStatic {
                span,
                reason,
                beyond_limits,
            }) => {
                let span = value.span_of(span.start..span.end);
                let reported = if beyond_limits {
                    self.beyond_limits(span, option, section, &reason)
                } else {
                    self.code_execution(span, option, section, &reason)
                };
                Err(NotEvaluated::Code(reported, span))
            }
            Err(err) => Err(NotEvaluated::Raises(self.eval_error(
                value,
                &err,
                raising_read,
                option,
                section,
            ))),
        }
    }

    /// The warnings CPython prints while compiling `value` (3.12+: invalid
    /// escapes), when CPython gets this far: recorded for the simulator's
    /// stderr and reported (LC613).
    fn compile_warnings(&mut self, value: &Value<'a>, option: &str, section: &str) {
        if self.out.python_error.is_some() {
            return;
        }
        let version = self.opts.version;
        for w in pyexpr::compile_warnings(&value.text, version) {
            let d = Diagnostic::new(
                &rules::BACKSLASH_ESCAPE,
                value.span_of(w.span.start..w.span.end),
                format!(
                    "CPython {}.{} prints a SyntaxWarning while loading `{option}` in [{section}]",
                    version.major, version.minor
                ),
            )
            .with_label(w.message.clone())
            .with_help("write a backslash as `\\\\`, use a raw string (`r'…'`) or forward slashes")
            .with_note(format!("CPython writes to stderr: {}", w.line));
            self.note(d);
            self.out.config.load_warnings.push(w.line);
        }
    }

    /// The exception CPython's `eval` raises for `value`.
    fn eval_error(
        &mut self,
        value: &Value<'a>,
        err: &EvalError,
        read: Option<&EnvRead>,
        option: &str,
        section: &str,
    ) -> Reported {
        let span = value.span_of(err.span().start..err.span().end);
        let exception = err
            .exception()
            .cloned()
            .unwrap_or_else(|| PyException::new("SyntaxError", "invalid syntax"));
        let approximate = matches!(err, EvalError::Syntax(e) if !e.exact_message);
        let rule = match exception.type_name.as_str() {
            "SyntaxError" => &rules::ARGS_SYNTAX,
            _ => &rules::ARGS_NAME,
        };
        let help = match read {
            Some(read) => env_read_help(read),
            None => eval_help(&exception, &value.text),
        };
        let mut d = Diagnostic::new(
            rule,
            span,
            format!("`{option}` in [{section}] fails to evaluate"),
        )
        .with_label(exception.to_string())
        .with_help(help)
        .with_python(exception);
        if approximate {
            d = d.with_note("CPython's exact wording of this SyntaxError may differ");
        }
        if let Some(fix) = self.mismatched_bracket_fix(d.python.as_deref(), span) {
            d = d.with_fix(fix);
        }
        if let Some(read) = read {
            d = d.with_note(format!(
                "`{}` read logcheck's own environment variables, as the service reads its own: the verdict holds for an environment like this one",
                read.call
            ));
        }
        self.raise(d)
    }

    /// The pure reads of the environment CPython performs while evaluating
    /// `option`: evaluated (the values are known given the environment) and
    /// noted once (LC510, info), so the values the verdict rests on are shown.
    fn environment_reads(
        &mut self,
        value: &Value<'a>,
        reads: &[&EnvRead],
        option: &str,
        section: &str,
    ) {
        let start = reads.iter().map(|r| r.span.start).min().unwrap_or(0);
        let end = reads.iter().map(|r| r.span.end).max().unwrap_or(start);
        let values: Vec<String> = reads
            .iter()
            .map(|r| format!("`{}` is {}", r.call, r.result))
            .collect();
        let d = Diagnostic::new(
            &rules::ENVIRONMENT_READ,
            value.span_of(start..end),
            format!(
                "`{option}` in [{section}] reads the environment: {}",
                values.join(", ")
            ),
        )
        .with_label(if reads.len() == 1 {
            format!("{} → {}", reads[0].call, reads[0].result)
        } else {
            format!("{} reads of the environment, evaluated", reads.len())
        })
        .with_help("nothing to fix if these are the values the service sees; to check another environment, run logcheck in it (and with --cwd), or pass the value with `defaults=` (`--define`)")
        .with_note("logcheck evaluated these read-only lookups with its own environment variables, the assumed working directory (--cwd) and POSIX's `os` constants, as the service would");
        self.note(d);
    }

    /// LC504 for code CPython runs and logcheck does not; the verdict is
    /// qualified from here on.
    pub(super) fn code_execution(
        &mut self,
        span: Span,
        option: &str,
        section: &str,
        reason: &str,
    ) -> Reported {
        let d = Diagnostic::new(
            &rules::CODE_EXECUTION,
            span,
            format!("`{option}` in [{section}] is code, not a literal: CPython executes it"),
        )
        .with_label(reason.to_string())
        .with_help("use plain Python literals (strings, numbers, tuples, dicts, sys.stdout, sys.stderr); fileConfig passes this text to eval() when it loads the file")
        .with_note("logcheck does not run code, so what follows from this value is not checked");
        self.note(d);
        self.uncertain(span)
    }

    /// LC504 for a value CPython computes without side effects but beyond
    /// what logcheck evaluates (an integer beyond 128 bits, a huge string,
    /// deep nesting); the verdict is qualified from here on.
    fn beyond_limits(&mut self, span: Span, option: &str, section: &str, reason: &str) -> Reported {
        let d = Diagnostic::new(
            &rules::CODE_EXECUTION,
            span,
            format!("`{option}` in [{section}] is beyond what logcheck evaluates"),
        )
        .with_label(reason.to_string())
        .with_help(format!(
            "CPython evaluates it when it loads the file; logcheck stops at integers beyond 128 bits, strings and sequences over {} items and expressions nested more than {} levels deep: a smaller value is checked",
            pyexpr::MAX_LEN,
            pyexpr::deep_depth(self.opts.version.minor)
        ))
        .with_note("logcheck does not evaluate it, so what follows from this value is not checked");
        self.note(d);
        self.uncertain(span)
    }

    /// `pyexpr::evaluate_reading(text)`, remembered per text.
    pub(super) fn evaluate(&mut self, text: &str) -> (Result<PyValue, EvalError>, Vec<EnvRead>) {
        let by_text = &mut self.out.evaluations.by_text;
        if let Some(known) = by_text.get(text) {
            return known.clone();
        }
        let fresh = pyexpr::evaluate_reading(text, &self.namespace);
        by_text.insert(text.to_string(), fresh.clone());
        fresh
    }

    /// `eval(section.get(option, default), vars(logging))`, where the
    /// default text (`'()'`, `'{}'`) is the literal `default`. Evaluated even
    /// when the class already failed: a broken `args` is a problem of its own.
    pub(super) fn eval_option(
        &mut self,
        sect: &str,
        option: &str,
        default: PyValue,
    ) -> Result<PyValue, NotEvaluated> {
        match self.get(sect, option, false) {
            Ok(Some(v)) => self.eval_value(&v, option, sect),
            Ok(None) => Ok(default),
            Err(reported) => Err(NotEvaluated::Raises(reported)),
        }
    }
}

/// How to fix an `args`/`kwargs` value that fails to evaluate.
fn eval_help(exc: &PyException, text: &str) -> String {
    match exc.type_name.as_str() {
        "NameError" => {
            "only names of the logging module are defined here (e.g. `sys.stdout`, `sys.stderr`, `handlers.SYSLOG_UDP_PORT`); quote strings, and use %(name)s with [DEFAULT] or --define for values".to_string()
        }
        "SyntaxError" if text.trim().is_empty() => {
            "an empty value is not a tuple: write `args=()` or remove the option".to_string()
        }
        "SyntaxError" if text.contains(';') => {
            "`;` does not start a comment inside a value: move the comment to its own line".to_string()
        }
        "SyntaxError" if exc.message.contains("unicodeescape") => {
            "backslashes are escapes in Python strings: use forward slashes or a raw string r'C:\\path'".to_string()
        }
        _ => "the value must be a Python literal such as `(sys.stdout,)` or `('app.log', 'a')`".to_string(),
    }
}

/// How to fix an environment read that raises (an unset `os.environ[key]`).
fn env_read_help(read: &EnvRead) -> String {
    match read.call.strip_prefix("os.environ[").and_then(|k| k.strip_suffix(']')) {
        Some(key) if read.result.starts_with("KeyError") => format!(
            "set {key} in the environment the service starts in, or give a default: `os.environ.get({key}, '…')`"
        ),
        _ => "the value must be a Python literal such as `(sys.stdout,)` or `('app.log', 'a')`".to_string(),
    }
}
