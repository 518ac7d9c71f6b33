"""The ``textrepair`` command: text and JSONL modes, bad input, compression, jobs, pipes.

Most tests call ``textrepair.cli.main`` in-process; a few run the installed
command in a subprocess for what only a real process shows (exit on a broken
pipe, Ctrl-C, no traceback).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import textrepair
from textrepair.cli import main

MOJIBAKE = "The cafÃ© opened."
FIXED = "The café opened."
CLEAN = "The museum opens at nine and closes at five."
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def cli(monkeypatch, capsysbinary):
    """Run main(argv) with ``stdin`` bytes; return (exit status, stdout bytes, stderr text)."""
    def run(*argv: str, stdin: bytes = b"") -> tuple[int, bytes, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(argv))
        captured = capsysbinary.readouterr()
        return code, captured.out, captured.err.decode("utf-8")
    return run


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


def parse(out: bytes) -> list[dict]:
    assert out == b"" or out.endswith(b"\n")
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def report_of(text: str) -> dict:
    report = textrepair.repair(text).to_dict()
    del report["text"]
    return report


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "textrepair.cli", *args]


# -- text mode -------------------------------------------------------------------

def test_text_stdin_to_stdout(cli):
    code, out, err = cli(stdin=(MOJIBAKE + "\n").encode())
    assert (code, out, err) == (0, (FIXED + "\n").encode(), "")


def test_clean_text_is_byte_identical(cli):
    data = "Line one.\r\nLine two — with “quotes”.\n\n\tIndented, no final newline".encode()
    assert cli(stdin=data) == (0, data, "")


def test_text_files_in_order_and_dash_is_stdin(cli, tmp_path):
    (tmp_path / "a.txt").write_text(MOJIBAKE + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN + "\n", encoding="utf-8")
    code, out, _ = cli(str(tmp_path / "b.txt"), "-", str(tmp_path / "a.txt"), stdin=b"stdin\n")
    assert code == 0
    assert out.decode() == f"{CLEAN}\nstdin\n{FIXED}\n"


def test_glob_patterns_expand_sorted_and_unmatched_glob_is_an_error(cli, tmp_path):
    for name, text in [("2.txt", "two\n"), ("1.txt", MOJIBAKE + "\n"), ("x.md", "not me\n")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, _ = cli(str(tmp_path / "*.txt"))
    assert (code, out.decode()) == (0, f"{FIXED}\ntwo\n")
    code, out, err = cli(str(tmp_path / "*.csv"))
    assert (code, out) == (1, b"")
    assert err == f"textrepair: error: no file matches {tmp_path / '*.csv'}\n"


def test_output_file(cli, tmp_path):
    target = tmp_path / "out.txt"
    assert cli("-o", str(target), stdin=MOJIBAKE.encode()) == (0, b"", "")
    assert target.read_text(encoding="utf-8") == FIXED


def test_output_file_is_left_alone_when_the_run_fails(cli, tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"previous contents\n")
    (tmp_path / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    code, out, err = cli("-o", str(target), str(tmp_path / "good.txt"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert err.count("\n") == 1 and "cannot read" in err and "missing.txt" in err
    assert target.read_bytes() == b"previous contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt", "out.txt"]  # no temp file left


def test_missing_file_is_one_line_without_traceback(cli, tmp_path):
    code, out, err = cli(str(tmp_path / "nope.txt"))
    assert (code, out) == (1, b"")
    assert err == f"textrepair: error: cannot read {tmp_path / 'nope.txt'}: No such file or directory\n"


def test_non_utf8_text_names_file_and_byte_offset(cli, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Déjà vu".encode("latin-1"))
    code, out, err = cli(str(path))
    assert (code, out) == (1, b"")
    assert err == (f"textrepair: error: {path}: not UTF-8 at byte offset 1 "
                   "(use --errors replace to substitute U+FFFD)\n")


def test_errors_replace_substitutes_and_says_so(cli, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Déjà vu".encode("latin-1"))
    code, out, err = cli("--errors", "replace", str(path))
    assert code == 0
    assert out.decode() == "D\ufffdj\ufffd vu"
    assert "not UTF-8" in err and "byte offset 1" in err and str(path) in err


def test_explain_lists_edits_on_stderr(cli):
    code, out, err = cli("--explain", stdin=MOJIBAKE.encode())
    assert (code, out.decode()) == (0, FIXED)
    [edit] = textrepair.repair(MOJIBAKE).edits
    assert err == f"<stdin>:{edit.start}-{edit.end}: {edit.rule}: {edit.explanation}\n"


# -- --check and usage -------------------------------------------------------------

def test_check_exit_status_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "out.txt"
    assert cli("--check", stdin=CLEAN.encode()) == (0, b"", "")
    code, out, err = cli("--check", "-o", str(target), stdin=MOJIBAKE.encode())
    assert (code, out) == (1, b"")
    assert err == "would repair <stdin>: 1 edits, 0 flags\n"
    assert not target.exists()
    code, out, err = cli("--check", "--jsonl", stdin=jsonl({"text": MOJIBAKE}, {"text": CLEAN}))
    assert (code, out) == (1, b"")
    assert "2 records" in err and "1 changed" in err
    assert cli("--check", "--jsonl", "-q", stdin=jsonl({"text": CLEAN}))[:2] == (0, b"")


@pytest.mark.parametrize("argv", [["--bogus"], ["--jobs", "0"], ["--jobs", "two"],
                                  ["--on-error", "ignore"], ["--errors", "ignore"], ["--field"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: textrepair" in capsys.readouterr().err


# -- JSONL mode ------------------------------------------------------------------

def test_jsonl_repairs_field_keeps_other_fields_in_order(cli):
    records = [{"id": 1, "text": MOJIBAKE, "meta": {"lang": "en"}, "z": [1, 2]},
               {"text": CLEAN, "id": 2, "note": "ünïcode"}]
    code, out, err = cli("--jsonl", stdin=jsonl(*records))
    assert code == 0
    got = parse(out)
    assert [list(r) for r in got] == [["id", "text", "meta", "z", "textrepair"], ["text", "id", "note", "textrepair"]]
    assert got[0] == {**records[0], "text": FIXED, "textrepair": report_of(MOJIBAKE)}
    assert got[1] == {**records[1], "textrepair": {"changed": False, "edits": [], "flags": []}}
    assert "ünïcode".encode() in out  # not escaped
    assert err == "textrepair: " + err.split("textrepair: ", 1)[1]
    assert ", 1 changed, 0 flagged, 0 errors" in err and err.startswith("textrepair: 2 records (")


def test_jsonl_field_and_report_field(cli):
    code, out, _ = cli("--jsonl", "--field", "body", "--report-field", "fix",
                       stdin=jsonl({"body": MOJIBAKE, "textrepair": "kept as is"}))
    assert code == 0
    assert parse(out) == [{"body": FIXED, "textrepair": "kept as is", "fix": report_of(MOJIBAKE)}]


def test_jsonl_report_field_already_present_is_replaced_in_place(cli):
    code, out, _ = cli("--jsonl", stdin=jsonl({"textrepair": None, "text": CLEAN}))
    assert list(parse(out)[0]) == ["textrepair", "text"]


def test_jsonl_blank_lines_are_skipped_and_line_numbers_count_them(cli):
    data = jsonl({"text": CLEAN}) + b"\n   \n" + b'{"text": 5}\n'
    code, out, err = cli("--jsonl", "--on-error", "skip", stdin=data)
    assert code == 0
    assert len(parse(out)) == 1
    assert "textrepair: <stdin>:4: field 'text' must be a string, not int\n" in err


BAD_LINES = [
    (b'{"id": 2}', "record has no field 'text'"),
    (b'{"id": 2, "text": null}', "field 'text' must be a string, not NoneType"),
    (b'{"id": 2, "text": ["a"]}', "field 'text' must be a string, not list"),
    (b'{"id": 2, "text": "unterminated', "not valid JSON: Unterminated string starting at (column 19)"),
    (b'{"id": 2, "text": "a"} trailing', "not valid JSON: Extra data (column 24)"),
    (b'["text"]', "a record must be a JSON object, not list"),
    (b'{"id": 2, "text": "caf\xe9"}', "not UTF-8 at byte offset 22 (use --errors replace to substitute U+FFFD)"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_bad_record_stop(cli, tmp_path, bad, message):
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl({"id": 1, "text": MOJIBAKE}) + bad + b"\n" + jsonl({"id": 3, "text": CLEAN}))
    code, out, err = cli("--jsonl", str(path))
    assert code == 1
    assert [r["id"] for r in parse(out)] == [1]  # whole lines only, nothing after the bad one
    assert err.splitlines()[0] == f"textrepair: {path}:2: {message}"
    assert "1 errors" in err.splitlines()[-1]
    target = tmp_path / "out.jsonl"
    code, out, _ = cli("--jsonl", "-o", str(target), str(path))
    assert (code, out, target.exists()) == (1, b"", False)


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_bad_record_skip(cli, bad, message):
    code, out, err = cli("--jsonl", "--on-error", "skip",
                         stdin=jsonl({"id": 1, "text": MOJIBAKE}) + bad + b"\n" + jsonl({"id": 3, "text": CLEAN}))
    assert code == 0
    assert [r["id"] for r in parse(out)] == [1, 3]
    assert err.splitlines()[0] == f"textrepair: <stdin>:2: {message}"
    assert err.splitlines()[-1].endswith(", 1 changed, 0 flagged, 1 errors")


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_bad_record_keep_passes_the_line_through(cli, bad, message):
    code, out, err = cli("--jsonl", "--on-error", "keep",
                         stdin=jsonl({"id": 1, "text": MOJIBAKE}) + bad + b"\n" + jsonl({"id": 3, "text": CLEAN}))
    assert code == 0
    lines = out.split(b"\n")
    assert lines[1] == bad and len(lines) == 4 and lines[3] == b""
    assert json.loads(lines[0])["text"] == FIXED and json.loads(lines[2])["id"] == 3
    assert err.splitlines()[0] == f"textrepair: <stdin>:2: {message}"


def test_keep_adds_a_newline_to_a_bad_last_line(cli):
    code, out, _ = cli("--jsonl", "--on-error", "keep", stdin=b'{"id": 1}')
    assert (code, out) == (0, b'{"id": 1}\n')


def test_bad_records_across_files_name_their_file(cli, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_bytes(jsonl({"text": CLEAN}))
    b.write_bytes(jsonl({"text": CLEAN}, {"text": CLEAN}) + b"oops\n")
    code, out, err = cli("--jsonl", "--on-error", "skip", str(a), str(b))
    assert (code, len(parse(out))) == (0, 3)
    assert err.startswith(f"textrepair: {b}:3: not valid JSON")


def test_jsonl_errors_replace_records_a_warning(cli):
    code, out, err = cli("--jsonl", "--errors", "replace", stdin=b'{"text": "caf\xe9"}\n')
    assert code == 0
    [record] = parse(out)
    assert record["text"] == "caf\ufffd"
    assert record["textrepair"]["warnings"] == [
        "replaced bytes that are not UTF-8 with U+FFFD (first at byte offset 13)"]
    assert "<stdin>:1: replaced bytes" in err


def test_summary_counts_and_quiet(cli):
    data = jsonl({"text": MOJIBAKE}, {"text": CLEAN}, {"text": MOJIBAKE}) + b"{}\n"
    _, _, err = cli("--jsonl", "--on-error", "skip", stdin=data)
    summary = err.splitlines()[-1]
    assert summary.startswith("textrepair: 3 records (") and "/s, " in summary and " MB/s), " in summary
    assert summary.endswith(", 2 changed, 0 flagged, 1 errors")
    assert cli("--jsonl", "-q", stdin=jsonl({"text": CLEAN}))[2] == ""
    assert cli(stdin=CLEAN.encode())[2] == ""  # text mode: no summary
    err = cli("--progress", stdin=CLEAN.encode())[2]
    assert "\r\x1b[K" in err and err.endswith(", 0 changed, 0 flagged, 0 errors\n")


# -- compression -----------------------------------------------------------------

def test_gzip_in_and_out(cli, tmp_path):
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(jsonl({"text": MOJIBAKE})))
    target = tmp_path / "out.jsonl.gz"
    assert cli("--jsonl", "-q", "-o", str(target), str(src)) == (0, b"", "")
    assert parse(gzip.decompress(target.read_bytes()))[0]["text"] == FIXED
    renamed = tmp_path / "no_suffix"  # input is recognised by content, not name
    renamed.write_bytes(gzip.compress(MOJIBAKE.encode()))
    assert cli(str(renamed))[:2] == (0, FIXED.encode())


def test_zstd_in_and_out(cli, tmp_path):
    zstandard = pytest.importorskip("zstandard")
    src = tmp_path / "in.txt.zst"
    src.write_bytes(zstandard.ZstdCompressor().compress(MOJIBAKE.encode()))
    target = tmp_path / "out.txt.zst"
    assert cli("-o", str(target), str(src)) == (0, b"", "")
    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(target.read_bytes())) as f:
        assert f.read() == FIXED.encode()


# -- parallel ----------------------------------------------------------------------

def many_records(n: int) -> bytes:
    seed = [json.loads(line) for line in (EXAMPLES / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    return jsonl(*({**seed[i % len(seed)], "id": i} for i in range(n)))


def test_jobs_2_output_is_byte_identical_to_jobs_1(cli, tmp_path):
    data = many_records(300) + b"not json\n" + many_records(40)
    gazetteer = str(EXAMPLES / "seed_gazetteer.tsv")
    one = cli("--jsonl", "--on-error", "keep", "--gazetteer", gazetteer, stdin=data)
    two = cli("--jsonl", "--on-error", "keep", "--gazetteer", gazetteer, "--jobs", "2", stdin=data)
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert one[1].count(b"\n") == 341
    assert sum(r["textrepair"]["changed"] for r in parse(one[1].replace(b"not json\n", b""))) > 0
    text_one = cli(str(EXAMPLES / "seed_article.txt"), str(EXAMPLES / "records.jsonl"))
    text_two = cli("-j", "2", str(EXAMPLES / "seed_article.txt"), str(EXAMPLES / "records.jsonl"))
    assert text_one == text_two


# -- real processes ----------------------------------------------------------------

def test_subprocess_round_trip_and_missing_file(tmp_path):
    proc = subprocess.run(command("--jsonl", "--no-names"), input=jsonl({"text": MOJIBAKE}),
                          capture_output=True, check=True)
    assert parse(proc.stdout)[0]["text"] == FIXED
    proc = subprocess.run(command(str(tmp_path / "missing.txt")), capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == f"textrepair: error: cannot read {tmp_path / 'missing.txt'}: No such file or directory\n"


def test_broken_pipe_exits_quietly(tmp_path):
    big = tmp_path / "big.jsonl"  # far more output than a pipe buffers
    big.write_bytes(jsonl(*({"id": i, "text": f"Record {i} is fine as it is."} for i in range(4000))))
    proc = subprocess.Popen(command("--jsonl", "--no-names", "--no-flags", str(big)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["id"] == 0
    proc.stdout.close()  # what `| head -n 1` does once it has its line
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_broken_pipe_through_a_shell_pipeline(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("A line that needs no repair.\n" * 20000, encoding="utf-8")
    cmd = " ".join(command("--no-names", "--no-flags", str(big)))
    proc = subprocess.run(f"{cmd} | head -n 1", shell=True, capture_output=True, text=True, timeout=120)
    assert (proc.stdout, proc.stderr) == ("A line that needs no repair.\n", "")


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_ctrl_c_leaves_whole_lines_and_exits_130(unbuffered):
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    # Unbuffered pipes: readline() takes no more than the line, so communicate() gets the rest.
    proc = subprocess.Popen(command("--jsonl", "--no-names"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, bufsize=0)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(jsonl(*({"id": i, "text": MOJIBAKE} for i in range(200))))
    first = proc.stdout.readline()  # it is under way, and the input stays open: it waits for more
    proc.send_signal(signal.SIGINT)
    try:  # communicate() closes the input: a run that ignored the interrupt ends (and fails) instead of hanging
        rest, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    out = first + rest
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.decode().splitlines()[-1] == "textrepair: interrupted"
    assert out.endswith(b"\n")
    assert [json.loads(line)["id"] for line in out.splitlines()] == list(range(len(out.splitlines())))


# -- reliability: nothing lost silently (RELIABILITY.md) ------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lone_surrogates_pass_through_as_json_escapes(cli, jobs):
    data = b'{"id": 1, "text": "a\\ud800b caf\\u00c3\\u00a9"}\n{"id": 2, "text": "\\udfff"}\n'
    code, out, err = cli("--jsonl", "--on-error", "skip", "--jobs", jobs, stdin=data)
    assert code == 0 and "0 errors" in err
    out.decode("utf-8")  # valid UTF-8: the surrogates are escaped, not encoded
    assert b'"a\\ud800b caf\xc3\xa9"' in out and b'"\\udfff"' in out
    assert [r["text"] for r in parse(out)] == ["a\ud800b café", "\udfff"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("on_error", ["skip", "keep", "stop"])
def test_a_record_repair_fails_on_is_an_error_record(cli, monkeypatch, jobs, on_error):
    real = textrepair.batch.repair

    def failing(text, *args, **kwargs):
        if "BOOM" in text:
            raise ValueError("no good\nsecond line")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(textrepair.batch, "repair", failing)  # inherited by forked workers
    records = [{"id": i, "text": "BOOM" if i == 40 else CLEAN} for i in range(100)]
    code, out, err = cli("--jsonl", "--no-names", "--no-flags", "--on-error", on_error, "--jobs", jobs,
                         stdin=jsonl(*records))
    message = "textrepair: <stdin>:41: repair failed: ValueError: no good"  # one line
    assert err.splitlines()[0] == message
    lines = out.splitlines()
    if on_error == "stop":
        assert code == 1 and [json.loads(x)["id"] for x in lines] == list(range(40))
        return
    assert code == 0 and err.splitlines()[-1].endswith(" 1 errors")
    kept = [json.loads(x) for x in lines]
    assert [r["id"] for r in kept] == [i for i in range(100) if on_error == "keep" or i != 40]
    if on_error == "keep":
        assert kept[40] == records[40]  # the line as it came in


def test_text_mode_failure_names_the_file(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(textrepair.batch, "repair", lambda *a, **k: 1 / 0)
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    code, out, err = cli(str(tmp_path / "a.txt"))
    assert (code, out) == (1, b"")
    assert err == f"textrepair: {tmp_path / 'a.txt'}: repair failed: ZeroDivisionError: division by zero\n"


def _truncated(kind: str, data: bytes) -> bytes:
    if kind == "gz":
        packed = gzip.compress(data)
    else:
        packed = pytest.importorskip("zstandard").ZstdCompressor().compress(data)
    return packed[:len(packed) // 2]


@pytest.mark.parametrize("kind", ["gz", "zst"])
@pytest.mark.parametrize("mode", ["text", "jsonl"])
def test_truncated_compressed_input_is_an_error_and_leaves_no_output(cli, tmp_path, kind, mode):
    records = [{"id": i, "text": f"Record {i}: {os.urandom(8).hex()}"} for i in range(12000)]
    src = tmp_path / f"in.{kind}"
    src.write_bytes(_truncated(kind, jsonl(*records)))
    target = tmp_path / "out.jsonl"
    argv = ["--jsonl", "--on-error", "skip"] if mode == "jsonl" else []
    code, out, err = cli(*argv, "--no-names", "--no-flags", "-o", str(target), str(src))
    assert (code, out, target.exists()) == (1, b"", False)
    assert err.splitlines()[0].startswith(f"textrepair: error: {src}: corrupt or truncated compressed input (")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
    if mode == "jsonl":  # to stdout: whole records before the damage, then the error
        code, out, err = cli(*argv, "--no-names", "--no-flags", str(src))
        got = parse(out)
        assert code == 1 and 0 < len(got) < len(records)
        assert [r["id"] for r in got] == list(range(len(got)))


def test_corrupt_gzip_crc_is_an_error(cli, tmp_path):
    packed = bytearray(gzip.compress(jsonl({"text": CLEAN})))
    packed[-8] ^= 0xFF  # the CRC-32 in the trailer
    (tmp_path / "in.gz").write_bytes(bytes(packed))
    code, out, err = cli("--jsonl", "-o", str(tmp_path / "out"), str(tmp_path / "in.gz"))
    assert code == 1 and "corrupt or truncated compressed input (CRC check failed" in err
    assert not (tmp_path / "out").exists()


def test_concatenated_zstd_frames_are_all_read(cli, tmp_path):
    zstandard = pytest.importorskip("zstandard")
    c = zstandard.ZstdCompressor()
    (tmp_path / "in.zst").write_bytes(c.compress(jsonl({"id": 1, "text": CLEAN}))
                                      + c.compress(jsonl({"id": 2, "text": MOJIBAKE})))
    code, out, _ = cli("--jsonl", str(tmp_path / "in.zst"))
    assert code == 0 and [r["id"] for r in parse(out)] == [1, 2]


def test_full_disk_is_a_one_line_error():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(command("--jsonl", "--no-names", "--no-flags"),
                              input=jsonl(*({"text": CLEAN} for _ in range(100))), stdout=full,
                              stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.decode() == "textrepair: error: cannot write <stdout>: No space left on device\n"
    with open("/dev/full", "wb") as full:  # a small output fails only when it is flushed
        proc = subprocess.run(command("--jsonl", "--no-names", "--no-flags"), input=jsonl({"text": CLEAN}),
                              stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.decode() == "textrepair: error: cannot write <stdout>: No space left on device\n"
    proc = subprocess.run(command("-o", "/dev/full"), input=CLEAN.encode(), capture_output=True, timeout=120)
    assert (proc.returncode, proc.stderr) == (1, b"textrepair: error: cannot write /dev/full: "
                                                 b"No space left on device\n")


def test_output_onto_a_directory_is_an_error(cli, tmp_path):
    code, out, err = cli("-o", str(tmp_path), stdin=CLEAN.encode())
    assert (code, out, err) == (1, b"", f"textrepair: error: cannot write {tmp_path}: Is a directory\n")
    assert list(tmp_path.iterdir()) == []


def test_output_through_a_symlink_replaces_its_target(cli, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert cli("-o", str(link), stdin=MOJIBAKE.encode())[0] == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8") == FIXED


def test_output_into_a_fifo_is_written_through(cli, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code = cli("--jsonl", "-q", "-o", str(fifo), stdin=jsonl(*({"id": i, "text": CLEAN} for i in range(50))))[0]
    reader.join(timeout=60)
    assert code == 0
    assert [r["id"] for r in parse(received[0])] == list(range(50))
    import stat
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_file_mode_follows_umask_and_the_old_file(cli, tmp_path):
    old = os.umask(0o027)
    try:
        assert cli("-o", str(tmp_path / "new.txt"), stdin=CLEAN.encode())[0] == 0
        existing = tmp_path / "existing.txt"
        existing.write_text("x", encoding="utf-8")
        existing.chmod(0o604)
        assert cli("-o", str(existing), stdin=CLEAN.encode())[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    assert existing.stat().st_mode & 0o777 == 0o604 and existing.read_text(encoding="utf-8") == CLEAN


def test_json_numbers_are_written_as_they_were_read(cli):
    huge = "9" * 5000  # more digits than Python converts
    data = (b'{"text": "ok", "a": 1e400, "b": -0.10000000000000000000001, "c": ' + huge.encode()
            + b', "d": [1.5E+3, {"e": 12}], "f": -0}\n')
    code, out, err = cli("--jsonl", "--no-names", "--no-flags", stdin=data)
    assert code == 0, err
    line = out.decode()
    assert line.startswith('{"text": "ok", "a": 1e400, "b": -0.10000000000000000000001, "c": ' + huge
                           + ', "d": [1.5E+3, {"e": 12}], "f": -0, "textrepair": {')
    assert "Infinity" not in line


def test_report_field_equal_to_field_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--jsonl", "--report-field", "text"])
    assert exc.value.code == 2
    assert "--report-field 'text' would overwrite the repaired --field" in capsys.readouterr().err


def test_a_utf8_bom_before_the_first_record_is_accepted(cli, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl({"id": 1, "text": MOJIBAKE}, {"id": 2, "text": CLEAN}))
    code, out, err = cli("--jsonl", str(path), str(path))
    assert code == 0 and "0 errors" in err
    assert [r["id"] for r in parse(out)] == [1, 2, 1, 2]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _run_with_two_workers(tmp_path) -> tuple[subprocess.Popen, Path]:
    """A --jobs 2 run long enough to be interrupted, once both workers are up."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(*({"id": i, "text": MOJIBAKE * 40} for i in range(20000))))
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen(command("--jsonl", "--no-names", "--jobs", "2", "-o", str(target), str(src)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    return proc, target


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_parent_leaves_no_workers_and_sigterm_no_temp_file(tmp_path, sig):
    proc, target = _run_with_two_workers(tmp_path)
    workers = _children(proc.pid)
    assert len(workers) >= 2
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(w) for w in workers)
    assert not target.exists()
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        assert err.decode().splitlines()[-1] == "textrepair: terminated" and b"Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no temp file


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_worker_that_dies_is_a_one_line_error(tmp_path):
    proc, target = _run_with_two_workers(tmp_path)
    os.kill(_children(proc.pid)[0], signal.SIGKILL)  # what the out-of-memory killer does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.decode().splitlines()[-1] == ("textrepair: error: a worker process died (killed, or out of "
                                             "memory?); the run is incomplete")
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


class _Unpicklable(Exception):
    def __init__(self, message, *, detail):  # keyword-only: pickle cannot rebuild it
        super().__init__(message)
        self.detail = detail


def test_an_exception_that_cannot_travel_from_a_worker_is_still_one_error_record(cli, monkeypatch):
    real = textrepair.batch.repair

    def failing(text, *args, **kwargs):
        if "BOOM" in text:
            raise _Unpicklable("odd", detail=1)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(textrepair.batch, "repair", failing)
    records = [{"id": i, "text": "BOOM" if i == 5 else CLEAN} for i in range(80)]
    code, out, err = cli("--jsonl", "--no-names", "--no-flags", "--on-error", "skip", "--jobs", "2",
                         stdin=jsonl(*records))
    assert code == 0 and len(parse(out)) == 79
    assert err.splitlines()[0] == "textrepair: <stdin>:6: repair failed: RuntimeError: _Unpicklable: odd"
