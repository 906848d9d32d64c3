"""Record tests/goldens/dictconfig/json_cases.json: what `json.load` gives
for a fixed list of tricky texts (json_oracle.load), so that
tests/suite/dictconfig_json_live.rs checks logcheck's JSON reader without
python. Usage: python3.11 tests/oracle/record_json_goldens.py
"""
import json
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import json_oracle  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "goldens", "dictconfig", "json_cases.json")

CASES = [
    # empty, whitespace, BOM
    "", " ", "\n", "\r\n", "\t \r", "\ufeff", "\ufeff{}", " \ufeff{}", "\u00a0 1", "\u2028 1",
    "\x0c1", "1\x0c",
    # constants and numbers
    "null", "true", "false", "nul", "tru", "fals", "True", "None",
    "NaN", "-NaN", "Infinity", "-Infinity", "-Infinityx", "infinity", "nan", "+Infinity",
    "0", "-0", "01", "-01", "00", "1.", "1.e5", ".5", "-", "+1", "-.5", "1e", "1e+", "1.5e",
    "1E400", "-1E400", "1e-400", "5e-324", "1e16", "1e15", "1e-5", "0.0001", "0.00001",
    "1.0", "-0.0", "100", "1e+100", "1.7976931348623157e308", "1.7976931348623159e308",
    "123456789012345678901234567890", "-123456789012345678901234567890",
    "0.1", "2.2250738585072014e-308", "9007199254740993", "9007199254740993.0",
    "1" * 4300, "1" * 4301, "-" + "1" * 4301, "[" + "9" * 4301 + "]", "1" * 4301 + ".5",
    "1\u0663", "\u0661",
    # strings and escapes
    '""', '"abc"', '"abc', '"', '"\\', '"\\"', '"\\\\"', '"\\/"', '"\\b\\f\\n\\r\\t"',
    '"\\x"', '"\\a"', '"\\\'"', '"\\u"', '"\\u12"', '"\\u123"', '"\\u123', '"\\u1234',
    '"\\u1234"', '"\\u00e9"', '"\\u00E9"', '"\\uzzzz"', '"\\u 123"', '"\\u1_23"', '"\\u+123"',
    '"\\u0000"', '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00"', '"\\ud83dx"', '"\\ud83d\\u00"',
    '"\\ud83d\\ud83d"', '"\\ud800\\u"', '"\\ud800\\uzzzz"', '"\\ud800\\u12"', '"\\ud800\\uDC0"',
    '"\\ud800\\', '"\\ud800\\\\"', '"\\ud800\\n"', '"\\udbff\\udfff"', '"\\udc00\\ud800"',
    '"a\x01"', '"a\x00"', '"a\x1f"', '"a\x7f"', '"a\tb"', '"a\nb"', '"a\rb"', '"a\r\nb"',
    '"é\x01"', '"😀\x01"', '"\\\x01"', '"日本語"', '"\ufffd"',
    # arrays
    "[", "]", "[]", "[ ]", "[1", "[1,", "[1, ", "[1,]", "[,1]", "[1 2]", "[1,,2]", "[-]",
    "[1,-]", "[]]", "[[]", "[\n1,\n2\n3]", "[\r1,\r2\r3]", "[\r\n1,\r\n2\r\n3]", "[1]x",
    "[1] [2]", "[NaN,Infinity,-Infinity]", "[\"a\" \"b\"]", "[true false]",
    # objects
    "{", "}", "{}", "{ }", "{,}", '{"a"', '{"a":', '{"a" 1}', '{"a":1', '{"a":1,', '{"a":1,}',
    '{"a":1 "b":2}', '{"a":1,,}', '{"a":-}', "{'a':1}", "{a:1}", "{1:1}", '{"a"::1}',
    '{"a":1}}', '{"a":1,"b":2,"a":3}', '{"b":1,"a":2,"b":3,"a":4,"c":5}',
    '{"a":1,"\\u0061":2}', '{"\\ud800":1,"\\udbff":2}', '{"\\ud800":1,"\\ud800":2}',
    '{"\\ud83d\\ude00":1,"😀":2}', '{"a":{"a":{"a":1}},"a":[]}',
    '{\r\n  "version": 1,\r\n  "handlers": {\r\n    "h": {"class": "logging.StreamHandler",}\r\n  }\r\n}',
    '{\n  "version": 1\n  "root": {}\n}',
    '{"version": 1, "formatters": {"f": {"format": "%(message)s\\n"}}}',
    # extra data
    "1 2", "1 x", "{} {}", "null null", "\"a\"\"b\"", "1\x00", "1 \ufeff",
    # nesting
    "[" * 50 + "]" * 50, "[" * 50, "[" * 2000, '{"k":' * 2000, "[" * 1200 + "]" * 1200,
]


def main():
    results = [{"text": t, "result": json_oracle.load(t)} for t in CASES]
    doc = {"python": platform.python_version(), "cases": results}
    sys.setrecursionlimit(100000)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, indent=1)
        f.write("\n")
    print("wrote %d cases to %s" % (len(results), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
