#!/usr/bin/env python3
"""convert_oracle.py - runs fileConfig originals and their dictConfig
conversions through the same deterministic sandbox as fileconfig_oracle.py.

Batch only: stdin is a JSON list of cases::

    {"id": ..., "config": "case3.json", "load": "ini" | "json" | "yaml",
     "calls": [...]}

"ini" runs ``logging.config.fileConfig(path)``; "json" runs
``logging.config.dictConfig(json.load(f))``; "yaml"
``logging.config.dictConfig(yaml.safe_load(f))``. Every case runs in a
forked child with a fresh logging state, a fresh temporary working directory,
captured stdout/stderr, a frozen clock and ``logging.shutdown()`` after the
calls (fileconfig_oracle.py's determinism rules). Output: one line per case,
``{"id": ..., "result": <fileconfig_oracle result>}``; the result's "loggers"
holds root and the loggers the calls used.

A case may name loggers that exist before the configuration call
(``"existing": ["app.db"]``), as fileconfig_oracle.py's ``--existing``.

``--has-yaml`` prints ``yes`` or ``no`` (whether PyYAML imports) and exits.
``--yaml-values`` reads a JSON list of ``{"yaml": TEXT, "json": TEXT}`` and
prints, per item, whether ``yaml.safe_load(TEXT)`` equals ``json.loads(TEXT)``
(``true``/``false``, one line each): the YAML emitter's quoting, checked.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileconfig_oracle as fo  # noqa: E402


def loader(logging, kind, file_config):
    """What the sandbox calls in place of fileConfig for this kind."""
    if kind == "ini":
        return file_config
    if kind not in ("json", "yaml"):
        raise fo.OracleUsageError("load must be ini, json or yaml")

    def dict_config(target, **_ignored):
        with open(str(target), encoding="utf-8") as fh:
            if kind == "json":
                document = json.load(fh)
            else:
                import yaml
                document = yaml.safe_load(fh)
        logging.config.dictConfig(document)

    return dict_config


def main():
    if sys.argv[1:] == ["--has-yaml"]:
        try:
            import yaml  # noqa: F401
            print("yes")
        except ImportError:
            print("no")
        return 0
    if sys.argv[1:] == ["--yaml-values"]:
        import yaml
        for item in json.load(sys.stdin):
            try:
                same = yaml.safe_load(item["yaml"]) == json.loads(item["json"])
            except yaml.YAMLError:
                same = False
            print(json.dumps(same))
        return 0
    logging = fo.prepare_interpreter()
    file_config = logging.config.fileConfig
    for case in json.load(sys.stdin):
        try:
            logging.config.fileConfig = loader(logging, case.get("load", "ini"), file_config)
            request = fo.Request(config=case["config"], calls=case.get("calls"), pass_as="pathlib",
                                 existing=case.get("existing", ()))
        except (fo.OracleUsageError, KeyError) as exc:
            result = {"oracle_failure": "bad request: %s" % exc}
        else:
            result = fo.run_forked(logging, request, 30)
        finally:
            logging.config.fileConfig = file_config
        sys.stdout.write(json.dumps({"id": case.get("id"), "result": result}, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
