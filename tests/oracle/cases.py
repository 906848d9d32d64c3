#!/usr/bin/env python3
"""cases.py - the fileConfig case corpus (spec Appendix A, 178 cases) and its goldens.

The case DATA (ids, titles, BASE, edits, defaults, special setups) are facts
taken from the logcheck behaviour specification, Appendix A; this file turns
them into fixtures and records what each CPython version does with them.

    python3 tests/oracle/cases.py materialise          # tests/fixtures/fileconfig/*
    python3 tests/oracle/cases.py goldens [VER=PYTHON ...]
    python3 tests/oracle/cases.py crosscheck TABLE.md  # compare with a per-version table
                                                       # (error_cases.md format)

Fixtures (tests/fixtures/fileconfig/)
-------------------------------------
* ``<ID>.ini`` - the case's bytes exactly (BOM, CRLF and Latin-1 cases included).
* ``F05.dir/`` - the "path is a directory" case (a directory holding .gitkeep).
* F01 / F06 use ``no-such-file.ini``, which must not exist.
* ``cases.json`` - one entry per case::

    {"id", "title", "config": path to pass (relative to tests/fixtures/fileconfig),
     "setup": "file" | "missing" | "directory",
     "cli": true | false, "cli_note": why not (only when false),
     "define": {KEY: VALUE} (fileConfig defaults= / logcheck --define),
     "encoding": fileConfig(encoding=...) or null,
     "pass_as": "str" | "pathlib" | "fileobj",
     "calls": explicit oracle calls (only for cases that log through extra loggers)}

Path convention of the goldens
------------------------------
Every golden is recorded by running the oracle with the working directory
``tests/fixtures/fileconfig`` and the config path exactly as in "config" (a bare
file name), so messages name the file as ``'H26.ini'``.  The oracle itself runs
fileConfig in an empty sandbox directory; messages that contain that directory
(H26, H27, H28: FileHandler on a missing directory) show it as ``<cwd>``.  A
Rust test reproduces them by running logcheck with
``current_dir(tests/fixtures/fileconfig)``, passing "config" verbatim, and
replacing its own absolute working directory with ``<cwd>`` in the output.

Goldens (tests/goldens/fileconfig/)
-----------------------------------
* ``<ID>.json`` - ``{"id", "title", "config", "versions": {VER: {"python_error":
  {"type","message"} | null, "oracle": <full fileconfig_oracle result>}}}``
* ``python_errors.json`` - ``{ID: {VER: python_error}}`` for quick lookup.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "tests", "fixtures", "fileconfig")
GOLDENS = os.path.join(REPO, "tests", "goldens", "fileconfig")
ORACLE = os.path.join(HERE, "fileconfig_oracle.py")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

DEFAULT_PYTHONS = [
    ("3.11.2", "/usr/bin/python3.11"),
    ("3.11.7", os.path.expanduser("~/.pyenv/versions/3.11.7/bin/python3")),
    ("3.12.1", os.path.expanduser("~/.pyenv/versions/3.12.1/bin/python3")),
    ("3.13.0", os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python3")),
]

# ---------------------------------------------------------------------------
# Case data (spec Appendix A).  `ini` is written as UTF-8, `raw` verbatim;
# `setup`: missing | directory | pathobj_missing | fileobj; `defaults`:
# fileConfig(defaults=); `encoding`: fileConfig(encoding=); `emit`: extra
# logger names to log through after a successful config.

BASE = """\
[loggers]
keys=root,app

[handlers]
keys=console

[formatters]
keys=plain

[logger_root]
level=WARNING
handlers=console

[logger_app]
level=DEBUG
handlers=
qualname=app

[handler_console]
class=StreamHandler
level=NOTSET
formatter=plain
args=(sys.stdout,)

[formatter_plain]
format=%(levelname)s:%(name)s:%(message)s
"""


def sub(text, old, new, count=1):
    assert old in text, (old, text)
    return text.replace(old, new, count)


# Each case: id, title, and one of
#   ini   : str   -> written as UTF-8
#   raw   : bytes -> written verbatim
#   setup : name of a special setup in the child (missing, directory, pathobj, fileobj)
#   defaults: dict passed to fileConfig(defaults=...)
#   emit  : extra logger names to log through after a successful config
CASES = [
    # --- file-level -------------------------------------------------------
    dict(id="F01", title="file does not exist", setup="missing", ini=""),
    dict(id="F02", title="file is empty (0 bytes)", ini=""),
    dict(id="F03", title="file contains only a newline", ini="\n"),
    dict(id="F04", title="file contains only comments", ini="# nothing\n; here\n"),
    dict(id="F05", title="path is a directory", setup="directory", ini=""),
    dict(id="F06", title="missing file passed as pathlib.Path", setup="pathobj_missing", ini=""),
    dict(id="F07", title="empty file passed as open file object", setup="fileobj", ini=""),
    dict(id="F08", title="UTF-8 BOM at start of file", raw=b"\xef\xbb\xbf" + BASE.encode()),
    dict(id="F09", title="Latin-1 byte in a value (locale encoding UTF-8)",
         raw=BASE.replace("format=%(levelname)s", "format=\xe9 %(levelname)s").encode("latin-1")),
    dict(id="F10", title="option line before any section header", ini="keys=root\n" + BASE),
    dict(id="F11", title="line without delimiter", ini=sub(BASE, "[loggers]\n", "[loggers]\nthis line has no delimiter\n")),
    dict(id="F12", title="duplicate section", ini=BASE + "\n[loggers]\nkeys=root\n"),
    dict(id="F13", title="duplicate option in a section", ini=sub(BASE, "level=WARNING\n", "level=WARNING\nlevel=ERROR\n")),
    dict(id="F14", title="duplicate option differing only in case", ini=sub(BASE, "level=WARNING\n", "level=WARNING\nLEVEL=ERROR\n")),
    dict(id="F15", title="section header with trailing text '[loggers] ; c'", ini=sub(BASE, "[loggers]\n", "[loggers] ; trailing comment\n")),
    dict(id="F16", title="unclosed section header '[loggers'", ini=sub(BASE, "[loggers]\n", "[loggers\n")),
    dict(id="F17", title="file with only a [DEFAULT] section", ini="[DEFAULT]\nlevel=INFO\n"),
    dict(id="F18", title="UTF-8 BOM with fileConfig(encoding='utf-8-sig')", encoding="utf-8-sig", raw=b"\xef\xbb\xbf" + BASE.encode()),
    dict(id="F19", title="CRLF line endings", raw=BASE.replace("\n", "\r\n").encode()),
    # --- required sections / keys -----------------------------------------
    dict(id="S01", title="missing [formatters] section", ini=sub(BASE, "[formatters]\nkeys=plain\n", "")),
    dict(id="S02", title="missing [handlers] section", ini=sub(BASE, "[handlers]\nkeys=console\n", "")),
    dict(id="S03", title="missing [loggers] section", ini=sub(BASE, "[loggers]\nkeys=root,app\n", "")),
    dict(id="S04", title="[formatters] without keys option", ini=sub(BASE, "[formatters]\nkeys=plain\n", "[formatters]\n")),
    dict(id="S05", title="[handlers] without keys option", ini=sub(BASE, "[handlers]\nkeys=console\n", "[handlers]\n")),
    dict(id="S06", title="[loggers] without keys option", ini=sub(BASE, "[loggers]\nkeys=root,app\n", "[loggers]\n")),
    dict(id="S07", title="section names are case-sensitive: [Formatters]", ini=sub(BASE, "[formatters]", "[Formatters]")),
    dict(id="S08", title="option names are case-insensitive: KEYS=, Level=, QUALNAME=",
         ini=BASE.replace("keys=", "KEYS=").replace("level=DEBUG", "Level=DEBUG").replace("qualname=app", "QUALNAME=app")),
    dict(id="S09", title="'=' and ':' delimiters, spaces around them",
         ini=BASE.replace("keys=", "keys : ").replace("level=", "level = ").replace("format=", "format: ")),
    dict(id="S10", title="empty [formatters] keys= (no formatters) while handler references one",
         ini=sub(BASE, "[formatters]\nkeys=plain\n", "[formatters]\nkeys=\n")),
    dict(id="S11", title="empty formatters and no formatter= on handler",
         ini=sub(sub(BASE, "[formatters]\nkeys=plain\n", "[formatters]\nkeys=\n"), "formatter=plain\n", "")),
    dict(id="S12", title="empty [loggers] keys=", ini=sub(BASE, "keys=root,app", "keys=")),
    dict(id="S13", title="'root' not in [loggers] keys", ini=sub(BASE, "keys=root,app", "keys=app")),
    dict(id="S14", title="'Root' (wrong case) in [loggers] keys", ini=sub(BASE, "keys=root,app", "keys=Root,app")),
    dict(id="S15", title="trailing comma in [loggers] keys", ini=sub(BASE, "keys=root,app", "keys=root,app,")),
    dict(id="S16", title="trailing comma in [handlers] keys", ini=sub(BASE, "keys=console", "keys=console,")),
    dict(id="S17", title="trailing comma in [formatters] keys", ini=sub(BASE, "keys=plain", "keys=plain,")),
    dict(id="S18", title="spaces around names in keys lists", ini=sub(sub(BASE, "keys=root,app", "keys= root , app "), "handlers=console\n", "handlers= console \n")),
    dict(id="S19", title="keys separated by spaces instead of commas", ini=sub(BASE, "keys=root,app", "keys=root app")),
    dict(id="S20", title="keys value continued on an indented line", ini=sub(BASE, "keys=root,app", "keys=root,\n    app")),
    # --- formatters -------------------------------------------------------
    dict(id="M01", title="formatter listed but [formatter_X] section missing", ini=sub(BASE, "[formatter_plain]\nformat=%(levelname)s:%(name)s:%(message)s\n", "")),
    dict(id="M02", title="formatter section without format (default %(message)s)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s\n", "")),
    dict(id="M03", title="format= empty value", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=")),
    dict(id="M04", title="format without any %(field) placeholder", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=hello world")),
    dict(id="M05", title="format '%(message)' missing conversion char", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)")),
    dict(id="M06", title="format with one good field and one broken '%(foo'", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s %(foo")),
    dict(id="M07", title="format with unknown attribute %(user)s (fails at emit)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(user)s %(message)s")),
    dict(id="M08", title="format missing % before (asctime)s (the seed text's typo)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(name)s: (asctime)s %(message)s")),
    dict(id="M09", title="format with doubled %% (user escaped for interpolation)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%%(levelname)s %%(message)s")),
    dict(id="M10", title="width/precision/flags %(levelname)-8s %(msecs)03d %(name).3s", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=[%(levelname)-8s] [%(msecs)03d] [%(name).3s] [%(lineno)5d] %(message)s")),
    dict(id="M11", title="style={ with {}-format", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format={levelname:<8} {name} {message}\nstyle={")),
    dict(id="M12", title="style={ but %-format", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nstyle={")),
    dict(id="M13", title="style={ with a bad conversion {message!x}", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format={message!x}\nstyle={")),
    dict(id="M14", title="style={ with a field expression {name.upper()}", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format={name.upper()} {message}\nstyle={")),
    dict(id="M15", title="style={ with a bad spec {message:zz}", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format={message:zz}\nstyle={")),
    dict(id="M16", title="style=$ with ${}-format", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=$levelname ${name}: $message\nstyle=$")),
    dict(id="M17", title="style=$ with bare $", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=cost $ $message\nstyle=$")),
    dict(id="M18", title="style=$ without fields", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=plain text\nstyle=$")),
    dict(id="M19", title="style=x (invalid)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nstyle=x")),
    dict(id="M20", title="style='%' quoted", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nstyle='%'")),
    dict(id="M21", title="validate=False is ignored by fileConfig", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=no fields here\nvalidate=False")),
    dict(id="M22", title="class=Formatter (bare name, not eval'd)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nclass=Formatter")),
    dict(id="M23", title="class=logging.Formatter", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nclass=logging.Formatter")),
    dict(id="M24", title="class=nonexistent.module.Formatter", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\nclass=nosuchmod.Formatter")),
    dict(id="M25", title="defaults= option (3.12+) supplies a custom field", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(levelname)s %(user)s %(message)s\ndefaults={'user': 'nobody'}")),
    dict(id="M26", title="defaults= not a dict", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s\ndefaults=['x']")),
    dict(id="M27", title="datefmt= empty (default asctime) ", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(asctime)s %(message)s\ndatefmt=")),
    dict(id="M28", title="datefmt with %a %d %b %Y", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(asctime)s %(message)s\ndatefmt=%a, %d %b %Y %H:%M:%S")),
    dict(id="M29", title="datefmt with doubled %% (user escaped)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(asctime)s %(message)s\ndatefmt=%%Y-%%m-%%d")),
    dict(id="M30", title="format with %(taskName)s (3.12+ attribute)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(taskName)s %(message)s")),
    dict(id="M31", title="format continued on an indented line (embedded newline)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(levelname)s\n    %(message)s")),
    dict(id="M32", title="format references %(asctime)s with msecs default", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(asctime)s|%(msecs)d|%(created)f|%(relativeCreated)d|%(message)s")),
    dict(id="M33", title="format with %(foo)s where defaults passes foo (3.12+)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(foo)s %(message)s\ndefaults={'foo': 'F'}")),
    dict(id="M34", title="inline ';' comment after format", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(message)s ; the format")),
    dict(id="M35", title="style={ with unknown field {user} (fails at emit)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format={user} {message}\nstyle={")),
    dict(id="M36", title="style=$ with unknown field $user (fails at emit)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=$user $message\nstyle=$")),
    dict(id="M37", title="format with %(levelname)d (wrong conversion type, fails at emit)", ini=sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=%(levelname)d %(message)s")),
    # --- handlers ---------------------------------------------------------
    dict(id="H01", title="handler listed but [handler_X] section missing", ini=sub(BASE, "[handler_console]\nclass=StreamHandler\nlevel=NOTSET\nformatter=plain\nargs=(sys.stdout,)\n", "")),
    dict(id="H02", title="handler without class", ini=sub(BASE, "class=StreamHandler\n", "")),
    dict(id="H03", title="class=NoSuchHandler", ini=sub(BASE, "class=StreamHandler", "class=NoSuchHandler")),
    dict(id="H04", title="class=handlers.NoSuch", ini=sub(BASE, "class=StreamHandler", "class=handlers.NoSuch")),
    dict(id="H05", title="class=logging.handlers.NoSuch", ini=sub(BASE, "class=StreamHandler", "class=logging.handlers.NoSuch")),
    dict(id="H06", title="class=logging.StreamHandler (via _resolve)", ini=sub(BASE, "class=StreamHandler", "class=logging.StreamHandler")),
    dict(id="H07", title="class=streamhandler (wrong case)", ini=sub(BASE, "class=StreamHandler", "class=streamhandler")),
    dict(id="H08", title="class=Stream Handler (syntax error)", ini=sub(BASE, "class=StreamHandler", "class=Stream Handler")),
    dict(id="H09", title="class=os.path (not a handler class)", ini=sub(BASE, "class=StreamHandler", "class=os.path")),
    dict(id="H10", title="class=handlers.RotatingFileHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=handlers.RotatingFileHandler"), "args=(sys.stdout,)", "args=('rot.log', 'a', 1000, 3)")),
    dict(id="H11", title="args missing for StreamHandler (defaults to sys.stderr)", ini=sub(BASE, "args=(sys.stdout,)\n", "")),
    dict(id="H12", title="args missing for FileHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)\n", "")),
    dict(id="H13", title="args=(sys.stdout) (not a tuple)", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout)")),
    dict(id="H14", title="args=('app.log') (string, not tuple) for FileHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('app.log')")),
    dict(id="H15", title="args= empty", ini=sub(BASE, "args=(sys.stdout,)", "args=")),
    dict(id="H16", title="args with NameError: (stdout,)", ini=sub(BASE, "args=(sys.stdout,)", "args=(stdout,)")),
    dict(id="H17", title="args with unbalanced paren", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,")),
    dict(id="H18", title="args=['app.log'] list works (any iterable)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=['list.log']")),
    dict(id="H19", title="args with trailing '# comment' (Python comment inside eval)", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,)  # to the console")),
    dict(id="H20", title="args with trailing '; comment'", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,)  ; to the console")),
    dict(id="H21", title="args with a bare % (interpolation error)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('app-%d.log', 'a')")),
    dict(id="H22", title="args with %% (escaped %)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('app-%%d.log', 'a')")),
    dict(id="H23", title="args with %(logdir)s from [DEFAULT]", ini="[DEFAULT]\nlogdir=.\n\n" + sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('%(logdir)s/def.log', 'a')")),
    dict(id="H24", title="args with %(logfile)s from fileConfig(defaults=)", defaults={"logfile": "fromdefaults.log"}, ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('%(logfile)s', 'a')")),
    dict(id="H25", title="args with %(missing)s (interpolation key missing)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('%(missing)s', 'a')")),
    dict(id="H26", title="FileHandler path in a missing directory", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('no/such/dir/app.log', 'a')")),
    dict(id="H27", title="FileHandler path in a missing directory with delay=True (fails at emit)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('no/such/dir/app.log', 'a', None, True)")),
    dict(id="H28", title="FileHandler with Windows path 'd:/logs.txt' on POSIX", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('d:/logs.txt', 'a')")),
    dict(id="H29", title="FileHandler with backslash path 'logs\\app.log' (escape)", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('logs\\app.log', 'a')")),
    dict(id="H30", title="FileHandler bad mode 'x+z'", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('m.log', 'x+z')")),
    dict(id="H31", title="kwargs={'encoding': 'utf-8'} with FileHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('kw.log',)\nkwargs={'encoding': 'utf-8', 'mode': 'w'}")),
    dict(id="H32", title="kwargs not a dict", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,)\nkwargs=('x',)")),
    dict(id="H33", title="kwargs with unknown keyword", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,)\nkwargs={'colour': True}")),
    dict(id="H34", title="args and kwargs give same parameter", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,)\nkwargs={'stream': sys.stderr}")),
    dict(id="H35", title="handler level unknown name", ini=sub(BASE, "level=NOTSET", "level=VERBOSE")),
    dict(id="H36", title="handler level lower-case 'debug'", ini=sub(BASE, "level=NOTSET", "level=debug")),
    dict(id="H37", title="handler level numeric '10'", ini=sub(BASE, "level=NOTSET", "level=10")),
    dict(id="H38", title="handler level 'logging.DEBUG'", ini=sub(BASE, "level=NOTSET", "level=logging.DEBUG")),
    dict(id="H39", title="handler level empty", ini=sub(BASE, "level=NOTSET", "level=")),
    dict(id="H40", title="handler level WARN / FATAL aliases", ini=sub(BASE, "level=NOTSET", "level=WARN")),
    dict(id="H41", title="handler formatter not listed in [formatters]", ini=sub(BASE, "formatter=plain", "formatter=nosuch")),
    dict(id="H42", title="handler formatter= empty (default formatter)", ini=sub(BASE, "formatter=plain", "formatter=")),
    dict(id="H43", title="MemoryHandler with target not defined", ini=sub(sub(BASE, "class=StreamHandler", "class=handlers.MemoryHandler"), "args=(sys.stdout,)", "args=(10, ERROR)\ntarget=nosuch")),
    dict(id="H44", title="MemoryHandler without args", ini=sub(sub(BASE, "class=StreamHandler", "class=handlers.MemoryHandler"), "args=(sys.stdout,)\n", "")),
    dict(id="H45", title="MemoryHandler target defined later (flush at ERROR)",
         ini=sub(sub(sub(BASE, "keys=console", "keys=mem,console"), "handlers=console\n", "handlers=mem\n"), "[handler_console]", "[handler_mem]\nclass=handlers.MemoryHandler\nformatter=plain\nargs=(100, ERROR)\ntarget=console\n\n[handler_console]")),
    dict(id="H46", title="handler defined in a section but not listed in [handlers] keys",
         ini=sub(BASE, "handlers=console\n", "handlers=console,extra\n") + "\n[handler_extra]\nclass=StreamHandler\nargs=(sys.stderr,)\n"),
    dict(id="H47", title="handler class is a non-Handler class (Formatter)", ini=sub(BASE, "class=StreamHandler", "class=Formatter")),
    dict(id="H48", title="handler class via full dotted path logging.handlers.WatchedFileHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=logging.handlers.WatchedFileHandler"), "args=(sys.stdout,)", "args=('w.log',)")),
    dict(id="H49", title="handler args eval runs arbitrary code (__import__('os').getcwd())", ini=sub(BASE, "args=(sys.stdout,)", "args=(sys.stdout,) if __import__('os').getcwd() else ()")),
    dict(id="H50", title="handler level with inline ';' comment", ini=sub(BASE, "level=NOTSET", "level=INFO ; only info")),
    dict(id="H51", title="two handler names in root with an empty item 'console,'", ini=sub(BASE, "handlers=console\n", "handlers=console,\n")),
    dict(id="H52", title="same handler attached twice to root", ini=sub(BASE, "handlers=console\n", "handlers=console,console\n")),
    dict(id="H53", title="TimedRotatingFileHandler with 'midnight'", ini=sub(sub(BASE, "class=StreamHandler", "class=handlers.TimedRotatingFileHandler"), "args=(sys.stdout,)", "args=('t.log', 'midnight', 1, 7)")),
    dict(id="H54", title="TimedRotatingFileHandler with bad when", ini=sub(sub(BASE, "class=StreamHandler", "class=handlers.TimedRotatingFileHandler"), "args=(sys.stdout,)", "args=('t.log', 'weekly')")),
    dict(id="H55", title="NullHandler", ini=sub(sub(BASE, "class=StreamHandler", "class=NullHandler"), "args=(sys.stdout,)", "args=()")),
    dict(id="H56", title="StreamHandler args=(sys.stdout,) spelled ext://sys.stdout", ini=sub(BASE, "args=(sys.stdout,)", "args=('ext://sys.stdout',)")),
    dict(id="H57", title="Windows path with \\U in a normal string literal", ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('C:\\Users\\me\\app.log',)")),
    dict(id="H58", title="Windows path via defaults (%(logpath)s) with \\U", defaults={"logpath": "C:\\Users\\me\\app.log"}, ini=sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('%(logpath)s',)")),
    dict(id="H59", title="base class Handler (emit not implemented)", ini=sub(sub(BASE, "class=StreamHandler", "class=Handler"), "args=(sys.stdout,)", "args=()")),
    # --- loggers ----------------------------------------------------------
    dict(id="L01", title="missing [logger_root]", ini=sub(BASE, "[logger_root]\nlevel=WARNING\nhandlers=console\n", "")),
    dict(id="L02", title="[logger_root] without handlers", ini=sub(BASE, "level=WARNING\nhandlers=console\n", "level=WARNING\n")),
    dict(id="L03", title="[logger_root] without level (root keeps WARNING)", ini=sub(BASE, "level=WARNING\nhandlers=console\n", "handlers=console\n")),
    dict(id="L04", title="logger listed but section missing", ini=sub(BASE, "[logger_app]\nlevel=DEBUG\nhandlers=\nqualname=app\n", "")),
    dict(id="L05", title="logger without qualname", ini=sub(BASE, "qualname=app\n", "")),
    dict(id="L06", title="logger without handlers option", ini=sub(BASE, "level=DEBUG\nhandlers=\n", "level=DEBUG\n")),
    dict(id="L07", title="logger with unknown handler name", ini=sub(BASE, "level=DEBUG\nhandlers=\n", "level=DEBUG\nhandlers=nosuch\n")),
    dict(id="L08", title="logger level unknown", ini=sub(BASE, "level=DEBUG", "level=TRACE")),
    dict(id="L09", title="logger level numeric '10'", ini=sub(BASE, "level=DEBUG", "level=10")),
    dict(id="L10", title="logger level 'Debug' (wrong case)", ini=sub(BASE, "level=DEBUG", "level=Debug")),
    dict(id="L11", title="propagate=yes", ini=sub(BASE, "qualname=app\n", "qualname=app\npropagate=yes\n")),
    dict(id="L12", title="propagate=True", ini=sub(BASE, "qualname=app\n", "qualname=app\npropagate=True\n")),
    dict(id="L13", title="propagate= empty", ini=sub(BASE, "qualname=app\n", "qualname=app\npropagate=\n")),
    dict(id="L14", title="propagate=2 (any int accepted)", ini=sub(BASE, "qualname=app\n", "qualname=app\npropagate=2\n")),
    dict(id="L15", title="propagate=0 on a logger without handlers: lastResort writes its WARNING+ to stderr", ini=sub(BASE, "qualname=app\n", "qualname=app\npropagate=0\n")),
    dict(id="L16", title="qualname=root in a non-root section (configures root)", ini=sub(BASE, "qualname=app", "qualname=root")),
    dict(id="L17", title="qualname= empty (configures root)", ini=sub(BASE, "qualname=app", "qualname=")),
    dict(id="L18", title="two sections with the same qualname (second wins, level kept)",
         ini=sub(BASE, "keys=root,app", "keys=root,app,app2") + "\n[logger_app2]\nhandlers=console\nqualname=app\npropagate=0\n"),
    dict(id="L19", title="qualname differs from section key", emit=["application", "app"], ini=sub(BASE, "qualname=app", "qualname=application")),
    dict(id="L20", title="dotted qualname a.b.c with parent a.b unconfigured", emit=["a.b.c", "a.b"],
         ini=sub(sub(BASE, "keys=root,app", "keys=root,abc"), "[logger_app]\nlevel=DEBUG\nhandlers=\nqualname=app\n", "[logger_abc]\nlevel=DEBUG\nhandlers=\nqualname=a.b.c\n")),
    dict(id="L21", title="root level NOTSET (all messages)", ini=sub(BASE, "level=WARNING", "level=NOTSET")),
    dict(id="L22", title="no handlers anywhere: lastResort prints WARNING+ to stderr",
         ini=sub(sub(sub(BASE, "keys=console", "keys="), "handlers=console\n", "handlers=\n"), "[handler_console]\nclass=StreamHandler\nlevel=NOTSET\nformatter=plain\nargs=(sys.stdout,)\n", "")),
    dict(id="L23", title="handler exists but its level filters everything (no lastResort)", ini=sub(BASE, "level=NOTSET", "level=CRITICAL")),
    dict(id="L24", title="inline '#' comment after logger level", ini=sub(BASE, "level=DEBUG", "level=DEBUG # verbose")),
    dict(id="L25", title="indented option line becomes a continuation of the previous value", ini=sub(BASE, "level=WARNING\nhandlers=console\n", "level=WARNING\n  handlers=console\n")),
    dict(id="L26", title="[DEFAULT] level=DEBUG leaks into every logger and handler section",
         ini="[DEFAULT]\nlevel=DEBUG\n\n" + sub(sub(BASE, "level=WARNING\n", ""), "level=NOTSET\n", "")),
    dict(id="L27", title="handlers in [DEFAULT] satisfies the 'handlers' requirement",
         ini="[DEFAULT]\nhandlers=\n\n" + sub(BASE, "level=DEBUG\nhandlers=\n", "level=DEBUG\n")),
    dict(id="L28", title="logger section key with trailing space '[logger_app ]'", ini=sub(BASE, "[logger_app]", "[logger_app ]")),
    dict(id="L29", title="logger section defined but not listed in keys (ignored)", emit=["extra"],
         ini=BASE + "\n[logger_extra]\nlevel=DEBUG\nhandlers=console\nqualname=extra\n"),
    dict(id="L30", title="logger handlers= with only a comma", ini=sub(BASE, "level=DEBUG\nhandlers=\n", "level=DEBUG\nhandlers=,\n")),
    dict(id="L31", title="level=WARN alias", ini=sub(BASE, "level=DEBUG", "level=WARN")),
    dict(id="L32", title="root section propagate=0 and qualname=x are ignored", ini=sub(BASE, "level=WARNING\nhandlers=console\n", "level=WARNING\nhandlers=console\npropagate=0\nqualname=x\n")),
    dict(id="L33", title="logger level with surrounding spaces ' DEBUG ' (stripped by configparser)", ini=sub(BASE, "level=DEBUG", "level =   DEBUG   ")),
    # --- ordering: which error wins -----------------------------------------
    dict(id="O01", title="bad formatter AND bad handler AND bad logger -> formatter error first",
         ini=sub(sub(sub(BASE, "format=%(levelname)s:%(name)s:%(message)s", "format=nofields"), "class=StreamHandler", "class=Nope"), "level=DEBUG", "level=NOPE")),
    dict(id="O02", title="bad handler AND bad logger -> handler error first",
         ini=sub(sub(BASE, "class=StreamHandler", "class=Nope"), "level=DEBUG", "level=NOPE")),
    dict(id="O03", title="bad root level AND missing [logger_app] qualname -> root first",
         ini=sub(sub(BASE, "level=WARNING", "level=NOPE"), "qualname=app\n", "")),
    dict(id="O04", title="missing [handlers] section AND bad format -> format error first",
         ini=sub(sub(BASE, "[handlers]\nkeys=console\n", ""), "format=%(levelname)s:%(name)s:%(message)s", "format=nofields")),
    dict(id="O05", title="second formatter bad, first fine -> error names second",
         ini=sub(BASE, "keys=plain", "keys=plain,bad") + "\n[formatter_bad]\nformat={message}\n"),
    dict(id="O06", title="logger error after a FileHandler was created: file still created on disk",
         ini=sub(sub(sub(BASE, "class=StreamHandler", "class=FileHandler"), "args=(sys.stdout,)", "args=('created-anyway.log', 'a')"), "level=DEBUG", "level=NOPE")),
    # --- interpolation ---------------------------------------------------
    dict(id="I01", title="bare % in keys (interpolated read)", ini=sub(BASE, "keys=root,app", "keys=root,app%")),
    dict(id="I02", title="%(here)s style interpolation in qualname", ini="[DEFAULT]\nprefix=myapp\n\n" + sub(BASE, "qualname=app", "qualname=%(prefix)s.app"), emit=["myapp.app"]),
    dict(id="I03", title="recursive interpolation", ini="[DEFAULT]\na=%(b)s\nb=%(a)s\n\n" + sub(BASE, "qualname=app", "qualname=%(a)s")),
    dict(id="I04", title="format %(levelname)s is not interpolated (raw read) even with a DEFAULT named levelname",
         ini="[DEFAULT]\nlevelname=XXX\n\n" + BASE),
]


# ---------------------------------------------------------------------------
# Harness

MISSING_NAME = "no-such-file.ini"
DIRECTORY_NAME = "F05.dir"


def case_bytes(case):
    """The file content of a case, or None when the case has no file."""
    if case.get("setup") in ("missing", "directory", "pathobj_missing"):
        return None
    if "raw" in case:
        return case["raw"]
    return case["ini"].encode("utf-8")


def configured_qualnames(text):
    """[loggers] qualnames of a (valid) case text, as fileConfig resolves them."""
    import configparser
    parser = configparser.ConfigParser()
    parser.read_string(text)
    names = []
    for key in parser["loggers"]["keys"].split(","):
        key = key.strip()
        names.append("root" if key == "root" else parser["logger_%s" % key]["qualname"])
    return names


def case_entry(case):
    """The cases.json description of one case."""
    setup = case.get("setup")
    entry = {"id": case["id"], "title": case["title"]}
    if setup == "missing":
        entry.update(config=MISSING_NAME, setup="missing")
    elif setup == "directory":
        entry.update(config=DIRECTORY_NAME, setup="directory")
    elif setup == "pathobj_missing":
        entry.update(config=MISSING_NAME, setup="missing")
    else:
        entry.update(config=case["id"] + ".ini", setup="file")
    entry["define"] = dict(case.get("defaults") or {})
    entry["encoding"] = case.get("encoding")
    entry["pass_as"] = {"pathobj_missing": "pathlib", "fileobj": "fileobj"}.get(setup, "str")
    if setup == "pathobj_missing":
        entry.update(cli=False, cli_note="fileConfig receives a pathlib.Path: no os.path.exists "
                                         "check, so even 3.11.7+ give KeyError: 'formatters'")
    elif setup == "fileobj":
        entry.update(cli=False, cli_note="fileConfig receives an open file object (read_file, "
                                         "no existence/empty checks)")
    elif case.get("encoding"):
        entry.update(cli=False, cli_note="needs fileConfig(encoding=%r); a command-line run "
                                         "reads with the locale encoding (UTF-8)" % case["encoding"])
    else:
        entry["cli"] = True
    if case.get("emit"):
        names = ["root"] + configured_qualnames(case["ini"])
        for name in case["emit"]:
            if name not in names:
                names.append(name)
        entry["calls"] = [{"logger": name, "level": level}
                          for name in dict.fromkeys(names) for level in LEVELS]
    return entry


def materialise():
    """Write tests/fixtures/fileconfig/: one file per case and cases.json."""
    os.makedirs(FIXTURES, exist_ok=True)
    entries = []
    for case in CASES:
        entry = case_entry(case)
        data = case_bytes(case)
        if data is not None:
            with open(os.path.join(FIXTURES, entry["config"]), "wb") as fh:
                fh.write(data)
        entries.append(entry)
    directory = os.path.join(FIXTURES, DIRECTORY_NAME)
    os.makedirs(directory, exist_ok=True)
    open(os.path.join(directory, ".gitkeep"), "wb").close()
    if os.path.exists(os.path.join(FIXTURES, MISSING_NAME)):
        raise SystemExit("%s must not exist in %s" % (MISSING_NAME, FIXTURES))
    write_json(os.path.join(FIXTURES, "cases.json"), entries)
    return entries


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(value, fh, indent=1, ensure_ascii=False, sort_keys=False)
        fh.write("\n")


def oracle_batch(python, requests, cwd):
    """Run fileconfig_oracle.py --batch under `python`; return {id: result}."""
    proc = subprocess.run([python, ORACLE, "--batch", "-"], input=json.dumps(requests),
                          capture_output=True, text=True, cwd=cwd, check=False,
                          env=dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8"))
    if proc.returncode != 0:
        raise SystemExit("oracle failed under %s:\n%s" % (python, proc.stderr))
    results = {}
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        results[item["id"]] = item["result"]
    return results


def oracle_request(entry):
    request = {"id": entry["id"], "config": entry["config"], "pass_as": entry["pass_as"]}
    if entry["define"]:
        request["define"] = entry["define"]
    if entry["encoding"]:
        request["encoding"] = entry["encoding"]
    if "calls" in entry:
        request["calls"] = entry["calls"]
    return request


def python_error(result):
    if "oracle_failure" in result:
        raise SystemExit("oracle failure: %r" % (result,))
    return result.get("error")


def goldens(pythons):
    entries = materialise()
    requests = [oracle_request(entry) for entry in entries]
    per_version = {}
    for version, python in pythons:
        per_version[version] = oracle_batch(python, requests, FIXTURES)
    os.makedirs(GOLDENS, exist_ok=True)
    index = {}
    for entry in entries:
        versions = {}
        for version, _ in pythons:
            result = per_version[version][entry["id"]]
            versions[version] = {"python_error": python_error(result), "oracle": result}
        index[entry["id"]] = {v: versions[v]["python_error"] for v in versions}
        write_json(os.path.join(GOLDENS, entry["id"] + ".json"),
                   {"id": entry["id"], "title": entry["title"], "config": entry["config"],
                    "versions": versions})
    write_json(os.path.join(GOLDENS, "python_errors.json"), index)
    print("recorded %d cases x %d versions" % (len(entries), len(pythons)))


# ---------------------------------------------------------------------------
# Cross-check against a per-version summary table (error_cases.md layout:
# "| id | case | CPython V1 | CPython V2 | ..." with cells "`Type: message`" or "`OK...`").

def split_row(line):
    cells, current, i = [], "", 0
    body = line.strip()[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            current += "|"
            i += 2
            continue
        if body[i] == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += body[i]
        i += 1
    cells.append(current.strip())
    return cells


def summary_of(entry, golden):
    """Our result in the table's words: 'Type: message', 'OK', 'OK-logging-error', 'OK-call-raised'."""
    error = golden["python_error"]
    if error is not None:
        text = "%s: %s" % (error["type"], error["message"])
        return text.replace(entry["config"], "case.ini" if entry["setup"] == "file" else entry["config"])
    oracle = golden["oracle"]
    if oracle.get("call_exceptions"):
        return "OK-call-raised"
    if "--- Logging error ---" in oracle["streams"]["stderr"]:
        return "OK-logging-error"
    return "OK"


def table_summary(cell):
    text = cell.strip("`").replace("⏎", "\n")
    if text.startswith("OK (config) but the logging call raised"):
        return "OK-call-raised"
    if text.startswith("OK (config); at emit: --- Logging error ---"):
        return "OK-logging-error"
    if text.startswith("OK"):
        return "OK"
    return text


def crosscheck(table_path):
    with open(table_path, encoding="utf-8") as fh:
        lines = [l for l in fh.read().splitlines() if l.startswith("|")]
    header = split_row(lines[0])
    versions = [h.replace("CPython ", "") for h in header[2:]]
    entries = {e["id"]: e for e in (case_entry(c) for c in CASES)}
    mismatches = 0
    checked = 0
    for line in lines[2:]:
        cells = split_row(line)
        case_id = cells[0]
        with open(os.path.join(GOLDENS, case_id + ".json"), encoding="utf-8") as fh:
            golden = json.load(fh)
        for version, cell in zip(versions, cells[2:]):
            if version not in golden["versions"]:
                continue
            ours = summary_of(entries[case_id], golden["versions"][version])
            # the table writes backticks as ' inside its code spans
            theirs = table_summary(cell)
            checked += 1
            if ours.replace("`", "'") != theirs:
                mismatches += 1
                print("%s %s:\n  table: %r\n  ours:  %r" % (case_id, version, theirs, ours))
    print("cross-checked %d (case, version) pairs: %d disagreements" % (checked, mismatches))
    return mismatches


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    command = argv[0]
    if command == "materialise":
        entries = materialise()
        print("wrote %d cases to %s" % (len(entries), FIXTURES))
    elif command == "goldens":
        pythons = [tuple(a.split("=", 1)) for a in argv[1:]] or DEFAULT_PYTHONS
        goldens(pythons)
    elif command == "crosscheck":
        return 1 if crosscheck(argv[1]) else 0
    else:
        raise SystemExit("unknown command %r" % command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
