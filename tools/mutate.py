"""Mutation testing of Amanah's pure core: does a test fail when the code is wrong?

    ./dev mutate                      every module of tools/mutation.toml
    ./dev mutate amanah.audit.chain   one module (or several)
    ./dev mutate --survivors …        also print each surviving mutant as a diff

Each mutant is one small change of one module's syntax tree: a comparison flipped at its
boundary (`<` → `<=`, `==` → `!=`, `is` → `is not`, `in` → `not in`), `and` ↔ `or`, a `not`
dropped, a condition negated, an integer ±1, `True` ↔ `False`, `+` ↔ `-`, a returned value
replaced by `None`, a call statement removed. String constants are left alone (a changed
message is not a changed decision). The module's tests (named in tools/mutation.toml) run
against each mutant in a forked child process: the parent has imported pytest and the heavy
third-party libraries once, the child puts the mutant in `sys.modules` before the tests import
it, runs `pytest -x`, and exits. A failing or erroring test run kills the mutant; a run that
passes lets it survive; one that runs over the time limit counts as killed (an endless loop).

Equivalent mutants (the change cannot alter behaviour) are listed by hand in
tools/mutation.toml, each with its reason; they are reported apart and left out of the score.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import io
import os
import resource
import select
import signal
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tools" / "mutation.toml"
TIME_LIMIT = 120.0  # seconds per mutant's test run; beyond it the mutant counts as killed
# third-party libraries the tests import, loaded once in the parent so each child starts fast
PRELOAD = ("pytest", "hypothesis", "sqlalchemy", "psycopg", "pydantic", "pydantic_settings",
           "yaml", "rigour.names", "normality", "pycountry", "babel", "fastapi", "jinja2")  # fmt: skip

FLIPPED_COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip
SYMBOLS: dict[type[ast.AST], str] = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.And: "and",
    ast.Or: "or", ast.Add: "+", ast.Sub: "-",
}  # fmt: skip


@dataclass(frozen=True)
class Site:
    """One place a mutant changes: where, and what it does there."""

    number: int
    line: int
    scope: str  # the enclosing function or class, dotted
    change: str  # e.g. "`<` → `<=`"
    source: str  # the line as written

    @property
    def key(self) -> str:
        """How tools/mutation.toml names it: stable while the line's text and scope stay."""
        return f"{self.scope} | {self.change} | {self.source}"


class Mutator(ast.NodeTransformer):
    """Walks a module in a fixed order numbering every mutation site; with `target` set, applies
    that one mutation and leaves everything else as it was."""

    def __init__(self, lines: list[str], target: int | None = None) -> None:
        self.lines = lines
        self.target = target
        self.sites: list[Site] = []
        self.scope: list[str] = []

    # -- bookkeeping ----------------------------------------------------------------------

    def _site(self, node: ast.AST, change: str) -> bool:
        """Record a site; True when it is the one to apply."""
        line = getattr(node, "lineno", 0)
        number = len(self.sites)
        source = self.lines[line - 1].strip() if line else ""
        self.sites.append(Site(number, line, ".".join(self.scope) or "<module>", change, source))
        return number == self.target

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        self.scope.append(node.name)
        try:
            # decorators and annotations are left alone: only the body is behaviour
            node.body = [self.visit(statement) for statement in node.body]
            node.body = [s for s in node.body if s is not None] or [ast.Pass()]
        finally:
            self.scope.pop()
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    # -- what is never mutated ------------------------------------------------------------

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return node
        node = self.generic_visit(node)  # type: ignore[assignment]
        if self._site(node, "condition negated"):
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST | None:
        if isinstance(node.value, ast.Constant):  # a docstring
            return node
        node = self.generic_visit(node)  # type: ignore[assignment]
        if isinstance(node.value, ast.Call) and self._site(node, "call removed"):
            return ast.Pass()
        return node

    # -- the mutations --------------------------------------------------------------------

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if self._site(node, "condition negated"):
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        for i, op in enumerate(node.ops):
            flipped = FLIPPED_COMPARISONS.get(type(op))
            if flipped is None:
                continue
            change = f"`{SYMBOLS[type(op)]}` → `{SYMBOLS[flipped]}`"
            if self._site(node, change):
                node.ops[i] = flipped()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._site(node, f"`{SYMBOLS[type(node.op)]}` → `{SYMBOLS[other]}`"):
            node.op = other()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if isinstance(node.op, ast.Not) and self._site(node, "`not` dropped"):
            return node.operand
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if isinstance(node.op, (ast.Add, ast.Sub)):
            other = ast.Sub if isinstance(node.op, ast.Add) else ast.Add
            # `+` between strings is text; only arithmetic is mutated
            if not any(isinstance(side, ast.Constant) and isinstance(side.value, str)
                       for side in (node.left, node.right)):  # fmt: skip
                if self._site(node, f"`{SYMBOLS[type(node.op)]}` → `{SYMBOLS[other]}`"):
                    node.op = other()
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._site(node, f"`{value}` → `{not value}`"):
                return ast.Constant(value=not value)
        elif isinstance(value, int):
            for changed in (value + 1, value - 1):
                if self._site(node, f"`{value}` → `{changed}`"):
                    return ast.Constant(value=changed)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            if self._site(node, "returns None"):
                node.value = ast.Constant(value=None)
        return node


def sites_of(source: str) -> list[Site]:
    mutator = Mutator(source.splitlines())
    mutator.visit(ast.parse(source))
    # the same change more than once on one line: the second and later are told apart by "#n"
    seen: dict[str, int] = {}
    sites = []
    for site in mutator.sites:
        seen[site.key] = seen.get(site.key, 0) + 1
        if seen[site.key] > 1:
            site = replace(site, change=f"{site.change} #{seen[site.key]}")
        sites.append(site)
    return sites


def mutant(source: str, number: int) -> ast.Module:
    tree = ast.parse(source)
    mutated: ast.Module = Mutator(source.splitlines(), target=number).visit(copy.deepcopy(tree))
    return ast.fix_missing_locations(mutated)


# ---- running ---------------------------------------------------------------------------------


def source_of(module: str) -> tuple[Path, str]:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise SystemExit(f"no module {module!r} (is the project installed?)")
    path = Path(spec.origin)
    return path, path.read_text(encoding="utf-8")


def _child(module: str, path: Path, tree: ast.Module | None, tests: list[str]) -> None:
    """In the forked child: the mutant replaces the module, then the tests run. Never returns."""
    code = 1
    try:
        if tree is not None:
            spec = importlib.util.spec_from_file_location(module, path)
            assert spec is not None
            replacement = ModuleType(module)
            replacement.__file__ = str(path)
            replacement.__spec__ = spec
            parent, _, name = module.rpartition(".")
            if parent:
                replacement.__package__ = parent
                importlib.import_module(parent)  # the package first (its __init__)
            sys.modules[module] = replacement
            exec(compile(tree, str(path), "exec"), replacement.__dict__)
            if parent:
                setattr(sys.modules[parent], name, replacement)
        import pytest

        os.environ["AMANAH_HYPOTHESIS_PROFILE"] = "mutate"  # tests/conftest.py loads it
        with open(os.devnull, "w") as quiet, redirect_stdout(quiet):
            os.dup2(quiet.fileno(), 1)
            os.dup2(quiet.fileno(), 2)
            code = int(pytest.main([*tests, "-x", "-p", "no:cacheprovider", "-p", "no:randomly",
                                    "--no-header", "-W", "ignore"]))  # fmt: skip
    except BaseException:  # an import error of the mutant counts as a kill
        code = 3
    os._exit(code)


@dataclass
class Outcome:
    site: Site | None  # None: the unmutated module (the baseline run)
    code: int  # pytest's exit code; -1 for a time-out
    seconds: float

    @property
    def killed(self) -> bool:
        return self.code != 0


def run(module: str, tests: list[str], numbers: list[int], jobs: int) -> Iterator[Outcome]:
    """The baseline first (it must pass), then each mutant; up to `jobs` children at a time."""
    path, source = source_of(module)
    sites = sites_of(source)
    queue: list[int | None] = [None, *numbers]
    running: dict[int, tuple[int | None, float]] = {}
    baseline_done = False
    while queue or running:
        # the baseline runs alone: the mutants are only worth running when it passes
        while queue and len(running) < (jobs if baseline_done else 1):
            number = queue.pop(0)
            tree = None if number is None else mutant(source, number)
            pid = os.fork()
            if pid == 0:
                _child(module, path, tree, tests)
            running[pid] = (number, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            for other, (_, started) in list(running.items()):
                if time.monotonic() - started > TIME_LIMIT:
                    os.kill(other, signal.SIGKILL)
            select.select([], [], [], 0.02)
            continue
        number, started = running.pop(pid)
        code = -1 if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        outcome = Outcome(None if number is None else sites[number], code,
                          time.monotonic() - started)  # fmt: skip
        if number is None:
            baseline_done = True
            if code != 0:
                raise SystemExit(f"{module}: its tests fail without any mutation (pytest exit "
                                 f"{code}): {' '.join(tests)}")  # fmt: skip
        yield outcome


def diff_line(module: str, site: Site) -> str:
    _, source = source_of(module)
    mutated = ast.unparse(mutant(source, site.number)).splitlines()
    original = ast.unparse(ast.parse(source)).splitlines()
    changed = [(a, b) for a, b in zip(original, mutated, strict=False) if a != b]
    if not changed:
        return "    (the change is in a line the unparser merges)"
    a, b = changed[0]
    return f"    - {a.strip()}\n    + {b.strip()}"


def load_config() -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    modules = {name: list(entry["tests"]) for name, entry in config["modules"].items()}
    equivalents: dict[str, dict[str, str]] = {}
    for entry in config.get("equivalent", []):
        equivalents.setdefault(entry["module"], {})[entry["site"]] = entry["reason"]
    return modules, equivalents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("modules", nargs="*", help="dotted module names (default: all)")
    parser.add_argument("--survivors", action="store_true", help="print each survivor")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--list", action="store_true", help="list the sites, run nothing")
    parser.add_argument("--line", type=int, action="append", default=[],
                        help="only the mutants of this source line (repeatable): to check that "
                             "new tests kill the survivors of a run, without the whole run")  # fmt: skip
    args = parser.parse_args()
    modules, equivalents = load_config()
    chosen = args.modules or list(modules)
    unknown = [m for m in chosen if m not in modules]
    if unknown:
        raise SystemExit(f"not in {CONFIG.relative_to(ROOT)}: {', '.join(unknown)}")
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    os.chdir(ROOT)
    rows: list[tuple[str, int, int, int, int]] = []
    for module in chosen:
        if args.list:
            _, source = source_of(module)
            for site in sites_of(source):
                print(f"{module}:{site.line}  {site.key}")
            continue
        marked = equivalents.get(module, {})
        rows.append(mutate_module(module, modules[module], marked, args.jobs, args.survivors,
                                  set(args.line)))  # fmt: skip
    if rows:
        print(table(rows))
        if any(r[2] / max(1, r[2] + r[3]) < 0.9 for r in rows):
            sys.exit(1)


def mutate_module(
    module: str,
    tests: list[str],
    marked: dict[str, str],
    jobs: int,
    show: bool,
    lines: set[int] | None = None,
) -> tuple[str, int, int, int, int]:
    """Run every mutant of `module` not marked equivalent: (module, tried, killed, survived,
    equivalent), printing a line, and each survivor as a diff when `show`."""
    _, source = source_of(module)
    sites = sites_of(source)
    stale = set(marked) - {s.key for s in sites}
    if stale:
        print(f"{module}: equivalents no longer found (remove them): {sorted(stale)}")
    if lines:  # a partial run: only those lines' mutants are tried and counted
        sites = [s for s in sites if s.line in lines]
        marked = {k: v for k, v in marked.items() if k in {s.key for s in sites}}
    numbers = [s.number for s in sites if s.key not in marked]
    started = time.monotonic()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    survivors: list[Site] = []
    killed = 0
    for outcome in run(module, tests, numbers, jobs):
        if outcome.site is None:
            continue
        if outcome.killed:
            killed += 1
        else:
            survivors.append(outcome.site)
            if show:  # at once: a long run shows its holes as it finds them
                print(f"  survived, line {outcome.site.line}: {outcome.site.key}", flush=True)
        done = killed + len(survivors)
        if done % 10 == 0 and done < len(numbers):
            print(f"  {module}: {done}/{len(numbers)} run, {len(survivors)} survived so far",
                  file=sys.stderr, flush=True)  # fmt: skip
    equivalent = len(sites) - len(numbers)
    print(f"{module}: {len(sites)} mutants, {killed} killed, {len(survivors)} survived, "
          f"{equivalent} equivalent, in {time.monotonic() - started:.0f} s wall, "
          f"{_cpu_since(cpu_before):.0f} s CPU of the test runs, load {_load()}", flush=True)  # fmt: skip
    if show:
        for site in sorted(survivors, key=lambda s: s.line):
            print(f"  line {site.line}: {site.key}")
            print(diff_line(module, site))
    return module, len(sites), killed, len(survivors), equivalent


def _cpu_since(before: resource.struct_rusage) -> float:
    """CPU seconds (user + system) of the finished test runs since `before`."""
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return now.ru_utime + now.ru_stime - before.ru_utime - before.ru_stime


def _load() -> str:
    """The load averages (1, 5, 15 minutes): figures from a shared machine need them beside."""
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def table(rows: list[tuple[str, int, int, int, int]]) -> str:
    out = io.StringIO()
    out.write(f"\n{'module':38} {'tried':>6} {'killed':>7} {'survived':>9} {'equivalent':>11} "
              f"{'killed %':>9}\n")  # fmt: skip
    for module, tried, killed, survived, equivalent in rows:
        share = 100 * killed / max(1, killed + survived)
        out.write(f"{module:38} {tried:6} {killed:7} {survived:9} {equivalent:11} {share:8.1f}%\n")
    totals = [sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows),
              sum(r[4] for r in rows)]  # fmt: skip
    share = 100 * totals[1] / max(1, totals[1] + totals[2])
    out.write(f"{'all':38} {totals[0]:6} {totals[1]:7} {totals[2]:9} {totals[3]:11} "
              f"{share:8.1f}%")  # fmt: skip
    return out.getvalue()


if __name__ == "__main__":
    main()
