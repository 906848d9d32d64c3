#!/usr/bin/env python3
"""fileconfig_oracle.py - logcheck's reference oracle: run CPython's real
``logging.config.fileConfig`` deterministically and describe the outcome as JSON.

Stdlib only, CPython 3.8+.  The behaviour reported is that of the interpreter
running this script: ``python3.12 fileconfig_oracle.py ...`` gives 3.12's answer.

Modes
-----
Single run (one config, one JSON object on stdout)::

    fileconfig_oracle.py CONFIG [--calls CALLS.json] [--define KEY=VALUE ...]
        [--existing NAME ...] [--keep-existing] [--mkdir RELDIR ...]
        [--encoding ENC] [--time EPOCH] [--raw-errors] [--pass-as str|pathlib|fileobj]

Batch (many runs, one interpreter; every case gets a FRESH logging state
because it runs in a child forked from a parent that never configured logging)::

    fileconfig_oracle.py --batch CASES.json      # or --batch - to read stdin

Check only (just the exception fileConfig raises, for many files)::

    fileconfig_oracle.py --check-only CONFIG [CONFIG ...] [--define ...] ...

Result of a single run
----------------------
* fileConfig raised:  ``{"error": {"type": T, "message": M}}``.
  T is the exception type as a traceback names it ("KeyError",
  "configparser.DuplicateSectionError", "io.UnsupportedOperation"); M is
  ``str(exc)`` (a KeyError keeps its quotes: "'formatters'").
* fileConfig returned: ``{"streams": {"stdout": S, "stderr": S},
  "files": {relpath: text}, "loggers": {name: {"level", "own_level",
  "propagate", "disabled", "handlers"}}}`` plus ``"call_exceptions": [{"index",
  "type", "message"}]`` when a logging call itself raised.
  "files" lists every file under the sandbox working directory (UTF-8,
  undecodable bytes replaced), including empty ones a FileHandler created.
  "loggers" holds root first, then each [loggers] qualname in keys order, then
  loggers used by the calls, then --existing loggers.

Determinism rules (a Rust simulator compared with this oracle must mirror them)
------------------------------------------------------------------------------
1. ``TZ=UTC``; the clock is frozen at ``--time`` (default 1704164645.125 =
   2024-01-02 03:04:05.125 UTC, exactly representable so msecs is 125 whether a
   version derives it from time.time() or time.time_ns()); logging._startTime
   is the same instant, so %(relativeCreated)d is 0.
2. Every LogRecord gets process=4242 and thread=1.
3. The run happens in a fresh, empty temporary working directory (relative
   handler paths land there).  sys.stdout / sys.stderr are replaced BEFORE
   fileConfig by write-only file-backed text streams (TextIOWrapper over a
   BufferedWriter, stderr with errors='backslashreplace', like a console), so
   ``args=(sys.stdout,)``, a bare StreamHandler() (stderr), lastResort and
   '--- Logging error ---' output are all captured.
4. fileConfig receives the ABSOLUTE config path; in every reported text the
   absolute path is replaced by the path as given on the command line, and the
   sandbox working directory by ``<cwd>``.
5. Calls: caller info is not taken from the stack: pathname "app.py" (so
   %(filename)s is app.py, %(module)s app), lineno = 1-based call index,
   funcName "<module>", unless a call says otherwise.  After the calls
   ``logging.shutdown()`` runs (what the atexit hook does).
6. Each '--- Logging error ---' block printed by Handler.handleError is reduced
   to four lines: the header, the last exception line, ``Message: ...`` and
   ``Arguments: ...`` (``--raw-errors`` keeps it verbatim).

Calls format (--calls FILE, or "calls" in a batch case)
------------------------------------------------------
A JSON list (or ``{"calls": [...]}``) of objects::

    {"logger": "eg01",          # "", "root" or absent = the root logger
     "level": "INFO" | 20,      # level name (as setLevel accepts it) or int
     "msg": "text %s",          # default "this is <level> level message"
     "args": ["x"],             # %-arguments, default none
     "extra": {"user": "bob"},  # optional
     "via": "logger" | "module",# "module": logging.info(...) style - acts on root,
                                #   calling basicConfig() first if root has no handlers
     "pathname": "app.py", "lineno": 7, "func": "<module>"}

Without calls: for root and each [loggers] qualname (keys order, duplicates
removed) one record per level DEBUG..CRITICAL, "this is <level> level message".

Batch protocol
--------------
Input (file or stdin): a JSON list of case objects, or ``{"cases": [...]}``::

    {"id": "H26",                 # echoed back (any JSON value), optional
     "config": "H26.ini",         # path as given; relative to the oracle's cwd
     "calls": [...] | null,       # inline calls (see above); or
     "calls_file": "x.calls.json",
     "define": {"here": "."},     # fileConfig(defaults=...)
     "existing": ["a.b"], "keep_existing": false, "mkdir": ["logs"],
     "encoding": "utf-8-sig",     # fileConfig(encoding=...)
     "loader": "dictconfig",      # a JSON file: json.load, then dictConfig
     "time": "1704164645.125", "raw_errors": false,
     "pass_as": "str" | "pathlib" | "fileobj",
     "check_only": false}

Output: exactly one line of JSON per case, in input order::

    {"id": <id>, "result": <single-run result>}

With ``"check_only": true`` the result is just ``{"error": {...}}`` or
``{"error": null}``.  If the child dies or exceeds ``--timeout`` seconds the
result is ``{"oracle_failure": "<why>"}``.  Exit status 0 unless the input
itself is unreadable (2).

Caveats: args/kwargs/class are eval'd - the config can run arbitrary code, open
absolute paths and connect to hosts.  Run trusted files only.
"""

import argparse
import configparser
import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time
from fractions import Fraction

DEFAULT_TIME = "1704164645.125"  # 2024-01-02 03:04:05.125 UTC
FAKE_PROCESS = 4242
FAKE_THREAD = 1
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ERROR_HEADER = "--- Logging error ---"


class OracleUsageError(Exception):
    """A malformed request (bad option, bad calls file): not a fileConfig outcome."""


# --------------------------------------------------------------------------
# Process-wide determinism (done once, before any fork)


def prepare_interpreter():
    """Set TZ=UTC, import logging, and return the module."""
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()
    import logging
    import logging.config  # noqa: F401
    import logging.handlers  # noqa: F401

    base_factory = logging.getLogRecordFactory()

    def deterministic_record(*args, **kwargs):
        record = base_factory(*args, **kwargs)
        record.process = FAKE_PROCESS
        record.thread = FAKE_THREAD
        return record

    logging.setLogRecordFactory(deterministic_record)
    return logging


def freeze_clock(logging, epoch_text):
    """Freeze time.time()/time_ns() at an exact decimal instant."""
    nanos = int(Fraction(epoch_text) * 1_000_000_000)
    seconds = float(Fraction(nanos, 1_000_000_000))
    time.time = lambda: seconds
    if hasattr(time, "time_ns"):
        time.time_ns = lambda: nanos
    # <=3.12 keep _startTime as float seconds, 3.13+ as int nanoseconds
    logging._startTime = nanos if isinstance(logging._startTime, int) else seconds


# --------------------------------------------------------------------------
# Helpers


def exception_type_name(exc):
    """The type name as a traceback prints it."""
    cls = type(exc)
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return cls.__module__ + "." + cls.__qualname__


def reduce_logging_errors(text):
    """Reduce each handleError block to header, last exception line, Message, Arguments.

    A block is: the header, a traceback (or a bare exception line), then
    "Call stack:" (or "Logged from file ...") and the stack, ending with
    "Message: ..." + "Arguments: ..." or the two-line "Unable to print ..." note.
    Blocks of an unexpected shape are kept verbatim.
    """
    if ERROR_HEADER + "\n" not in text:
        return text
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        if lines[i] != ERROR_HEADER:
            out.append(lines[i])
            i += 1
            continue
        exception_line = None
        tail = []
        end = None
        in_stack = False
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if line == "Call stack:" or line.startswith("Logged from file "):
                in_stack = True
            elif not in_stack:
                if line and not line.startswith((" ", "Traceback", "During handling",
                                                 "The above exception")):
                    exception_line = line
            elif line.startswith("Message: "):
                tail.append(line)
            elif line.startswith("Arguments: "):
                tail.append(line)
                end = j
                break
            elif line.startswith("Unable to print the message and arguments"):
                tail.append(line)
                if j + 1 < len(lines):
                    tail.append(lines[j + 1])
                end = j + 1
                break
            j += 1
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        out.append(ERROR_HEADER)
        if exception_line is not None:
            out.append(exception_line)
        out.extend(tail)
        i = end + 1
    return "\n".join(out)


def level_number(logging, value):
    if isinstance(value, bool):
        raise OracleUsageError("level must be a name or an int, got %r" % (value,))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value in logging._nameToLevel:
        return logging._nameToLevel[value]
    raise OracleUsageError("unknown level in calls: %r" % (value,))


def get_logger(logging, name):
    if name in (None, "", "root"):
        return logging.getLogger()
    return logging.getLogger(name)


def configured_qualnames(config_path, defaults, encoding):
    """Logger names of [loggers] keys, in keys order, resolved as fileConfig does."""
    import io

    parser = configparser.ConfigParser(defaults)
    if encoding is None and hasattr(io, "text_encoding"):
        encoding = io.text_encoding(None)
    parser.read(config_path, encoding=encoding)
    names = []
    for key in parser["loggers"]["keys"].split(","):
        key = key.strip()
        names.append("root" if key == "root" else parser["logger_%s" % key]["qualname"])
    return names


# --------------------------------------------------------------------------
# One run (call in a fresh interpreter state: directly, or in a forked child)


class Request:
    """Everything one run needs; built from argparse options or a batch case."""

    FIELDS = ("config", "calls", "define", "existing", "keep_existing", "mkdir",
              "encoding", "time", "raw_errors", "pass_as", "check_only", "loader")

    def __init__(self, config, calls=None, define=None, existing=(), keep_existing=False,
                 mkdir=(), encoding=None, time=DEFAULT_TIME, raw_errors=False,
                 pass_as="str", check_only=False, loader="fileconfig"):
        if loader not in ("fileconfig", "dictconfig"):
            raise OracleUsageError("loader must be fileconfig or dictconfig")
        self.loader = loader
        if not isinstance(config, str):
            raise OracleUsageError("config must be a path string")
        if pass_as not in ("str", "pathlib", "fileobj"):
            raise OracleUsageError("pass_as must be str, pathlib or fileobj")
        for rel in mkdir:
            parts = rel.replace("\\", "/").split("/")
            if os.path.isabs(rel) or ".." in parts:
                raise OracleUsageError("mkdir takes a relative path inside the sandbox")
        if isinstance(calls, dict):
            calls = calls.get("calls", [])
        self.config = config
        self.calls = calls
        self.define = dict(define) if define else None
        self.existing = list(existing)
        self.keep_existing = bool(keep_existing)
        self.mkdir = list(mkdir)
        self.encoding = encoding
        self.time = str(time)
        self.raw_errors = bool(raw_errors)
        self.pass_as = pass_as
        self.check_only = bool(check_only)


def run_request(logging, request, top=None):
    """Run fileConfig in a sandbox under `top` (a fresh temporary directory by
    default, removed afterwards) and return the result dict.

    Mutates process state (cwd, sys.stdout/stderr, logging): call it once per
    fresh interpreter state.
    """
    freeze_clock(logging, request.time)
    config_path = os.path.abspath(request.config)
    owns_top = top is None
    if owns_top:
        top = tempfile.mkdtemp(prefix="logcheck-oracle-")
    old_cwd = os.getcwd()
    try:
        return run_in_sandbox(logging, request, top, config_path)
    finally:
        os.chdir(old_cwd)
        if owns_top:
            shutil.rmtree(top, ignore_errors=True)


def run_in_sandbox(logging, request, top, config_path):
    work = os.path.join(top, "cwd")
    capture_dir = os.path.join(top, "capture")
    os.mkdir(work)
    os.mkdir(capture_dir)
    os.chdir(work)
    for rel in request.mkdir:
        os.makedirs(rel, exist_ok=True)
    sandbox_names = {os.path.realpath(work), work}

    def normalise(text):
        text = text.replace(config_path, request.config)
        for name in sorted(sandbox_names, key=len, reverse=True):
            text = text.replace(name, "<cwd>")
        return text

    real_stdout, real_stderr = sys.stdout, sys.stderr
    captured_out = open(os.path.join(capture_dir, "stdout"), "w", encoding="utf-8")
    captured_err = open(os.path.join(capture_dir, "stderr"), "w", encoding="utf-8",
                        errors="backslashreplace")
    sys.stdout, sys.stderr = captured_out, captured_err
    error = None
    outcome = None
    opened = None
    try:
        for name in request.existing:
            logging.getLogger(name)
        kwargs = {"defaults": request.define,
                  "disable_existing_loggers": not request.keep_existing}
        if request.encoding is not None:  # the parameter exists since 3.10
            kwargs["encoding"] = request.encoding
        if request.pass_as == "pathlib":
            import pathlib
            target = pathlib.Path(config_path)
        elif request.pass_as == "fileobj":
            opened = open(config_path, encoding=request.encoding or "utf-8")
            target = opened
        else:
            target = config_path
        try:
            if request.loader == "dictconfig":
                # a JSON dictConfig document: json.load, then dictConfig
                with open(config_path, encoding="utf-8") as fh:
                    logging.config.dictConfig(json.load(fh))
            else:
                logging.config.fileConfig(target, **kwargs)
        except Exception as exc:
            error = {"type": exception_type_name(exc), "message": normalise(str(exc))}
        if error is None and not request.check_only:
            outcome = perform_calls(logging, request, config_path, normalise)
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        if opened is not None:
            opened.close()
        captured_out.flush()
        captured_err.flush()

    if request.check_only:
        try:
            logging.shutdown()
        except Exception:
            pass
        captured_out.close()
        captured_err.close()
        return {"error": error}
    if error is not None:
        captured_out.close()
        captured_err.close()
        return {"error": error}

    streams = {}
    for key, stream in (("stdout", captured_out), ("stderr", captured_err)):
        with open(stream.name, "rb") as fh:
            text = normalise(fh.read().decode("utf-8", "replace"))
        streams[key] = text if request.raw_errors else reduce_logging_errors(text)
    captured_out.close()
    captured_err.close()
    files = {}
    for directory, subdirs, names in os.walk(work):
        subdirs.sort()
        for name in sorted(names):
            full = os.path.join(directory, name)
            rel = os.path.relpath(full, work).replace(os.sep, "/")
            with open(full, "rb") as fh:
                files[rel] = normalise(fh.read().decode("utf-8", "replace"))
    result = {"streams": streams, "files": files}
    result.update(outcome)
    return result


def perform_calls(logging, request, config_path, normalise):
    """Log the calls, snapshot the loggers, shut logging down."""
    order = []

    def remember(logger):
        if logger not in order:
            order.append(logger)

    root = logging.getLogger()
    remember(root)
    if request.loader == "dictconfig":
        with open(config_path, encoding="utf-8") as fh:
            qualnames = list(json.load(fh).get("loggers", {}))
    elif request.pass_as == "str":
        qualnames = configured_qualnames(config_path, request.define, request.encoding)
    else:
        qualnames = []
    for name in qualnames:
        remember(get_logger(logging, name))

    calls = request.calls
    if calls is None:
        calls = [{"logger": "root" if lg is root else lg.name, "level": level}
                 for lg in list(order) for level in LEVELS]

    call_exceptions = []
    for index, call in enumerate(calls, 1):
        level = level_number(logging, call.get("level", "INFO"))
        level_word = logging.getLevelName(level)
        level_word = level_word.lower() if isinstance(level_word, str) else str(level)
        message = call.get("msg", "this is %s level message" % level_word)
        via = call.get("via", "logger")
        if via not in ("logger", "module"):
            raise OracleUsageError("unknown 'via' %r" % (via,))
        try:
            if via == "module":
                # what logging.debug()/info()/... do at module level
                if len(logging.root.handlers) == 0:
                    logging.basicConfig()
                logger = logging.root
            else:
                logger = get_logger(logging, call.get("logger"))
            remember(logger)
            if logger.isEnabledFor(level):
                record = logger.makeRecord(
                    logger.name, level, call.get("pathname", "app.py"),
                    call.get("lineno", index), message, tuple(call.get("args", ())),
                    None, call.get("func", "<module>"), call.get("extra"), None)
                logger.handle(record)
        except Exception as exc:
            call_exceptions.append({"index": index, "type": exception_type_name(exc),
                                    "message": normalise(str(exc))})

    for name in request.existing:
        remember(logging.getLogger(name))
    loggers = {}
    for logger in order:
        loggers[logger.name] = {
            "level": logging.getLevelName(logger.getEffectiveLevel()),
            "own_level": logging.getLevelName(logger.level),
            "propagate": bool(logger.propagate),
            "disabled": bool(logger.disabled),
            "handlers": [handler.name for handler in logger.handlers],
        }
    logging.shutdown()  # what the atexit hook does: flush and close, newest first
    outcome = {"loggers": loggers}
    if call_exceptions:
        outcome["call_exceptions"] = call_exceptions
    return outcome


# --------------------------------------------------------------------------
# Batch: one forked child per case


def run_forked(logging, request, timeout):
    """Run one request in a forked child; the parent's logging stays untouched."""
    # the parent owns the sandbox, so it is removed even if the child is killed
    top = tempfile.mkdtemp(prefix="logcheck-oracle-")
    try:
        return collect_child(logging, request, timeout, top)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def collect_child(logging, request, timeout, top):
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        status = 0
        try:
            os.close(read_fd)
            try:
                result = run_request(logging, request, top)
            except OracleUsageError as exc:
                result = {"oracle_failure": "bad request: %s" % exc}
            except BaseException as exc:  # report, never hang the parent
                result = {"oracle_failure": "%s: %s" % (exception_type_name(exc), exc)}
            data = json.dumps(result, ensure_ascii=False).encode("utf-8")
            view = memoryview(data)
            while view:
                written = os.write(write_fd, view)
                view = view[written:]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks = []
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return {"oracle_failure": "timeout after %ss" % timeout}
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError:
        return {"oracle_failure": "child exited with status %d and no result" % status}


def request_from_case(case):
    if not isinstance(case, dict):
        raise OracleUsageError("each case must be a JSON object")
    unknown = set(case) - set(Request.FIELDS) - {"id", "calls_file"}
    if unknown:
        raise OracleUsageError("unknown case fields: %s" % ", ".join(sorted(unknown)))
    fields = {k: v for k, v in case.items() if k in Request.FIELDS}
    if "calls_file" in case:
        with open(case["calls_file"], encoding="utf-8") as fh:
            fields["calls"] = json.load(fh)
    return Request(**fields)


def run_batch(logging, source, timeout):
    if source == "-":
        cases = json.load(sys.stdin)
    else:
        with open(source, encoding="utf-8") as fh:
            cases = json.load(fh)
    if isinstance(cases, dict):
        cases = cases.get("cases", [])
    for case in cases:
        case_id = case.get("id") if isinstance(case, dict) else None
        try:
            request = request_from_case(case)
        except (OracleUsageError, TypeError, OSError, ValueError) as exc:
            result = {"oracle_failure": "bad request: %s" % exc}
        else:
            result = run_forked(logging, request, timeout)
        sys.stdout.write(json.dumps({"id": case_id, "result": result}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


# --------------------------------------------------------------------------
# Command line


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Run logging.config.fileConfig deterministically and print JSON.")
    parser.add_argument("config", nargs="*", help="config file(s); one unless --check-only")
    parser.add_argument("--batch", metavar="CASES.json", help="run a JSON list of cases ('-' = stdin)")
    parser.add_argument("--check-only", action="store_true",
                        help="only report the exception fileConfig raises (one JSON line per file)")
    parser.add_argument("--calls", metavar="CALLS.json")
    parser.add_argument("--define", action="append", default=[], metavar="KEY=VALUE",
                        help="fileConfig(defaults=...) entry; repeatable")
    parser.add_argument("--existing", action="append", default=[], metavar="NAME",
                        help="create this logger before fileConfig; repeatable")
    parser.add_argument("--keep-existing", action="store_true",
                        help="disable_existing_loggers=False")
    parser.add_argument("--mkdir", action="append", default=[], metavar="RELDIR",
                        help="create this directory in the sandbox first; repeatable")
    parser.add_argument("--encoding", help="fileConfig(encoding=...)")
    parser.add_argument("--time", default=DEFAULT_TIME, help="frozen epoch (default %(default)s)")
    parser.add_argument("--raw-errors", action="store_true",
                        help="keep '--- Logging error ---' blocks verbatim")
    parser.add_argument("--pass-as", default="str", choices=("str", "pathlib", "fileobj"),
                        help="hand fileConfig a str path (default), a pathlib.Path or an open file")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="per-case limit in batch/check-only mode (seconds)")
    parser.add_argument("--indent", type=int, default=1, help="JSON indent of a single run")
    options = parser.parse_args(argv)
    if options.batch is None and not options.config:
        parser.error("a config file, --batch or --check-only is required")
    if options.batch is None and not options.check_only and len(options.config) != 1:
        parser.error("exactly one config file (use --check-only or --batch for many)")
    return options


def defines_from(items):
    if not items:
        return None
    defaults = {}
    for item in items:
        if "=" not in item:
            raise OracleUsageError("--define needs KEY=VALUE, got %r" % item)
        key, value = item.split("=", 1)
        defaults[key] = value
    return defaults


def main(argv):
    options = parse_arguments(argv)
    try:
        calls = None
        if options.calls:
            with open(options.calls, encoding="utf-8") as fh:
                calls = json.load(fh)
        common = dict(calls=calls, define=defines_from(options.define), existing=options.existing,
                      keep_existing=options.keep_existing, mkdir=options.mkdir,
                      encoding=options.encoding, time=options.time,
                      raw_errors=options.raw_errors, pass_as=options.pass_as)
        logging = prepare_interpreter()
        if options.batch is not None:
            run_batch(logging, options.batch, options.timeout)
            return 0
        if options.check_only:
            for config in options.config:
                request = Request(config, check_only=True, **common)
                result = run_forked(logging, request, options.timeout)
                result = dict({"config": config}, **result)
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            return 0
        result = run_request(logging, Request(options.config[0], **common))
    except (OracleUsageError, OSError, ValueError) as exc:
        sys.__stderr__.write("fileconfig_oracle: %s\n" % exc)
        return 2
    indent = options.indent if options.indent > 0 else None
    sys.stdout.write(json.dumps(result, indent=indent, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
