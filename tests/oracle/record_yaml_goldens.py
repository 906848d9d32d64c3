#!/usr/bin/env python3
"""record_yaml_goldens.py - run yaml_oracle.py (PyYAML's safe_load) over a
fixed list of tricky YAML texts and write tests/goldens/dictconfig/yaml_cases.json
([{"text": T, "expect": oracle answer}]), which tests/suite/dictconfig_yaml_goldens.rs
checks src/dictconfig/yaml.rs against without Python.

    python3 tests/oracle/record_yaml_goldens.py          # rewrite the goldens
    python3 tests/oracle/record_yaml_goldens.py --check  # exit 1 if they differ

Runs the oracle in the host venv (tests/oracle/host_venv.py: PyYAML 6.0.x).
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "tests", "goldens", "dictconfig", "yaml_cases.json")

CASES = [
    # a tab after a quoted key or value (PyYAML: not a token start)
    '{"f1"\t: 1}',
    '"a"\t: 1',
    "'a''b'\t: 1",
    '{"a": "x\\"y"\t}',
    '{"a": "tab\tinside"}',
    # an unclosed quote in flow context runs to the end of the stream
    '{"a"\': 1}',
    '{"a": "b",\' "c": 1}',
    '{"a": {"b": 1}\'}',
    '{"a": 1}\'',
    '{"a" "b"\n  "c": 1}',
    # a ':' before a flow collection
    '{"a":{"b"::{"c": 1}}}',
    '{"a"::[1]}',
    '[1, :{"a": 1}]',
    '{"a":: "x"}',
    '{"a": 1,: 2}',
    '{"a": 1,\n  : 2}',
    '[: 1]',
    '{"a":false "b":{"c": 1}}',
    '{"a": 1 "b": 2}',
    '{: 1}',
    '{"a": : 1}',
    '{"a": [1]:: 2}',
    '{"a": b::c}',
    'a:: b',
    '{"a": 1 %}',
    '{"a": "b", "c"@: 1}',
    # YAML 1.1 scalars as PyYAML's resolver reads them
    "[yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]",
    "[y, n, Y, N, yEs, oN, tRUE]",
    "[010, 0o10, 0x1F, 0X1F, 0b101, -0b11, +0x_1f, 1_000, 0_7, 09, 00, -0, +0, 0]",
    "[190:20:30, -1:30, 1:60, 12:30, 0:59, 1:2:3:4]",
    "[1e3, 1.0e+3, 1.0e3, 1.5, .5, -.5, +.5, 3., -1_0.5, 6.8523015e+5, 685_230.15, 1E+3, 1.e-3]",
    "[.inf, -.Inf, +.INF, .NaN, .nan, .NAN, -.nan, inf, nan, .Nan]",
    "[190:20:30.15, 1:30.5, -0:30.0]",
    "[~, null, Null, NULL, nUll, '', \"\", -, '~']",
    "[2001-12-14, 2001-1-1, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2001-12-14T21:59:43Z, 2001-12-14 21:59:43.1234567, 2002-12-14 1:02:03]",
    "a: 2001-13-01",
    "a: 2001-02-30",
    "a: =",
    "=: x",
    "<<: {a: 1}\nb: 2",
    "'<<': {a: 1}",
    "! 12",
    "! \"12\"",
    "big: 123456789012345678901234567890\nhex: 0xffffffffffffffffffffffff\nsexa: 1000000000000:59:59",
    "a: 1e400\nb: -1e400\nc: 1.7976931348623157e+308\nd: 5e-324\ne: 0.1",
    # explicit tags
    "[!!str 10, !!int '7', !!float 3, !!bool yes, !!null '', !!str yes, !!int 0o7, !!float '1e3']",
    "!!int abc",
    "!!float abc",
    "!!bool maybe",
    "!!int ''",
    "!!int [1]",
    "!!map [1]",
    "!!seq {a: 1}",
    "!foo bar",
    "!!python/name:os.system x",
    "x: !!binary aGVsbG8=",
    "x: !!binary aGVsbG8",
    "x: !!binary |\n  R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5\n",
    "x: !!set {b, a, c}",
    "x: !!set {}",
    "x: !!omap [a: 1, b: 2]",
    "x: !!pairs [a: 1, a: 2]",
    "x: !!omap [a, b]",
    "x: !!timestamp 2001-1-1",
    "x: !!timestamp yesterday",
    # mappings: duplicates, key equality, unhashable keys, merges
    "a: 1\na: 2\nb: 3",
    "1: a\n1.0: b\ntrue: c\n0: d\nfalse: e\n-0.0: f",
    ".nan: a\n.NaN: b",
    "null: a\n~: b\n'': c",
    "? [1, 2]\n: x",
    "? {a: 1}\n: x",
    "{[1]: x}",
    "base: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\n  c: 4",
    "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3",
    "a: &a {x: 1}\nc:\n  <<: [*a, 1]",
    "c:\n  <<: 1",
    "a: &a {x: 1, x: 2}\nb: {<<: *a, x: 3}",
    # anchors and aliases
    "a: &x 1\nb: *x",
    "a: *x",
    "a: &x 1\nb: &x 2",
    "&a [*a]",
    "&a {b: *a}",
    "&a {*a : 1}",
    "a: &x.y 1",
    "a: &  1",
    "a: *x,y",
    # documents
    "",
    "# only a comment\n",
    "---",
    "--- a\n--- b",
    "a: 1\n---\nb: 2",
    "a: 1\n...\n",
    "%YAML 1.1\n--- a",
    "%YAML 1.2\n--- a",
    "%YAML 2.0\n--- a",
    "%FOO bar\n--- a",
    "\ufeffa: 1",
    # syntax errors
    "a: b: c",
    "a:\tb",
    "\ta: 1",
    "a: 1\t",
    "a: 1 # c\tx",
    "a: \"x\ty\"",
    "\"abc",
    "a: 'x",
    "[a, b",
    "{a: 1",
    "a: {b: c]",
    "a:\n  b: 1\n c: 2",
    "- a\nb: 1",
    "a:\n  - 1\n  b: 2",
    "foo: bar\nbaz",
    "key: \"\\q\"",
    "a: `x`",
    "a: @x",
    "%(asctime)s",
    "format: %(asctime)s",
    "a: [1, 2]]",
    "a: |x\n  b",
    "a: \"\\x4g\"",
    "a: \"\\u12\"",
    "a: !!b[ool yes",
    "a: |0\n  b",
    "a: !!str\"x\"",
    "a: \u0007",
    "a: \x00",
    "a: \ud7ff\ue000",
    # dictConfig shapes
    "version: 1\nformatters:\n  f:\n    format: '%(asctime)s %(levelname)s %(message)s'\n    datefmt: '%H:%M:%S'\nhandlers:\n  console:\n    class: logging.StreamHandler\n    formatter: f\n    stream: ext://sys.stdout\n    level: DEBUG\nroot:\n  level: INFO\n  handlers: [console]\n",
    "version: 1\ndisable_existing_loggers: no\nloggers:\n  uvicorn: {level: INFO, propagate: off, handlers: []}\n",
    "version: 1\nhandlers:\n  file:\n    class: logging.handlers.RotatingFileHandler\n    filename: app.log\n    maxBytes: 10_485_760\n    backupCount: 010\n    encoding: utf8\n",
    "version: 1\nformatters:\n  multi:\n    format: >\n      %(asctime)s\n      %(message)s\n  lit:\n    format: |-\n      a\n      b\n",
]


def venv_python():
    out = subprocess.run([sys.executable, os.path.join(HERE, "host_venv.py")],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main():
    python = venv_python()
    out = subprocess.run([python, os.path.join(HERE, "yaml_oracle.py")],
                         input=json.dumps(CASES), capture_output=True, text=True, check=True)
    answers = json.loads(out.stdout)
    goldens = [{"text": t, "expect": a} for t, a in zip(CASES, answers)]
    text = json.dumps(goldens, indent=1, ensure_ascii=True) + "\n"
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("yaml goldens differ; re-run record_yaml_goldens.py", file=sys.stderr)
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(goldens)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
