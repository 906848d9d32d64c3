#!/usr/bin/env python3
"""host_oracle.py - load a logging config file exactly as a real host program
does, by running that host's own code, and describe the outcome as JSON.

Run it with the python of the host venv (tests/oracle/host_venv.py prints it)::

    PY=$(python3 tests/oracle/host_venv.py)
    $PY tests/oracle/host_oracle.py --host alembic [--existing NAME ...]
        [--path relative|absolute] [--mkdir RELDIR ...] FILE

``--host plain`` needs only the standard library and runs under any python3.

Hosts (what is run, in this order, in one fresh interpreter)
-------------------------------------------------------------
* ``plain``:    ``logging.config.fileConfig(PATH)``.
* ``alembic``:  imports what the ``alembic`` command has imported when it
  runs ``env.py`` (alembic.config, alembic.command, alembic.script,
  alembic.runtime.environment/migration, sqlalchemy), builds
  ``alembic.config.Config(PATH)``, reads ``config.file_config`` (alembic's own
  ConfigParser with ``here``; every command does this through
  ``get_main_option`` before env.py runs), then runs the two lines of every
  ``alembic init`` template's env.py::

      if config.config_file_name is not None:
          fileConfig(config.config_file_name)

* ``pserve``:   ``plaster.get_loader(PATH, protocols=["wsgi"]).setup_logging({})``
  - what ``pyramid.paster.setup_logging(PATH, global_conf={})`` (pserve) does.
  plaster_pastedeploy reads the file with PasteDeploy's parser first and calls
  fileConfig only when a ``[loggers]`` section exists (else logging.basicConfig()).
* ``gunicorn``: ``gunicorn.glogging.Logger(cfg)`` with ``cfg =
  gunicorn.config.Config(); cfg.set("logconfig", PATH)`` - what the arbiter
  does for ``gunicorn --log-config PATH``.
* ``uvicorn``:  ``uvicorn.Config(app="app:app", log_config=PATH)`` - its
  constructor runs configure_logging() (TRACE level, then fileConfig, or
  dictConfig for .json/.yaml/.yml).

Sandbox
-------
FILE (only that file) is copied into a fresh temporary directory, which is
the working directory while the host runs, and removed afterwards; handler
files land there.  PATH is the bare file name (``--path relative``, the
default: ``alembic`` / ``pserve development.ini`` / ``gunicorn --log-config
logging.conf`` run from the project directory) or the copy's absolute path
(``--path absolute``).  In all reported text the temporary directory is
written ``<cwd>``.  sys.stdout/sys.stderr are redirected to files during the
run (reported under "streams").

``--private-tmp`` (Linux, root or user namespaces; needs ``unshare``): the
oracle re-executes itself in a private mount namespace with a fresh tmpfs on
/tmp (the config is handed over on stdin, so FILE may itself live in /tmp).
Handlers with absolute /tmp paths (gunicorn's examples/logging.conf writes
/tmp/gunicorn.error.log) then write into that throw-away tmpfs, and every
file created in /tmp outside the sandbox is reported in "outside_files".
Without it "outside_files" is null (not looked at).

Output (one JSON object on stdout, exit 0; 2 on a usage error)
--------------------------------------------------------------
::

    {"host": "alembic", "host_version": "1.20.1", "python": "3.11.7",
     "path": "alembic.ini",
     "ok": false,
     "exception": {"type": "KeyError", "message": "'formatters'",
                   "stage": "fileConfig" | "host"} | null,
     "fileconfig_called": true,
     "fname": "alembic.ini",              # first argument fileConfig got
     "defaults": {...} | null,            # the defaults= fileConfig got
     "disable_existing_loggers": true,    # the value fileConfig got
     "existing_before": ["alembic", ...], # real loggers when fileConfig was entered
     "loggers": {"root": {"level": "WARNING", "own_level": "WARNING",
                          "disabled": false, "propagate": true,
                          "handlers": ["console"]}, ...},
     "files": ["app.log"],                # created in <cwd> (the config copy excluded)
     "outside_files": ["/tmp/x.log"] | null,  # --private-tmp only
     "streams": {"stdout": "", "stderr": ""},
     "packages": {"alembic": "1.20.1", ...}}

"exception" uses the type naming of fileconfig_oracle.py (builtins bare,
others ``module.Qualname``) and ``str(exc)``; "stage" is "fileConfig" when the
exception came out of the fileConfig call, "host" when the host raised before
(or instead of) calling it.  "defaults", "disable_existing_loggers" and
"fname" are captured by wrapping ``logging.config.fileConfig`` (the wrapper
calls through) before any host module is imported, so hosts that did
``from logging.config import fileConfig`` get the wrapper; they are null when
fileConfig was never called.  "loggers" holds root and every real Logger in
``logging.Logger.manager.loggerDict`` after the run (PlaceHolders skipped),
sorted by name after root; "level" is the effective level name, "own_level"
the logger's own; an unnamed handler is written ``<ClassName>``.
"existing_before" is every real Logger (root excluded) that existed when
fileConfig was entered: the host's own, those its imports created, and the
``--existing`` ones.
"""

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile

HOSTS = ("plain", "alembic", "pserve", "gunicorn", "uvicorn")
HOST_PACKAGE = {"alembic": "alembic", "pserve": "plaster_pastedeploy",
                "gunicorn": "gunicorn", "uvicorn": "uvicorn"}
PACKAGES = ("alembic", "plaster_pastedeploy", "plaster", "PasteDeploy", "gunicorn",
            "uvicorn", "PyYAML", "SQLAlchemy")


def exception_type_name(exc):
    """The type name as a traceback prints it (same rule as fileconfig_oracle.py)."""
    cls = type(exc)
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return cls.__module__ + "." + cls.__qualname__


def package_version(name):
    try:
        from importlib import metadata
    except ImportError:  # pragma: no cover - python < 3.8
        return None
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


class FileConfigSpy:
    """Wraps logging.config.fileConfig; records the call, calls through."""

    def __init__(self, logging):
        self.logging = logging
        self.original = logging.config.fileConfig
        self.calls = []
        self.raised = None

    def install(self):
        spy = self
        original = self.original

        def fileConfig(fname, defaults=None, disable_existing_loggers=True, **kwargs):
            spy.calls.append({
                "fname": fname if isinstance(fname, str) else repr(fname),
                "defaults": None if defaults is None else dict(defaults),
                "disable_existing_loggers": disable_existing_loggers,
                "kwargs": dict(kwargs),
                "existing_before": real_logger_names(spy.logging),
            })
            try:
                return original(fname, defaults, disable_existing_loggers, **kwargs)
            except BaseException as exc:
                spy.raised = exc
                raise

        fileConfig.__wrapped__ = original
        self.logging.config.fileConfig = fileConfig


def real_logger_names(logging):
    return sorted(name for name, obj in logging.Logger.manager.loggerDict.items()
                  if isinstance(obj, logging.Logger))


def describe_logger(logging, logger):
    return {
        "level": logging.getLevelName(logger.getEffectiveLevel()),
        "own_level": logging.getLevelName(logger.level),
        "disabled": bool(logger.disabled),
        "propagate": bool(logger.propagate),
        "handlers": [h.name if h.name is not None else "<%s>" % type(h).__name__
                     for h in logger.handlers],
    }


def run_host(host, path):
    """Run the host's real code on `path` (relative to the current directory)."""
    import logging
    if host == "plain":
        logging.config.fileConfig(path)
    elif host == "alembic":
        from alembic.config import Config
        config = Config(path)
        config.file_config  # alembic's own read (memoized), as every command does
        # --- the template env.py, verbatim ---
        if config.config_file_name is not None:
            logging.config.fileConfig(config.config_file_name)
    elif host == "pserve":
        import plaster
        loader = plaster.get_loader(path, protocols=["wsgi"])
        loader.setup_logging({})
    elif host == "gunicorn":
        from gunicorn import glogging
        from gunicorn.config import Config
        cfg = Config()
        cfg.set("logconfig", path)
        glogging.Logger(cfg)
    elif host == "uvicorn":
        import uvicorn
        uvicorn.Config(app="app:app", log_config=path)
    else:  # pragma: no cover - argparse restricts it
        raise ValueError(host)


def import_host(host):
    """Import what the real host program has imported before it loads the file."""
    if host == "alembic":
        import alembic.command  # noqa: F401
        import alembic.config  # noqa: F401
        import alembic.runtime.environment  # noqa: F401
        import alembic.runtime.migration  # noqa: F401
        import alembic.script  # noqa: F401
        import sqlalchemy  # noqa: F401
        from alembic import context  # noqa: F401  (env.py's own imports)
        from sqlalchemy import engine_from_config, pool  # noqa: F401
    elif host == "pserve":
        # pserve itself lives in pyramid (not installed: setup_logging is
        # plaster's); pyramid's imports create no logger that matters here
        import plaster  # noqa: F401
        import plaster_pastedeploy  # noqa: F401
    elif host == "gunicorn":
        import gunicorn.app.wsgiapp  # noqa: F401  (the `gunicorn` entry point)
        import gunicorn.arbiter  # noqa: F401
        import gunicorn.config  # noqa: F401
        import gunicorn.glogging  # noqa: F401
    elif host == "uvicorn":
        import uvicorn  # noqa: F401
        import uvicorn.config  # noqa: F401
        import uvicorn.main  # noqa: F401  (the `uvicorn` entry point)


def run(options):
    import logging
    import logging.config
    import logging.handlers  # noqa: F401

    spy = FileConfigSpy(logging)
    spy.install()  # before any host module binds `from logging.config import fileConfig`
    import_host(options.host)

    if options.content_from_stdin:
        content = sys.stdin.buffer.read()
        base = options.file
    else:
        with open(options.file, "rb") as fh:
            content = fh.read()
        base = os.path.basename(os.path.abspath(options.file))
    top = tempfile.mkdtemp(prefix="logcheck-host-")
    work = os.path.join(top, "cwd")
    capture = os.path.join(top, "capture")
    os.mkdir(work)
    os.mkdir(capture)
    with open(os.path.join(work, base), "wb") as fh:
        fh.write(content)
    names = sorted({work, os.path.realpath(work)}, key=len, reverse=True)

    def normalise(value):
        if isinstance(value, str):
            for name in names:
                value = value.replace(name, "<cwd>")
            return value
        if isinstance(value, dict):
            return {normalise(k): normalise(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [normalise(v) for v in value]
        if isinstance(value, (bool, int, float)) or value is None:
            return value
        return normalise(repr(value))

    old_cwd = os.getcwd()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    out = open(os.path.join(capture, "stdout"), "w", encoding="utf-8")
    err = open(os.path.join(capture, "stderr"), "w", encoding="utf-8", errors="backslashreplace")
    exception = None
    try:
        os.chdir(work)
        for rel in options.mkdir:
            os.makedirs(rel, exist_ok=True)
        path = base if options.path == "relative" else os.path.join(work, base)
        for name in options.existing:
            logging.getLogger(name)
        sys.stdout, sys.stderr = out, err
        try:
            run_host(options.host, path)
        except Exception as exc:
            exception = {"type": exception_type_name(exc), "message": str(exc),
                         "stage": "fileConfig" if exc is spy.raised else "host"}
        loggers = {"root": describe_logger(logging, logging.getLogger())}
        for name in real_logger_names(logging):
            loggers[name] = describe_logger(logging, logging.getLogger(name))
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        out.close()
        err.close()
        try:
            logging.shutdown()
        except Exception:
            pass
        os.chdir(old_cwd)

    files = []
    for directory, subdirs, filenames in os.walk(work):
        subdirs.sort()
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(directory, name), work).replace(os.sep, "/")
            if rel != base:
                files.append(rel)
    streams = {}
    for key in ("stdout", "stderr"):
        with open(os.path.join(capture, key), "rb") as fh:
            streams[key] = fh.read().decode("utf-8", "replace")
    outside = None
    if options.content_from_stdin:  # private /tmp: everything in it is ours
        outside = []
        for directory, subdirs, filenames in os.walk("/tmp"):
            subdirs[:] = sorted(d for d in subdirs
                                if os.path.join(directory, d) != top)
            outside.extend(os.path.join(directory, n) for n in sorted(filenames))
    shutil.rmtree(top, ignore_errors=True)

    first = spy.calls[0] if spy.calls else None
    result = {
        "host": options.host,
        "host_version": package_version(HOST_PACKAGE[options.host])
        if options.host in HOST_PACKAGE else None,
        "python": platform.python_version(),
        "path": path,
        "ok": exception is None,
        "exception": exception,
        "fileconfig_called": first is not None,
        "fname": first["fname"] if first else None,
        "defaults": first["defaults"] if first else None,
        "disable_existing_loggers": first["disable_existing_loggers"] if first else None,
        "existing_before": first["existing_before"] if first else None,
        "loggers": loggers,
        "files": files,
        "outside_files": outside,
        "streams": streams,
        "packages": {name: package_version(name) for name in PACKAGES
                     if options.host != "plain" and package_version(name)},
    }
    if first and first["kwargs"]:
        result["fileconfig_kwargs"] = first["kwargs"]
    if len(spy.calls) > 1:
        result["fileconfig_calls"] = len(spy.calls)
    return normalise(result)


def reexec_private_tmp(argv, options):
    """Run this script again inside `unshare -m` with a tmpfs on /tmp."""
    import subprocess
    if not os.path.isfile(options.file):
        sys.stderr.write("host_oracle: no such file: %s\n" % options.file)
        return 2
    unshare = shutil.which("unshare")
    if unshare is None:
        sys.stderr.write("host_oracle: --private-tmp needs unshare (util-linux)\n")
        return 2
    with open(options.file, "rb") as fh:
        content = fh.read()
    rest = [a for a in argv if a not in ("--private-tmp",)]
    rest[rest.index(options.file)] = os.path.basename(os.path.abspath(options.file))
    command = [unshare, "--mount", "--propagation", "private", "sh", "-c",
               'mount -t tmpfs logcheck-host-tmp /tmp && exec "$@"', "sh",
               sys.executable, os.path.abspath(__file__), "--content-from-stdin"] + rest
    env = dict(os.environ, TMPDIR="/tmp")
    proc = subprocess.run(command, input=content, env=env, cwd="/")
    return proc.returncode


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", required=True, choices=HOSTS)
    parser.add_argument("--existing", action="append", default=[], metavar="NAME",
                        help="create this logger before the host runs (an application's "
                             "logger in an in-process migration); repeatable")
    parser.add_argument("--path", choices=("relative", "absolute"), default="relative",
                        help="hand the host the bare file name (default) or the absolute path")
    parser.add_argument("--mkdir", action="append", default=[], metavar="RELDIR",
                        help="create this directory in the sandbox first; repeatable")
    parser.add_argument("--private-tmp", action="store_true",
                        help="run in a private mount namespace with a fresh tmpfs on /tmp")
    parser.add_argument("--content-from-stdin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--indent", type=int, default=1)
    parser.add_argument("file")
    options = parser.parse_args(argv)
    if options.private_tmp:
        return reexec_private_tmp(argv, options)
    if not options.content_from_stdin and not os.path.isfile(options.file):
        parser.error("no such file: %s" % options.file)
    for rel in options.mkdir:
        if os.path.isabs(rel) or ".." in rel.replace("\\", "/").split("/"):
            parser.error("--mkdir takes a relative path inside the sandbox")
    try:
        result = run(options)
    except ImportError as exc:
        sys.stderr.write("host_oracle: cannot import the %s host (%s); run me with the python "
                         "printed by tests/oracle/host_venv.py\n" % (options.host, exc))
        return 2
    indent = options.indent if options.indent > 0 else None
    sys.stdout.write(json.dumps(result, indent=indent, ensure_ascii=False, sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
