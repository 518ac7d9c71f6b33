"""The ``textrepair`` command: all of the package's file and stream I/O.

Text mode repairs each input as one document and writes the repaired text.
JSONL mode rewrites one field of each record and adds the report beside it,
record for record, in order; a record that cannot be processed is reported
with its file and line number and handled as ``--on-error`` says, so no record
is lost silently.

Exit status: 0 success; 1 an error stopped the run, or ``--check`` found
something to change or flag; 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import glob
import gzip
import io
import json
import os
import re
import signal
import stat
import sys
import tempfile
import time
import zlib
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO, Iterator

from .batch import repair_outcomes
from .config import RepairConfig
from .diff import unified_diff
from .edits import RepairResult
from .html_report import DEFAULT_LIMIT, HtmlReport

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class UserError(Exception):
    """A mistake in the input or the command line: reported without a traceback."""


class _Terminated(BaseException):
    """SIGTERM: unwinds like Ctrl-C, so that workers and temp files are cleaned up."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.diff and args.jsonl:
        parser.error("--diff is for text mode (the JSONL report lists every edit)")
    if args.jsonl and args.report_field == args.field:
        parser.error(f"--report-field {args.report_field!r} would overwrite the repaired --field")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    except UserError as e:
        print(f"textrepair: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("textrepair: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("textrepair: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenProcessPool:
        print("textrepair: error: a worker process died (killed, or out of memory?); "
              "the run is incomplete", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly.
        _silence_stdout()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated


def _silence_stdout() -> None:
    """Keep Python from failing again while it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="textrepair",
        description="Repair machine-translated and generated text: mojibake, loops, "
                    "misspelled names; flag garbled passages.",
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="input files or glob patterns (default: standard input; '-' is stdin); "
                        ".gz and .zst are read transparently")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write here instead of stdout (replaced only when the run succeeds; "
                        ".gz/.zst suffix compresses)")
    p.add_argument("--jsonl", action="store_true",
                   help="inputs are JSON Lines: repair one field of each record")
    p.add_argument("--field", default="text", help="the JSONL field to repair (default: text)")
    p.add_argument("--report-field", default="textrepair",
                   help="the JSONL field that receives the report (default: textrepair; "
                        "must differ from --field)")
    p.add_argument("--gazetteer", metavar="PATH",
                   help="names TSV (name<TAB>kind<TAB>alias|alias); default: built-in world places")
    p.add_argument("--check", action="store_true",
                   help="write nothing (with --diff: only the diff); exit 1 if anything would change "
                        "or is flagged")
    p.add_argument("--explain", action="store_true",
                   help="text mode: list every edit and flag on stderr")
    p.add_argument("--diff", action="store_true",
                   help="text mode: write a unified diff of each input against its repaired text "
                        "instead of the text")
    p.add_argument("--html", metavar="PATH",
                   help="also write a self-contained HTML report of every edit and flag to PATH")
    p.add_argument("--html-limit", type=_positive_int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"show at most N records in the HTML report, worst flags first "
                        f"(default: {DEFAULT_LIMIT}; the counts cover every record)")
    p.add_argument("--on-error", choices=("stop", "skip", "keep"), default="stop",
                   help="a bad JSONL record: stop the run (default), skip it, or keep it unchanged; "
                        "each is reported on stderr with its line number")
    p.add_argument("--errors", choices=("strict", "replace"), default="strict",
                   help="input that is not UTF-8: an error naming file and byte offset (default), "
                        "or replace the bad bytes with U+FFFD and say so")
    p.add_argument("-j", "--jobs", type=_positive_int, default=1,
                   help="worker processes (output is identical to --jobs 1)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress on stderr (default: only when stderr is a terminal)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    stages = p.add_argument_group("stages")
    stages.add_argument("--no-encoding", dest="fix_encoding", action="store_false",
                        help="leave mojibake alone")
    stages.add_argument("--no-loops", dest="collapse_loops", action="store_false",
                        help="leave repetition alone")
    stages.add_argument("--no-names", dest="fix_names", action="store_false",
                        help="leave names alone")
    stages.add_argument("--no-flags", dest="flag_garbled", action="store_false",
                        help="do not flag garbled passages")
    return p


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _run(args: argparse.Namespace) -> int:
    config = RepairConfig(fix_encoding=args.fix_encoding, collapse_loops=args.collapse_loops,
                          fix_names=args.fix_names, flag_garbled=args.flag_garbled)
    gazetteer = _load_gazetteer(args.gazetteer) if args.gazetteer else None
    inputs = _expand(args.files or ["-"])
    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    stats = _Stats(progress=show_progress)
    report = HtmlReport(limit=args.html_limit, title=_report_title(inputs)) if args.html else None
    with _Output(args.output, write=args.diff or not args.check) as out:  # --check --diff: as black does
        if args.jsonl:
            status = _run_jsonl(inputs, args, config, gazetteer, out, stats, report)
        else:
            status = _run_text(inputs, args, config, gazetteer, out, stats, report)
        if status == 0:
            out.flush()  # a full disk shows here, before the summary line
        stats.finish(quiet=args.quiet or not args.jsonl)
        if status != 0:
            out.abandon()
    if report is not None and status == 0:
        with _Output(args.html) as html_out:
            html_out.write(report.render())
    if args.check and status == 0 and (stats.changed or stats.flagged):
        return 1
    return status


def _report_title(inputs: list[str]) -> str:
    names = [_display(path) for path in inputs]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"textrepair report: {shown}"


def _load_gazetteer(path: str) -> Any:
    from .gazetteer import Gazetteer

    try:
        return Gazetteer.from_file(path)
    except OSError as e:
        raise UserError(f"cannot read gazetteer {path}: {e.strerror or e}") from None
    except ValueError as e:
        raise UserError(str(e)) from None


def _expand(patterns: list[str]) -> list[str]:
    """Files named on the command line; patterns the shell left alone are globbed."""
    paths: list[str] = []
    for pattern in patterns:
        if pattern != "-" and not os.path.exists(pattern) and glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern))
            if not matches:
                raise UserError(f"no file matches {pattern}")
            paths.extend(matches)
        else:
            paths.append(pattern)
    return paths


# -- text mode ---------------------------------------------------------------

def _run_text(inputs: list[str], args: argparse.Namespace, config: RepairConfig, gazetteer: Any,
              out: _Output, stats: _Stats, html_report: HtmlReport | None = None) -> int:
    queue: collections.deque[tuple[str, str]] = collections.deque()

    def documents() -> Iterator[str]:
        for path in inputs:
            with _reading(path) as f:
                data = f.read()
            text, _ = _decode(data, _display(path), None, args.errors)
            queue.append((path, text))
            yield text

    for result in repair_outcomes(documents(), gazetteer, config=config, jobs=args.jobs):
        path, text = queue.popleft()
        if isinstance(result, Exception):
            stats.errors += 1
            print(f"textrepair: {_display(path)}: {_failure(result)}", file=sys.stderr)
            if args.on_error == "stop":
                return 1
            if args.on_error == "keep":
                out.write(text)
            continue
        stats.add(result, len(result.original))
        if args.explain or args.check:
            _explain(path, result, verbose=args.explain)
        if html_report is not None:
            html_report.add(_display(path), result)
        out.write(unified_diff(result.original, result.text, _display(path)) if args.diff else result.text)
    return 0


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _failure(exc: Exception) -> str:
    """One line for an exception that ``repair()`` raised on one input (a defect)."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"repair failed: {type(exc).__name__}" + (f": {message}" if message else "")


def _explain(path: str, result: RepairResult, *, verbose: bool) -> None:
    name = _display(path)
    if not verbose:
        if result.changed or result.flags:
            print(f"would repair {name}: {len(result.edits)} edits, {len(result.flags)} flags",
                  file=sys.stderr)
        return
    for e in result.edits:
        print(f"{name}:{e.start}-{e.end}: {e.rule}: {e.explanation}", file=sys.stderr)
    for f in result.flags:
        print(f"{name}:{f.start}-{f.end}: flag {f.score:.2f}: {'; '.join(f.reasons)}", file=sys.stderr)


# -- JSONL mode --------------------------------------------------------------

@dataclass
class _Record:
    where: str            # "FILE:LINE"
    raw: bytes            # the line as read, for --on-error keep
    record: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def _run_jsonl(inputs: list[str], args: argparse.Namespace, config: RepairConfig, gazetteer: Any,
               out: _Output, stats: _Stats, html_report: HtmlReport | None = None) -> int:
    queue: collections.deque[_Record] = collections.deque()

    def texts() -> Iterator[str]:
        for rec in _read_records(inputs, args.field, args.errors):
            queue.append(rec)
            if rec.record is not None:
                yield rec.record[args.field]

    def flush_errors() -> bool:
        """Handle the failed records at the head of the queue; False means stop."""
        while queue and queue[0].error is not None:
            rec = queue.popleft()
            stats.errors += 1
            print(f"textrepair: {rec.where}: {rec.error}", file=sys.stderr)
            if args.on_error == "stop":
                return False
            if args.on_error == "keep":
                out.write_bytes(rec.raw if rec.raw.endswith(b"\n") else rec.raw + b"\n")
        return True

    for result in repair_outcomes(texts(), gazetteer, config=config, jobs=args.jobs):
        if not flush_errors():
            return 1
        rec = queue.popleft()
        assert rec.record is not None
        if isinstance(result, Exception):
            rec.error = _failure(result)
            queue.appendleft(rec)
            if not flush_errors():
                return 1
            continue
        stats.add(result, len(rec.raw))
        if html_report is not None:
            html_report.add(rec.where, result)
        record = rec.record
        record[args.field] = result.text
        report = result.to_dict()
        del report["text"]
        if rec.warnings:
            report["warnings"] = rec.warnings
        record[args.report_field] = report
        try:
            line = _dump(record)
        except RecursionError:
            rec.error = "nested too deeply to write back"
            queue.appendleft(rec)
            if not flush_errors():
                return 1
            continue
        out.write(line + "\n")
    return 0 if flush_errors() else 1


def _read_records(inputs: list[str], field_name: str, errors: str) -> Iterator[_Record]:
    for path in inputs:
        name = _display(path)
        with _reading(path) as f:
            for lineno, raw in enumerate(f, 1):
                where = f"{name}:{lineno}"
                if lineno == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM):]  # a UTF-8 byte order mark is not part of the record
                if not raw.strip():
                    continue
                rec = _Record(where, raw)
                try:
                    line, warning = _decode(raw, name, lineno, errors)
                    if warning:
                        rec.warnings.append(warning)
                    # Without its line break, so that a missing quote is reported as such.
                    obj = _loads(line.rstrip("\r\n"))
                except UserError as e:
                    rec.error = str(e).removeprefix(f"{where}: ")  # reported with `where` in front
                except json.JSONDecodeError as e:
                    rec.error = f"not valid JSON: {e.msg} (column {e.colno})"
                except RecursionError:
                    rec.error = "not valid JSON: nested too deeply"
                else:
                    if not isinstance(obj, dict):
                        rec.error = f"a record must be a JSON object, not {_type_name(obj)}"
                    elif field_name not in obj:
                        rec.error = f"record has no field {field_name!r}"
                    elif not isinstance(obj[field_name], str):
                        rec.error = (f"field {field_name!r} must be a string, "
                                     f"not {_type_name(obj[field_name])}")
                    else:
                        rec.record = obj
                yield rec


class _Number:
    """A JSON number as it was written: ``1e400`` or a 5,000-digit integer
    goes back out exactly as it came in, not as ``Infinity`` or an error."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal


def _loads(line: str) -> Any:
    return json.loads(line, parse_float=_Number, parse_int=_parse_int, parse_constant=_Number)


def _parse_int(literal: str) -> int | _Number:
    # Python refuses to convert integers of more than 4300 digits, and -0 is no int.
    return int(literal) if len(literal) <= 4000 and literal != "-0" else _Number(literal)


def _type_name(value: Any) -> str:
    if isinstance(value, _Number):
        return "int" if value.literal.lstrip("-").isdigit() else "float"
    return type(value).__name__


# JSON that must stay ASCII-compatible UTF-8: a lone surrogate becomes a \udXXX escape.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _dump(record: dict[str, Any]) -> str:
    """One JSON line: non-ASCII text as it is, numbers as they were read, lone
    surrogates escaped the way ``json.dumps`` escapes them."""
    try:
        line = json.dumps(record, ensure_ascii=False, default=_no_number)
    except _HasNumber:
        parts: list[str] = []
        _encode(record, parts)
        line = "".join(parts)
    if _SURROGATE_RE.search(line):
        line = _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
    return line


class _HasNumber(Exception):
    pass


def _no_number(value: Any) -> Any:
    if isinstance(value, _Number):
        raise _HasNumber
    raise TypeError(f"{type(value).__name__} is not JSON")


def _encode(value: Any, parts: list[str]) -> None:
    if isinstance(value, _Number):
        parts.append(value.literal)
    elif isinstance(value, dict):
        parts.append("{")
        for i, (key, item) in enumerate(value.items()):
            parts.append(", " if i else "")
            parts.append(json.dumps(key, ensure_ascii=False))
            parts.append(": ")
            _encode(item, parts)
        parts.append("}")
    elif isinstance(value, list):
        parts.append("[")
        for i, item in enumerate(value):
            parts.append(", " if i else "")
            _encode(item, parts)
        parts.append("]")
    else:
        parts.append(json.dumps(value, ensure_ascii=False))


# -- input and output --------------------------------------------------------

_BOM = b"\xef\xbb\xbf"


class _Corrupt(Exception):
    """Compressed input that ends early or does not decompress."""


@contextlib.contextmanager
def _reading(path: str) -> Iterator[BinaryIO]:
    """:func:`_open_input`, with damaged compressed data reported as a UserError."""
    with _open_input(path) as f:
        try:
            yield f
        except _DECOMPRESSION_ERRORS as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise UserError(f"{_display(path)}: corrupt or truncated compressed input ({reason}); "
                            f"nothing after this point was read") from None


def _open_input(path: str) -> BinaryIO:
    """A binary reader for ``path`` ('-' is stdin), gzip/zstd decompressed by content."""
    try:
        raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror or e}") from None
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type,type-var]
    head = buffered.peek(4)[:4]
    if head.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    if head == _ZSTD_MAGIC:
        return io.BufferedReader(_ZstdReader(buffered, _zstandard(path)))  # type: ignore[return-value]
    return buffered


class _ZstdReader(io.RawIOBase):
    """zstd frames one after another, decompressed; unlike zstandard's
    ``stream_reader``, a stream that ends inside a frame is an error, not a
    silent end of the data."""

    def __init__(self, source: BinaryIO, zstandard: Any) -> None:
        self._source = source
        self._dctx = zstandard.ZstdDecompressor()
        self._frame: Any = None
        self._pending = b""
        self._out = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out:
            if not self._pending:
                self._pending = self._source.read(1 << 16)
                if not self._pending:
                    if self._frame is not None:
                        raise _Corrupt("the stream ends inside a zstd frame")
                    return 0
            if self._frame is None:
                self._frame = self._dctx.decompressobj()
            data, self._pending = self._pending, b""
            self._out = self._frame.decompress(data)
            if self._frame.eof:
                self._pending, self._frame = self._frame.unused_data, None
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def close(self) -> None:
        self._source.close()
        super().close()


def _decompression_errors() -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (_Corrupt, EOFError, gzip.BadGzipFile, zlib.error)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)


_DECOMPRESSION_ERRORS = _decompression_errors()


def _zstandard(path: str) -> Any:
    try:
        import zstandard
    except ImportError:
        raise UserError(f"{path} is zstd-compressed: pip install 'textrepair[zstd]'") from None
    return zstandard


def _decode(data: bytes, path: str, lineno: int | None, errors: str) -> tuple[str, str | None]:
    """The text of ``data`` and, under ``--errors replace``, a warning saying what was replaced."""
    where = path if lineno is None else f"{path}:{lineno}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        if errors == "strict":
            raise UserError(f"{where}: not UTF-8 at byte offset {e.start} "
                            f"(use --errors replace to substitute U+FFFD)") from None
        warning = f"replaced bytes that are not UTF-8 with U+FFFD (first at byte offset {e.start})"
        print(f"textrepair: {where}: {warning}", file=sys.stderr)
        return data.decode("utf-8", errors="replace"), warning


class _Output:
    """stdout, or the ``-o`` file.

    A regular file (or a new one) is replaced only when the run succeeds: the
    output goes to a temporary file beside it, which takes the old file's
    mode (a new file: 0666 less the umask) and is renamed over it at the end.
    A symbolic link is followed, so the link stays and its target is
    replaced.  A FIFO or a device cannot be replaced: it is written directly.
    With ``write=False`` (``--check``) everything is discarded.  A failed
    write (a full disk) is a one-line error.
    """

    def __init__(self, path: str | None, *, write: bool = True) -> None:
        self._path = path if write else os.devnull
        self._target: str | None = None
        self._tmp: str | None = None
        self._stream: IO[bytes] | None = None
        self._file: IO[bytes] | None = None
        self._discard = False

    def __enter__(self) -> _Output:
        if self._path is None:
            self._stream = sys.stdout.buffer
            return self
        if self._path == os.devnull:
            self._stream = open(os.devnull, "wb")  # noqa: SIM115
            return self
        self._target = os.path.realpath(self._path)
        try:
            st: os.stat_result | None = os.stat(self._target)
        except FileNotFoundError:
            st = None
        except OSError as e:
            raise UserError(f"cannot write {self._path}: {e.strerror or e}") from None
        try:
            if st is not None and stat.S_ISDIR(st.st_mode):
                raise UserError(f"cannot write {self._path}: Is a directory")
            if st is not None and not stat.S_ISREG(st.st_mode):
                self._file = open(self._target, "wb")  # noqa: SIM115
            else:
                fd, self._tmp = tempfile.mkstemp(prefix=".textrepair-", dir=os.path.dirname(self._target))
                self._file = os.fdopen(fd, "wb")
                os.chmod(fd, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        except OSError as e:
            self._remove_tmp()
            raise UserError(f"cannot write {self._path}: {e.strerror or e}") from None
        if self._path.endswith(".gz"):
            self._stream = gzip.GzipFile(fileobj=self._file, mode="wb", mtime=0)  # type: ignore[assignment]
        elif self._path.endswith(".zst"):
            compressor = _zstandard(self._path).ZstdCompressor(write_checksum=True)
            self._stream = compressor.stream_writer(self._file, closefd=False)
        else:
            self._stream = self._file
        return self

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        assert self._stream is not None
        try:
            self._stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._write_error(e) from None

    def _write_error(self, exc: OSError) -> UserError:
        if self._path is None:
            _silence_stdout()  # what is still buffered cannot be written either
        return UserError(f"cannot write {self._path or '<stdout>'}: {exc.strerror or exc}")

    def flush(self) -> None:
        assert self._stream is not None
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._write_error(e) from None

    def abandon(self) -> None:
        """Keep an existing ``-o`` file as it was: the run failed."""
        self._discard = True

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        assert self._stream is not None
        try:
            if self._path is None:
                if exc_type is None:
                    self._stream.flush()
                return
            if self._path == os.devnull:
                self._stream.close()
                return
            assert self._file is not None
            try:
                if self._stream is not self._file:
                    self._stream.close()
                self._file.flush()
                if self._tmp is not None and exc_type is None and not self._discard:
                    os.fsync(self._file.fileno())
                self._file.close()
                if self._tmp is not None and exc_type is None and not self._discard:
                    assert self._target is not None
                    os.replace(self._tmp, self._target)
                    self._tmp = None
            finally:
                self._remove_tmp()
        except BrokenPipeError:
            if exc_type is None:
                raise
        except OSError as e:
            if exc_type is None:
                raise self._write_error(e) from None

    def _remove_tmp(self) -> None:
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                if self._file is not None:
                    self._file.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


@dataclass
class _Stats:
    progress: bool
    records: int = 0
    changed: int = 0
    flagged: int = 0
    errors: int = 0
    nbytes: int = 0
    started: float = field(default_factory=time.monotonic)
    _last_shown: float = 0.0

    def add(self, result: RepairResult, nbytes: int) -> None:
        self.records += 1
        self.changed += result.changed
        self.flagged += bool(result.flags)
        self.nbytes += nbytes
        if self.progress:
            now = time.monotonic()
            if now - self._last_shown >= 0.5:
                self._last_shown = now
                print(f"\r{self._line(now)}", end="", file=sys.stderr, flush=True)

    def _line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        return (f"{self.records} records ({self.records / elapsed:,.0f}/s, "
                f"{self.nbytes / elapsed / 1e6:.2f} MB/s), {self.changed} changed, "
                f"{self.flagged} flagged, {self.errors} errors")

    def finish(self, *, quiet: bool) -> None:
        if self.progress:
            print("\r\033[K", end="", file=sys.stderr)
        if not quiet or self.progress:
            print(f"textrepair: {self._line(time.monotonic())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
