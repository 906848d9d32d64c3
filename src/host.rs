//! The program that loads the file, and exactly the call it makes.
//!
//! The same file passes under one host and fails under another: each host
//! calls `logging.config.fileConfig` with its own `defaults=` (which become
//! `[DEFAULT]` options), its own `disable_existing_loggers`, after creating
//! its own loggers, and some read the file with their own `ConfigParser`
//! first. Modelled from the hosts' source (alembic 1.20, plaster_pastedeploy
//! 1.0, gunicorn 27, uvicorn 0.55):
//!
//! | host | the call | defaults | disables existing loggers |
//! |---|---|---|---|
//! | `plain` | `fileConfig(path)` | `--define` only | yes |
//! | `alembic` | env.py: `fileConfig(config.config_file_name)`, after alembic's `Config` parsed the file | none (no `here`) | yes |
//! | `pserve` | plaster_pastedeploy `setup_logging()`: `fileConfig(path, defaults, disable_existing_loggers=False)` when the file has a `[loggers]` section, `logging.basicConfig()` otherwise, after PasteDeploy parsed the file | `__file__`, `here` (absolute) | no |
//! | `gunicorn` | `--log-config FILE`: `fileConfig(FILE, defaults, disable_existing_loggers=False)` | gunicorn's `CONFIG_DEFAULTS` dict, `__file__`, `here` (as given) | no |
//! | `uvicorn` | `--log-config FILE` (not `.json`/`.yaml`): `addLevelName(5, "TRACE")`, then `fileConfig(FILE, disable_existing_loggers=False)` | none | no |
//!
//! dictConfig files ([`Host::dictconfig_format`]): a plain program and
//! uvicorn's `--log-config` read `*.json` with `json.load` and `*.yaml`/`*.yml`
//! with `yaml.safe_load` and call `dictConfig` (uvicorn after registering
//! `TRACE`); gunicorn's `--log-config-json` updates a copy of its
//! `CONFIG_DEFAULTS` with the file's top-level keys, and raises
//! `RuntimeError(str(exc)) from exc` for what it catches.

use std::path::Path;

/// A program that loads a fileConfig file (`--host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Host {
    /// A bare `logging.config.fileConfig(path)`.
    #[default]
    Plain,
    /// Alembic's `env.py` (`alembic.ini`).
    Alembic,
    /// Pyramid's `pserve` and anything using `pyramid.paster.setup_logging`
    /// (PasteDeploy `.ini` files, through plaster_pastedeploy).
    Pserve,
    /// `gunicorn --log-config FILE`.
    Gunicorn,
    /// `uvicorn --log-config FILE`.
    Uvicorn,
}

/// gunicorn's `glogging.CONFIG_DEFAULTS`, as `str()` makes each value when
/// `ConfigParser(defaults)` stores it (gunicorn 27.0).
const GUNICORN_DEFAULTS: [(&str, &str); 6] = [
    ("version", "1"),
    ("disable_existing_loggers", "False"),
    ("root", "{'level': 'INFO', 'handlers': ['console']}"),
    (
        "loggers",
        "{'gunicorn.error': {'level': 'INFO', 'handlers': ['error_console'], 'propagate': True, 'qualname': 'gunicorn.error'}, 'gunicorn.access': {'level': 'INFO', 'handlers': ['console'], 'propagate': True, 'qualname': 'gunicorn.access'}}",
    ),
    (
        "handlers",
        "{'console': {'class': 'logging.StreamHandler', 'formatter': 'generic', 'stream': 'ext://sys.stdout'}, 'error_console': {'class': 'logging.StreamHandler', 'formatter': 'generic', 'stream': 'ext://sys.stderr'}}",
    ),
    (
        "formatters",
        "{'generic': {'format': '%(asctime)s [%(process)d] [%(levelname)s] %(message)s', 'datefmt': '[%Y-%m-%d %H:%M:%S %z]', 'class': 'logging.Formatter'}}",
    ),
];

/// gunicorn's `glogging.CONFIG_DEFAULTS` as the dict `--log-config-json`
/// starts from (`config.update(json.load(f))`), in JSON (gunicorn 27.0).
const GUNICORN_DICT_DEFAULTS: &str = r#"{
 "version": 1,
 "disable_existing_loggers": false,
 "root": {"level": "INFO", "handlers": ["console"]},
 "loggers": {
  "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": true, "qualname": "gunicorn.error"},
  "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": true, "qualname": "gunicorn.access"}
 },
 "handlers": {
  "console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stdout"},
  "error_console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stderr"}
 },
 "formatters": {
  "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s", "datefmt": "[%Y-%m-%d %H:%M:%S %z]", "class": "logging.Formatter"}
 }
}"#;

impl Host {
    /// The dict a host updates with the document's top-level keys before
    /// calling dictConfig (gunicorn's `CONFIG_DEFAULTS`), as JSON text.
    pub(crate) fn dictconfig_defaults(self) -> Option<&'static str> {
        match self {
            Host::Gunicorn => Some(GUNICORN_DICT_DEFAULTS),
            _ => None,
        }
    }

    /// Whether the host catches what loading a dictConfig file raises and
    /// raises `RuntimeError(str(exc)) from exc` instead (gunicorn catches
    /// `JSONDecodeError`, `AttributeError`, `ImportError`, `ValueError` and
    /// `TypeError`, subclasses included).
    pub(crate) fn wraps_dictconfig_error(self, type_name: &str) -> bool {
        const CAUGHT: &[&str] = &[
            "json.decoder.JSONDecodeError",
            "AttributeError",
            "ImportError",
            "ModuleNotFoundError",
            "ValueError",
            "UnicodeDecodeError",
            "TypeError",
        ];
        self == Host::Gunicorn && CAUGHT.contains(&type_name)
    }

    /// Every host, in `--host` order.
    pub const ALL: [Host; 5] = [
        Host::Plain,
        Host::Alembic,
        Host::Pserve,
        Host::Gunicorn,
        Host::Uvicorn,
    ];

    /// The name `--host` and the JSON output use.
    pub fn name(self) -> &'static str {
        match self {
            Host::Plain => "plain",
            Host::Alembic => "alembic",
            Host::Pserve => "pserve",
            Host::Gunicorn => "gunicorn",
            Host::Uvicorn => "uvicorn",
        }
    }

    /// The host named `name` (`plain`, `alembic`, `pserve`, `gunicorn`, `uvicorn`).
    pub fn from_name(name: &str) -> Option<Host> {
        Host::ALL.into_iter().find(|h| h.name() == name)
    }

    /// The host a file is written for, from its section headers: an
    /// `[alembic]` section means alembic; `[app:…]`, `[server:…]`,
    /// `[pipeline:…]` or `[composite:…]` mean PasteDeploy (pserve);
    /// anything else is a plain `fileConfig`. gunicorn and uvicorn take any
    /// file and must be named.
    pub fn detect(bytes: &[u8]) -> Host {
        let mut host = Host::Plain;
        for name in section_headers(bytes) {
            if name == b"alembic" {
                return Host::Alembic;
            }
            let paste = [&b"app:"[..], b"server:", b"pipeline:", b"composite:"];
            if paste.iter().any(|p| name.starts_with(p)) {
                host = Host::Pserve;
            }
        }
        host
    }

    /// Top-level packages importable wherever this host runs (itself and
    /// what it depends on), added to `--importable`.
    pub fn own_packages(self) -> &'static [&'static str] {
        match self {
            Host::Plain => &[],
            Host::Alembic => &["alembic", "sqlalchemy", "mako"],
            Host::Pserve => &["pyramid", "plaster", "plaster_pastedeploy", "paste", "webob"],
            Host::Gunicorn => &["gunicorn"],
            Host::Uvicorn => &["uvicorn", "click", "h11"],
        }
    }

    /// `importable` plus [`Self::own_packages`].
    pub(crate) fn importable_with(self, importable: &[String]) -> Vec<String> {
        let mut all = importable.to_vec();
        for p in self.own_packages() {
            if !all.iter().any(|i| i == p) {
                all.push((*p).to_string());
            }
        }
        all
    }

    /// The dictConfig file format this host reads `path` as, or `None`
    /// when it hands the file to fileConfig. uvicorn's `--log-config`
    /// decides by the (case-sensitive) suffix: `.json` through `json.load`,
    /// `.yaml`/`.yml` through `yaml.safe_load`, anything else fileConfig. A
    /// plain program is assumed to do the same. gunicorn reads JSON for
    /// `--log-config-json` (a `.json` file is taken to be given there);
    /// alembic and pserve always call fileConfig.
    pub fn dictconfig_format(self, path: &str) -> Option<crate::check::ConfigFormat> {
        use crate::check::ConfigFormat;
        let by_suffix = if path.ends_with(".json") {
            Some(ConfigFormat::Json)
        } else if path.ends_with(".yaml") || path.ends_with(".yml") {
            Some(ConfigFormat::Yaml)
        } else {
            None
        };
        match self {
            Host::Plain | Host::Uvicorn => by_suffix,
            Host::Gunicorn => by_suffix.filter(|f| *f == ConfigFormat::Json),
            Host::Alembic | Host::Pserve => None,
        }
    }

    /// The host of a dictConfig file, recognized from its contents: one
    /// that uses uvicorn's formatters (`uvicorn.logging.DefaultFormatter`)
    /// is uvicorn's `--log-config` file; any other is a plain program's.
    pub fn detect_dictconfig(bytes: &[u8]) -> Host {
        let needle = b"uvicorn.logging.";
        if bytes.windows(needle.len()).any(|w| w == needle) {
            Host::Uvicorn
        } else {
            Host::Plain
        }
    }

    /// How the host calls fileConfig, for messages.
    pub fn call(self) -> &'static str {
        match self {
            Host::Plain => "fileConfig(path)",
            Host::Alembic => "alembic's env.py: fileConfig(config.config_file_name)",
            Host::Pserve => {
                "pserve (plaster_pastedeploy): fileConfig(path, {'__file__', 'here'}, disable_existing_loggers=False)"
            }
            Host::Gunicorn => {
                "gunicorn --log-config: fileConfig(path, CONFIG_DEFAULTS + {'__file__', 'here'}, disable_existing_loggers=False)"
            }
            Host::Uvicorn => {
                "uvicorn --log-config: addLevelName(5, 'TRACE'); fileConfig(path, disable_existing_loggers=False)"
            }
        }
    }

    /// The `defaults=` the host passes for the file at `path` (as given on
    /// the command line), before the user's `--define`s.
    /// A relative `path` is made absolute against `cwd`, the directory the
    /// host is started in.
    pub(crate) fn defaults(self, path: &str, cwd: &Path) -> Vec<(String, String)> {
        let own = |k: &str, v: String| (k.to_string(), v);
        match self {
            Host::Plain | Host::Alembic | Host::Uvicorn => Vec::new(),
            Host::Pserve => {
                // plaster's loader holds os.path.abspath(path)
                let abs = crate::handler_class::normpath(&cwd.join(path).to_string_lossy());
                let here = python_dirname(&abs).to_string();
                vec![own("__file__", abs), own("here", here)]
            }
            Host::Gunicorn => {
                let mut d: Vec<_> = GUNICORN_DEFAULTS
                    .iter()
                    .map(|(k, v)| own(k, v.to_string()))
                    .collect();
                d.push(own("__file__", path.to_string()));
                d.push(own("here", python_dirname(path).to_string()));
                d
            }
        }
    }

    /// How configparser's messages name the file when the host reads it
    /// first: alembic reads a `pathlib.Path` (`PosixPath('alembic.ini')`);
    /// `None`: the file name as given.
    pub(crate) fn source_repr(self, path: &str) -> Option<String> {
        (self == Host::Alembic).then(|| {
            format!("PosixPath({})", crate::pyrepr::repr_str(&pathlib_str(path)))
        })
    }

    /// What the host raises before it reads the file at `path`, from the
    /// path alone: plaster (pserve) picks its loader by the file extension,
    /// and only PasteDeploy's `.ini` loader serves the `wsgi` protocol.
    pub(crate) fn rejects_path(self, path: &str) -> Option<crate::diagnostic::PyException> {
        use crate::diagnostic::PyException;
        if self != Host::Pserve {
            return None;
        }
        let base = path.rsplit('/').next().unwrap_or(path);
        let ext = base
            .rfind('.')
            .filter(|&dot| base[..dot].chars().any(|c| c != '.'))
            .map_or("", |dot| &base[dot + 1..]);
        if ext.eq_ignore_ascii_case("ini") {
            return None;
        }
        Some(if ext.is_empty() {
            PyException::new(
                "plaster.exceptions.InvalidURI",
                format!("Could not determine the loader scheme for the supplied config_uri \"{path}\""),
            )
        } else {
            PyException::new(
                "plaster.exceptions.LoaderNotFound",
                format!("Could not find a matching loader for the scheme \"file+{ext}\", protocol \"wsgi\"."),
            )
        })
    }

    /// The `disable_existing_loggers` the host passes.
    pub fn disables_existing_loggers(self) -> bool {
        matches!(self, Host::Plain | Host::Alembic)
    }

    /// The host's own loggers that exist (as `Logger`s, not placeholders)
    /// when it calls fileConfig.
    pub fn existing_loggers(self) -> &'static [&'static str] {
        match self {
            Host::Plain | Host::Pserve => &[],
            // what importing alembic's command line, SQLAlchemy and env.py's
            // imports leave behind (recorded from alembic 1.20.1)
            Host::Alembic => &[
                "alembic",
                "alembic.autogenerate.api",
                "alembic.autogenerate.compare",
                "alembic.autogenerate.compare.comments",
                "alembic.autogenerate.compare.constraints",
                "alembic.autogenerate.compare.schema",
                "alembic.autogenerate.compare.server_defaults",
                "alembic.autogenerate.compare.tables",
                "alembic.autogenerate.compare.types",
                "alembic.config",
                "alembic.ddl.impl",
                "alembic.ddl.postgresql",
                "alembic.ext.checkconstraint_byname",
                "alembic.runtime.migration",
                "alembic.runtime.plugins",
                "alembic.util.messaging",
                "asyncio",
                "concurrent.futures",
                "sqlalchemy",
                "sqlalchemy.dialects.postgresql",
            ],
            Host::Gunicorn => &["gunicorn.access", "gunicorn.error"],
            Host::Uvicorn => &["asyncio", "concurrent.futures", "uvicorn.error"],
        }
    }

    /// The loggers that exist when the host calls fileConfig: its own and
    /// the application's (`user.names`), kept when the host passes
    /// `disable_existing_loggers=False` or the user says so.
    pub fn existing_for(self, user: &crate::hierarchy::Existing) -> crate::hierarchy::Existing {
        let mut names: Vec<String> = self
            .existing_loggers()
            .iter()
            .map(|n| n.to_string())
            .collect();
        names.extend(user.names.iter().filter(|n| !names.contains(n)).cloned().collect::<Vec<_>>());
        crate::hierarchy::Existing {
            names,
            keep_existing: user.keep_existing || !self.disables_existing_loggers(),
        }
    }

    /// [`Self::existing_for`] for loading `config`: a dictConfig document's
    /// own `disable_existing_loggers` decides instead of the host's call.
    pub fn existing_for_config(
        self,
        user: &crate::hierarchy::Existing,
        config: &crate::model::Config,
    ) -> crate::hierarchy::Existing {
        let mut existing = self.existing_for(user);
        if let Some(disable) = config.disable_existing_loggers {
            existing.keep_existing = user.keep_existing || !disable;
        }
        existing
    }

    /// Level names the host registers before fileConfig runs.
    pub fn extra_levels(self) -> &'static [(&'static str, i64)] {
        match self {
            Host::Uvicorn => &[("TRACE", 5)],
            _ => &[],
        }
    }

    /// The host parses the file with its own `ConfigParser` before calling
    /// fileConfig, so configparser's parsing errors reach the user as they
    /// are, not wrapped in fileConfig's `RuntimeError('… is invalid: …')`.
    pub(crate) fn reads_file_first(self) -> bool {
        matches!(self, Host::Alembic | Host::Pserve)
    }

    /// The host skips fileConfig (calling `logging.basicConfig()`) for a file
    /// without a `[loggers]` section.
    pub(crate) fn needs_loggers_section(self) -> bool {
        self == Host::Pserve
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Host {
    type Err = String;

    fn from_str(s: &str) -> Result<Host, String> {
        Host::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Host::ALL.iter().map(|h| h.name()).collect();
            format!("unknown host {s:?} (one of {})", names.join(", "))
        })
    }
}

/// The names inside `[section]` header lines (split at `\n`), in order, as
/// configparser sees one: `[` after nothing but ASCII white space, then
/// everything up to the line's last `]`.
///
/// Found from each `[` rather than by looking at every line: a byte-at-a-time
/// split into lines was 4 % of a `check` of a 5,000-logger file.
fn section_headers(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    // Just after the previous `[`: each stretch of text is searched for a
    // line break once, however many `[` a line holds.
    let mut after_previous = 0;
    crate::scan::positions(b'[', bytes).filter_map(move |open| {
        let searched = after_previous;
        after_previous = open + 1;
        let line_start = match crate::scan::rfind(b'\n', &bytes[searched..open]) {
            Some(i) => searched + i + 1,
            // the previous `[` is on this line, before this one
            None if searched > 0 => return None,
            None => 0,
        };
        if !bytes[line_start..open].iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let rest = &bytes[open + 1..];
        let rest = &rest[..crate::scan::find(b'\n', rest).unwrap_or(rest.len())];
        let end = crate::scan::rfind(b']', rest)?;
        Some(&rest[..end])
    })
}

/// `str(pathlib.PurePosixPath(path))`: `.` components and repeated or
/// trailing slashes dropped (`..` kept).
fn pathlib_str(path: &str) -> String {
    let absolute = path.starts_with('/');
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    match (absolute, parts.is_empty()) {
        (true, _) => format!("/{}", parts.join("/")),
        (false, true) => ".".to_string(),
        (false, false) => parts.join("/"),
    }
}

/// `os.path.dirname` (POSIX): everything before the last `/`, with trailing
/// slashes removed unless it is all slashes.
fn python_dirname(path: &str) -> &str {
    let Some(i) = path.rfind('/') else {
        return "";
    };
    let head = &path[..=i];
    let trimmed = head.trim_end_matches('/');
    if trimmed.is_empty() { head } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header names as found line by line (what `section_headers`
    /// replaced).
    fn headers_line_by_line(bytes: &[u8]) -> Vec<&[u8]> {
        bytes
            .split(|&b| b == b'\n')
            .filter_map(|line| {
                let rest = line.trim_ascii().strip_prefix(b"[")?;
                let end = rest.iter().rposition(|&b| b == b']')?;
                Some(&rest[..end])
            })
            .collect()
    }

    #[test]
    fn section_headers_are_those_of_each_line() {
        let many = b"[".repeat(100_000);
        let texts: [&[u8]; 10] = [
            &many,
            b"[a]\n [b] x\n\t[c]]\r\n[d\n[]\nx[e]\n  \x0c[f] [g]\n[h",
            b"",
            b"[",
            b"]",
            b"[]]",
            b"\n\n[x]",
            b"k = [v]\n[s]\r[t]\n",
            b" \r[a]\n",
            b"[logger_x]\nformat=[%(name)s]\n   [app:main]   \n",
        ];
        for text in texts {
            assert_eq!(
                section_headers(text).collect::<Vec<_>>(),
                headers_line_by_line(text),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    assert_eq!(
                        section_headers(&bytes).collect::<Vec<_>>(),
                        headers_line_by_line(&bytes),
                        "{}",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn detects_hosts_from_section_headers() {
        assert_eq!(Host::detect(b"[loggers]\nkeys=root\n"), Host::Plain);
        assert_eq!(
            Host::detect(b"[alembic]\nscript_location=x\n[loggers]\n"),
            Host::Alembic
        );
        assert_eq!(
            Host::detect(b"[app:main]\nuse=egg:x\r\n[loggers]\r\n"),
            Host::Pserve
        );
        assert_eq!(Host::detect(b"[server:main]\n"), Host::Pserve);
        assert_eq!(Host::detect(b"x=[alembic]\n"), Host::Plain);
    }

    #[test]
    fn dirname_is_posixpath_dirname() {
        assert_eq!(python_dirname("log.conf"), "");
        assert_eq!(python_dirname("conf/log.conf"), "conf");
        assert_eq!(python_dirname("/log.conf"), "/");
        assert_eq!(python_dirname("a//b"), "a");
        assert_eq!(pathlib_str("./conf//alembic.ini"), "conf/alembic.ini");
        assert_eq!(pathlib_str("/srv/./a/"), "/srv/a");
    }

    #[test]
    fn names_round_trip() {
        for host in Host::ALL {
            assert_eq!(host.name().parse::<Host>(), Ok(host));
        }
        assert!("django".parse::<Host>().is_err());
    }
}
