"""Regenerate src/pyexpr/namespace.json: what `eval(text, vars(logging))` can name.

Run with every supported interpreter, then merge:
    for py in python3.11 python3.12 python3.13; do $py tests/oracle/gen_namespace.py dump > /tmp/ns_$py.json; done
    python3 tests/oracle/gen_namespace.py merge /tmp/ns_*.json > src/pyexpr/namespace.json

The table holds, per Python minor version:
  globals  name -> kind   (vars(logging) after `import logging.config, logging.handlers`, then builtins)
  modules  module name -> {attribute -> kind}   (modules reachable in two steps)
  classes  'module.qualname' -> {attribute -> kind}  (classes of logging, logging.handlers, logging.config)
A kind is a JSON list: ["int", n] | ["float", x] | ["str", s] | ["bool", b] | ["none"] |
["module", name] | ["class", "module.qualname"] | ["stream", "stdout"|"stderr"] | ["dyn", type name].
Values are only recorded for the logging modules and their classes; attributes of
other modules (sys.platform, os.sep, ...) depend on the running interpreter -> "dyn".
"""
import builtins
import json
import sys
import types

STATIC_MODULES = {"logging", "logging.handlers", "logging.config"}


def kind(value, static):
    if value is sys.stdout:
        return ["stream", "stdout"]
    if value is sys.stderr:
        return ["stream", "stderr"]
    if isinstance(value, types.ModuleType):
        return ["module", value.__name__]
    if isinstance(value, type):
        return ["class", "%s.%s" % (value.__module__, value.__qualname__)]
    if static:
        t = type(value)
        if t is bool:
            return ["bool", value]
        if t is int:
            return ["int", value]
        if t is float:
            return ["float", value]
        if t is str:
            return ["str", value]
        if value is None:
            return ["none"]
    return ["dyn", type(value).__qualname__ if type(value).__module__ == "builtins"
            else "%s.%s" % (type(value).__module__, type(value).__qualname__)]


def dump():
    import logging
    import logging.config
    import logging.handlers
    ns = vars(logging)
    glob = {k: kind(v, True) for k, v in ns.items()}
    for k in dir(builtins):
        if k not in glob:
            glob[k] = kind(getattr(builtins, k), False)
    modules = {}
    frontier = [v for v in ns.values() if isinstance(v, types.ModuleType)]
    for _depth in range(2):
        nxt = []
        for m in frontier:
            if m.__name__ in modules:
                continue
            static = m.__name__ in STATIC_MODULES
            modules[m.__name__] = {a: kind(getattr(m, a), static) for a in dir(m) if hasattr(m, a)}
            nxt += [getattr(m, a) for a in dir(m) if isinstance(getattr(m, a, None), types.ModuleType)]
        frontier = nxt
    classes = {}
    for mod in (logging, logging.handlers, logging.config):
        for v in vars(mod).values():
            if isinstance(v, type) and v.__module__ == mod.__name__:
                classes["%s.%s" % (v.__module__, v.__qualname__)] = {
                    a: kind(getattr(v, a), True) for a in dir(v) if not a.startswith("__")}
    json.dump({"version": "%d.%d" % sys.version_info[:2], "globals": glob, "modules": modules,
               "classes": classes,
               "stdlib_module_names": sorted(sys.stdlib_module_names)}, sys.stdout)


def merge(paths):
    """Entries identical across versions are stored once: {"3.11 3.12 3.13": kind}."""
    dumps = [json.load(open(p)) for p in paths]
    dumps.sort(key=lambda d: tuple(map(int, d["version"].split("."))))
    out = {}

    def merge_maps(maps):
        keys = sorted(set().union(*[m.keys() for _, m in maps]))
        res = {}
        for k in keys:
            variants = {}
            for v, m in maps:
                if k in m:
                    variants.setdefault(json.dumps(m[k], sort_keys=True), []).append(v)
            res[k] = [[" ".join(vs), json.loads(kj)] for kj, vs in variants.items()]
        return res

    out["globals"] = merge_maps([(d["version"], d["globals"]) for d in dumps])
    for section in ("modules", "classes"):
        names = sorted(set().union(*[d[section].keys() for d in dumps]))
        out[section] = {n: merge_maps([(d["version"], d[section][n]) for d in dumps if n in d[section]])
                        for n in names}
    snames = {}
    for d in dumps:
        for n in d["stdlib_module_names"]:
            snames.setdefault(n, []).append(d["version"])
    out["stdlib_module_names"] = {n: " ".join(v) for n, v in sorted(snames.items())}
    out["versions"] = [d["version"] for d in dumps]
    json.dump(out, sys.stdout, sort_keys=True, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump()
    else:
        merge(sys.argv[2:])
