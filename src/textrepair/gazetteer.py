"""Gazetteers: the proper names that :func:`textrepair.fix_names` corrects towards.

A gazetteer is a list of entities, each with a name, a kind and aliases.  On
disk it is a TSV file, one entity a line::

    # name<TAB>kind<TAB>alias|alias   ('#' starts a comment; more columns are ignored)
    Ishaq Dar	person	Dar|Mohammad Ishaq Dar

>>> g = Gazetteer([("Ishaq Dar", "person", ["Dar"]), ("Kabul", "place")])
>>> len(g), g.is_surface_token("dar"), g.is_surface_token("Dan")
(2, True, False)
>>> [(c.spelling, round(c.distance, 1)) for c in g.candidates("Kabol")]
[('Kabul', 1.0)]
>>> (g + Gazetteer([("Lahore", "place")])).fingerprint == g.fingerprint
False

Matching works on *keys*: a name folded to lower-case ASCII and run through
transliteration equivalences (``ph``→``f``, ``kh``→``k``, ``ou``→``u``, double
letters …), so ``Iphtikhar`` and ``Iftikhar`` share the key ``iftikar``.  The
candidate index is a symmetric-delete index over those keys plus an exact
consonant-skeleton index: a look-up touches a number of keys that depends on
the length of the word, never on the size of the gazetteer.
"""

from __future__ import annotations

import contextlib
from array import array
import functools
import gc
import hashlib
import logging
import marshal
import re
import os
import sys
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar, Union

import regex
from rapidfuzz.distance import OSA, Levenshtein

__all__ = ["Entity", "Gazetteer", "Candidate", "fold", "translit_key", "name_tokens"]

EntryLike = Union["Entity", Sequence]

#: A word: letters (with combining marks) and internal apostrophes (O'Brien, Dar's).
TOKEN_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")

# Letters NFKD does not decompose.
_FOLD_TABLE = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    "ı": "i", "ʿ": "", "ʾ": "", "ʼ": "", "‘": "", "’": "", "'": "",
})

# Transliteration equivalences, applied in order to a folded lower-case word.
# Longer patterns first so that e.g. "tsch" is not read as "t" + "sch".
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"), ("dzh", "j"), ("sch", "sh"), ("tch", "ch"), ("cz", "ch"),
    ("sz", "sh"), ("zh", "j"), ("ph", "f"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("bh", "b"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("ee", "i"),
    ("oo", "u"), ("ou", "u"), ("ow", "ov"), ("w", "v"), ("j", "y"), ("y", "i"),
    ("z", "s"),
)
_NO_VOWELS = str.maketrans("", "", "aeiou")
_DOUBLE_RE = re.compile(r"(.)\1+")  # the stdlib engine: faster on these tiny strings
_NON_LETTER_RE = regex.compile(r"[^a-z]+")


def fold(text: str) -> str:
    """``text`` in lower case with diacritics removed.

    >>> fold("Kandahār"), fold("Łódź"), fold("O'Brien")
    ('kandahar', 'lodz', 'obrien')
    """
    if text.isascii():
        return (text.replace("'", "") if "'" in text else text).lower()
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def translit_key(word: str) -> str:
    """The key of ``word`` under transliteration equivalences.

    >>> translit_key("Iphtikhar"), translit_key("Iftikhar"), translit_key("Fordous")
    ('iftikar', 'iftikar', 'fordus')
    """
    key = _NON_LETTER_RE.sub("", fold(word))
    for a, b in _TRANSLIT_RULES:
        if a in key:
            key = key.replace(a, b)
    return _undouble(key)


def _undouble(key: str) -> str:
    return _DOUBLE_RE.sub(r"\1", key) if _DOUBLE_RE.search(key) else key


def skeleton(key: str) -> str:
    """A transliteration key without its vowels (the first letter is kept).

    >>> skeleton(translit_key("Sebzevar")) == skeleton(translit_key("Sabzevar"))
    True
    """
    return _undouble(key[:1] + key[1:].translate(_NO_VOWELS))


def name_tokens(name: str) -> list[str]:
    """The words of a name.

    >>> name_tokens("Tehrik-i-Taliban Pakistan")
    ['Tehrik', 'i', 'Taliban', 'Pakistan']
    """
    return TOKEN_RE.findall(name)


@dataclass(frozen=True, slots=True)
class Entity:
    """One gazetteer entry: the preferred ``name``, a ``kind`` and other spellings.

    ``translations`` are words a machine translation wrote for the name
    (Spanish *la visita de Dar* came out *the visit of giving*); in the TSV
    they are aliases marked with ``~`` (``Dar|~giving``).  They are never
    edits, only flags (see :func:`textrepair.names.name_flags`).
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    translations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("an entity needs a non-empty name")
        if not isinstance(self.kind, str) or not self.kind.strip():
            raise ValueError(f"entity {self.name!r} needs a kind")
        for field in ("aliases", "translations"):
            value = getattr(self, field)
            if value == ():
                continue  # most entries: nothing to normalise (fast for 100k-line files)
            items = (value,) if isinstance(value, str) else tuple(value)
            object.__setattr__(self, field, tuple(a for a in items if a.strip()))

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)

    def line(self) -> str:
        """The entity as a line of the TSV format."""
        return "\t".join((self.name, self.kind, "|".join((*self.aliases, *("~" + t for t in self.translations)))))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer word near a looked-up word.

    ``spelling`` is the word as the gazetteer writes it, ``entities`` the
    indices of the entities that contain it, ``distance`` the edit distance
    after transliteration folding (a pure transliteration difference costs
    0.5) and ``edits`` the plain edit distance of the folded spellings.
    """

    spelling: str
    entities: tuple[int, ...]
    distance: float
    edits: int


class Gazetteer:
    """An immutable collection of :class:`Entity` with a candidate index.

    Build one from entities or ``(name, kind[, aliases])`` tuples, or with
    :meth:`from_file`.  ``a + b`` holds the entities of both.  Pickling keeps
    only the entities; the index is rebuilt lazily on first use.

    ``open_world=True`` marks the entries as a general list (like the
    built-in world places) rather than the names a document is expected to
    mention: without evidence in the document, a word is then corrected only
    to a name that is common in English text.
    """

    __slots__ = ("_entities", "_open", "_fingerprint", "_index", "_translations")

    def __init__(self, entries: Iterable[EntryLike] = (), *, open_world: bool = False) -> None:
        entities: list[Entity] = []
        seen: set[Entity] = set()
        for entry in entries:
            entity = entry if isinstance(entry, Entity) else _entity_from_tuple(entry)
            if entity not in seen:
                seen.add(entity)
                entities.append(entity)
        self._entities: tuple[Entity, ...] = tuple(entities)
        self._open: frozenset[int] = frozenset(range(len(entities))) if open_world else frozenset()
        self._fingerprint: str | None = None
        self._index: _Index | None = None
        self._translations: dict[str, tuple[int, ...]] | None = None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Gazetteer:
        """Read a TSV gazetteer; a malformed row is a ValueError naming file and line."""
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            lineno = data.count(b"\n", 0, exc.start) + 1
            raise ValueError(f"{os.fspath(path)}, line {lineno}: not UTF-8 ({exc.reason})") from None
        entities: list[Entity] = []
        with _gc_paused():
            for lineno, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
                entity = _parse_line(line, lineno, path)
                if entity is not None:
                    entities.append(entity)
            return cls(entities)

    def _state(self) -> tuple:
        """The entities, which of them are open-world, and the fingerprint, as
        plain tuples and strings (for marshal): see :meth:`_from_state`."""
        rows = tuple((e.name, e.kind, e.aliases, e.translations) for e in self._entities)
        return rows, tuple(sorted(self._open)), self.fingerprint

    @classmethod
    def _from_state(cls, state: tuple) -> Gazetteer:
        """A gazetteer from :meth:`_state` of one built before: its entities
        were checked and deduplicated then, so they are not checked again
        (which is what makes a 39k-entity list load in a few milliseconds)."""
        rows, open_ids, fingerprint = state
        if not (isinstance(rows, tuple) and isinstance(open_ids, tuple) and isinstance(fingerprint, str)):
            raise ValueError("not a gazetteer")
        new, set_field = object.__new__, object.__setattr__
        entities = []
        for name, kind, aliases, translations in rows:
            entity = new(Entity)
            set_field(entity, "name", name)
            set_field(entity, "kind", kind)
            set_field(entity, "aliases", aliases)
            set_field(entity, "translations", translations)
            entities.append(entity)
        gazetteer = cls()
        gazetteer._entities = tuple(entities)
        gazetteer._open = frozenset(open_ids)
        gazetteer._fingerprint = fingerprint
        return gazetteer

    # -- collection protocol --------------------------------------------
    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities)

    def __getitem__(self, i: int) -> Entity:
        return self._entities[i]

    def __add__(self, other: object) -> Gazetteer:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        combined = Gazetteer((*self._entities, *other._entities))
        position = {e: i for i, e in enumerate(combined._entities)}
        # An entity listed by a closed gazetteer stays closed.
        closed = {position[e] for g in (self, other) for i, e in enumerate(g._entities) if i not in g._open}
        combined._open = frozenset(range(len(combined))) - closed
        return combined

    def is_open_world(self, i: int) -> bool:
        """Whether entity ``i`` comes from a general (open-world) list."""
        return i in self._open

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Gazetteer) and self._entities == other._entities
                and self._open == other._open)

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"<Gazetteer of {len(self)} entities {self.fingerprint[:12]}>"

    def __getstate__(self) -> tuple[tuple[Entity, ...], frozenset[int]]:
        return self._entities, self._open

    def __setstate__(self, state: tuple[tuple[Entity, ...], frozenset[int]]) -> None:
        self._entities, self._open = state
        self._fingerprint = None
        self._translations = None
        self._index = None

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the entities in order: equal across processes and pickles."""
        if self._fingerprint is None:
            h = hashlib.sha256()
            for i, e in enumerate(self._entities):
                h.update(e.line().encode("utf-8", "surrogatepass"))
                h.update(b"\t*\n" if i in self._open else b"\n")
            self._fingerprint = h.hexdigest()
        return self._fingerprint

    # -- matching ----------------------------------------------------------
    @property
    def index(self) -> _Index:
        """The candidate index, built on first use (and for a large gazetteer
        kept in an on-disk cache keyed by the fingerprint, see :func:`cache_dir`)."""
        if self._index is None:
            # One build or load per gazetteer, however many threads ask at once.
            with _INDEX_LOCK, _gc_paused():  # the build allocates ~10 objects a word; collections only slow it
                if self._index is None:
                    self._index = _cached_index(self._entities, self.fingerprint)
        return self._index

    @property
    def translations(self) -> dict[str, tuple[int, ...]]:
        """Folded translation words (``giving``) -> the entities they may stand for."""
        if self._translations is None:
            found: dict[str, list[int]] = {}
            for i, e in enumerate(self._entities):
                for t in e.translations:
                    found.setdefault(" ".join(fold(w) for w in name_tokens(t)), []).append(i)
            self._translations = {k: tuple(v) for k, v in found.items() if k}
        return self._translations

    def is_surface_token(self, word: str) -> bool:
        """Whether ``word`` (any case, any diacritics) is a word of a name or alias."""
        return fold(word) in self.index.surface_words

    def candidates(self, word: str, *, max_distance: float = 2.0) -> list[Candidate]:
        """Gazetteer words near ``word``, nearest first (at most ``max_distance``)."""
        return self.index.lookup(word, max_distance)


def _parse_line(line: str, lineno: int, path: str | os.PathLike[str]) -> Entity | None:
    """One TSV line as an entity (None for blank and comment lines)."""
    line = line.rstrip("\r")
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    cols = line.split("\t")
    name = cols[0].strip()
    kind = cols[1].strip() if len(cols) > 1 else ""
    if not name or not kind:
        what = "empty name" if not name else "no kind (columns must be separated by tabs)"
        raise ValueError(f"{os.fspath(path)}, line {lineno}: {what}: {line[:60]!r}")
    if len(cols) < 3 or not cols[2].strip():
        return Entity(name, kind)
    listed = [a.strip() for a in cols[2].split("|")]
    aliases = tuple(a for a in listed if a and not a.startswith("~"))
    translations = tuple(a[1:].strip() for a in listed if a.startswith("~"))
    return Entity(name, kind, aliases, translations)


def _entity_from_tuple(entry: Sequence) -> Entity:
    if isinstance(entry, str) or not 2 <= len(entry) <= 3:
        raise ValueError(f"a gazetteer entry is (name, kind[, aliases]), not {entry!r}")
    return Entity(entry[0], entry[1], tuple(entry[2]) if len(entry) == 3 else ())


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_dir() -> Path | None:
    """Where compiled indexes of large gazetteers are cached:
    ``$TEXTREPAIR_CACHE_DIR``, else ``$XDG_CACHE_HOME/textrepair`` (by default
    ``~/.cache/textrepair``).  An empty ``TEXTREPAIR_CACHE_DIR`` turns the cache off."""
    env = os.environ.get("TEXTREPAIR_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textrepair"


# Gazetteers smaller than this build their index faster than a cache file loads.
_CACHE_MIN_ENTITIES = 20_000

_INDEX_LOCK = threading.RLock()

_log = logging.getLogger("textrepair")


def _index_version() -> str:
    # A change to the key functions must invalidate cached indexes.
    spec = repr((_INDEX_FORMAT, _TRANSLIT_RULES, sorted(_FOLD_TABLE.items()), _KEY_LETTERS_HINT,
                 sys.version_info[:2]))  # marshal's format may change with Python
    return hashlib.sha256(spec.encode()).hexdigest()[:12]


_INDEX_FORMAT = 4
_KEY_LETTERS_HINT = "symmetric-delete-1+skeleton"


def _cached_index(entities: Sequence[Entity], fingerprint: str) -> _Index:
    folder = cache_dir() if len(entities) >= _CACHE_MIN_ENTITIES else None
    if folder is None:
        return _Index(entities)
    path = folder / f"index-{_index_version()}-{fingerprint[:32]}.marshal"
    cached = read_marshal_cache(path, _Index.from_state, "an index")
    if cached is not None:
        return cached
    index = _Index(entities)
    write_cache(path, marshal.dumps(index.state()))
    return index


# A cache file: magic and format version, payload length, SHA-256 of the
# payload, payload.  Anything else (empty, cut short, zero-filled, overwritten,
# flipped bytes) fails the check, is reported once and is rebuilt.
_CACHE_MAGIC = b"textrepair-cache-v1\n"
_CACHE_HEADER = len(_CACHE_MAGIC) + 8 + 32
_reported: set[str] = set()


def read_cache(path: Path) -> bytes | None:
    """The payload of the cache file ``path``; None when it is missing or bad
    (a bad file is reported once per process via the ``textrepair`` logger)."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        _report(path, f"cannot be read ({e.strerror or e})")
        return None
    if not blob.startswith(_CACHE_MAGIC):
        _report(path, "has no textrepair cache header (empty, zero-filled or foreign content)")
        return None
    size = int.from_bytes(blob[len(_CACHE_MAGIC):len(_CACHE_MAGIC) + 8], "little")
    digest = blob[len(_CACHE_MAGIC) + 8:_CACHE_HEADER]
    payload = blob[_CACHE_HEADER:]
    if len(payload) != size:
        _report(path, f"is cut short or padded ({len(payload)} of {size} bytes)")
        return None
    if hashlib.sha256(payload).digest() != digest:
        _report(path, "fails its checksum (corrupted)")
        return None
    return payload


def read_marshal_cache(path: Path, restore: Callable[[Any], _T], what: str) -> _T | None:
    """``restore(state)`` of the marshalled state in the cache file ``path``;
    None when the file is missing, bad, or does not hold ``what``."""
    data = read_cache(path)
    if data is None:
        return None
    try:
        return restore(marshal.loads(data))
    except (EOFError, ValueError, TypeError, IndexError) as e:
        # The checksum matched, so the writer itself was wrong: rebuild all the same.
        _report(path, f"does not hold {what} ({e})")
        return None


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically and durably: concurrent readers never see
    half a file, and a crash never leaves a file that passes the checksum
    with the wrong contents."""
    blob = _CACHE_MAGIC + len(data).to_bytes(8, "little") + hashlib.sha256(data).digest() + data
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(path.parent)
    except OSError as e:
        # A read-only or full cache only costs the rebuild next time.
        _report(path, f"cannot be written ({e.strerror or e})", "it is rebuilt in every process")
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _report(path: Path, problem: str, consequence: str = "rebuilding it") -> None:
    key = f"{path}: {problem.split(' (')[0]}"
    if key not in _reported:
        _reported.add(key)
        _log.warning("textrepair: cache file %s %s; %s", path, problem, consequence)


_T = TypeVar("_T")


def once(build: Callable[[], _T]) -> Callable[[], _T]:
    """``build()`` computed on first call and shared, also by threads that ask
    at the same moment (``functools.lru_cache`` would let each of them build);
    ``.cache_clear()`` forgets it."""
    lock = threading.Lock()
    cell: list[_T] = []

    @functools.wraps(build)
    def get() -> _T:
        if not cell:
            with lock:
                if not cell:
                    cell.append(build())
        return cell[0]

    get.cache_clear = cell.clear  # type: ignore[attr-defined]
    return get


class _Index:
    """Words of the gazetteer's names, found by key neighbourhood.

    ``by_key`` maps each transliteration key, every key with one letter
    deleted, and every consonant skeleton (prefixed with ``#``) to a bucket
    number ``j``; the bucket's words are ``bucket_words[bucket_starts[j]:
    bucket_starts[j + 1]]``, numbered as in ``spellings``.  Flat arrays keep
    a 100k-name index to a few objects per word, which is what makes the
    cached form load fast.
    """

    __slots__ = ("spellings", "word_entities", "surface_words", "by_key", "bucket_words",
                 "bucket_starts", "words_folded", "word_ids", "word_keys", "surfaces_folded",
                 "max_surface_words", "accented", "_slots", "_pairs", "_ends", "_entity_names", "_lookups")

    def __init__(self, entities: Sequence[Entity]) -> None:
        ids: dict[str, int] = {}
        self.spellings: list[str] = []
        word_entities: list[list[int]] = []
        self.surface_words: set[str] = set()
        # Folded surface (whole name or alias, words joined by a space) -> entities.
        surfaces: dict[str, list[int]] = {}
        self.surfaces_folded: Mapping[str, Sequence[int]] = surfaces
        self.max_surface_words = 1
        # Folded word -> its spellings, for words some name spells with diacritics.
        accented: dict[str, list[str]] = {}
        plain: dict[str, str] = {}  # folded word -> its first plain-ASCII spelling
        for ei, entity in enumerate(entities):
            for surface in entity.surfaces:
                words = name_tokens(surface)
                self.max_surface_words = max(self.max_surface_words, len(words))
                surfaces.setdefault(" ".join(fold(w) for w in words), []).append(ei)
                for w in words:
                    f = fold(w)
                    self.surface_words.add(f)
                    if w.isascii():
                        plain.setdefault(f, w)
                    elif w not in accented.setdefault(f, []):
                        accented[f].append(w)
                    # Only capitalised words of 3+ letters are correction targets.
                    if len(f) < 3 or not w[0].isupper():
                        continue
                    i = ids.get(f)
                    if i is None:
                        i = ids[f] = len(self.spellings)
                        self.spellings.append(w)
                        word_entities.append([])
                    if not word_entities[i] or word_entities[i][-1] != ei:
                        word_entities[i].append(ei)
        self.accented: dict[str, tuple[str, ...]] = {
            f: (*spelled, plain[f]) if f in plain else tuple(spelled) for f, spelled in accented.items()}
        self._slots: dict[str, list[tuple[tuple[str, ...], int]]] | None = None
        self._pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] | None = None
        self._ends: tuple[dict, dict] | None = None
        self._entity_names: dict[int, list[tuple[str, ...]]] = {}
        self._lookups: dict[float, dict[str, list[Candidate]]] = {}
        self.word_entities: list[tuple[int, ...]] = [tuple(x) for x in word_entities]
        self.words_folded: list[str] = list(ids)
        self.word_ids = ids
        self.word_keys = [translit_key(f) for f in self.words_folded]
        # Most keys belong to one word: those hold the bare number, not a list.
        buckets: dict[str, int | list[int]] = {}
        for i, key in enumerate(self.word_keys):
            for k in _index_keys(key):
                bucket = buckets.get(k)
                if bucket is None:
                    buckets[k] = i
                elif isinstance(bucket, int):
                    buckets[k] = [bucket, i]
                else:
                    bucket.append(i)
        self.bucket_words = array("i")
        self.bucket_starts = array("i", [0])
        for bucket in buckets.values():
            if isinstance(bucket, int):
                self.bucket_words.append(bucket)
            else:
                self.bucket_words.extend(bucket)
            self.bucket_starts.append(len(self.bucket_words))
        self.by_key = dict(zip(buckets, range(len(buckets))))

    def state(self) -> tuple:
        """The index as a few strings and byte arrays (for marshal)."""
        entity_ids, entity_starts = _flatten(self.word_entities)
        surface_ids, surface_starts = _flatten(list(self.surfaces_folded.values()))
        return ("\n".join(self.spellings), "\n".join(self.words_folded), "\n".join(self.word_keys),
                "\n".join(self.by_key), self.bucket_words.tobytes(), self.bucket_starts.tobytes(),
                entity_ids, entity_starts, "\n".join(sorted(self.surface_words)),
                "\n".join(self.surfaces_folded), surface_ids, surface_starts, self.max_surface_words,
                "\n".join(f"{f}\t{'|'.join(sp)}" for f, sp in self.accented.items()))

    @classmethod
    def from_state(cls, state: tuple) -> _Index:
        if not isinstance(state, tuple) or len(state) != 14 or not all(
                isinstance(x, t) for x, t in zip(state, (str, str, str, str, bytes, bytes, bytes, bytes,
                                                         str, str, bytes, bytes, int, str))):
            raise ValueError("not an index")
        (spellings, words, keys, index_keys, bucket_words, bucket_starts, entity_ids, entity_starts,
         surface_words, surfaces, surface_ids, surface_starts, max_surface_words, accented) = state
        index = cls.__new__(cls)
        index.spellings = spellings.split("\n")
        index.words_folded = words.split("\n")
        index.word_keys = keys.split("\n")
        index.word_ids = dict(zip(index.words_folded, range(len(index.words_folded))))
        by_key = index_keys.split("\n")
        index.by_key = dict(zip(by_key, range(len(by_key))))
        index.bucket_words = array("i")
        index.bucket_words.frombytes(bucket_words)
        index.bucket_starts = array("i")
        index.bucket_starts.frombytes(bucket_starts)
        index.word_entities = _unflatten(entity_ids, entity_starts)
        index.surface_words = set(surface_words.split("\n"))
        index.surfaces_folded = dict(zip(surfaces.split("\n"), _unflatten(surface_ids, surface_starts)))
        index.max_surface_words = max_surface_words
        index.accented = {f: tuple(sp.split("|")) for f, _, sp in
                          (line.partition("\t") for line in accented.split("\n") if line)}
        index._slots = index._pairs = index._ends = None
        index._entity_names = {}
        index._lookups = {}
        return index

    def entity_names(self, ei: int, gazetteer: Gazetteer) -> list[tuple[str, ...]]:
        """The folded words of each name and alias of entity ``ei`` (memoised)."""
        names = self._entity_names.get(ei)
        if names is None:
            names = self._entity_names[ei] = [tuple(fold(w) for w in name_tokens(s))
                                              for s in gazetteer[ei].surfaces]
        return names

    def lookups(self, max_distance: float) -> dict[str, list[Candidate]]:
        """A memo of :meth:`lookup` results by folded word, shared by every
        document read against this index: a corpus repeats its capitalised
        words, and a look-up depends on the word alone.  Its callers treat
        the lists as read-only; it is emptied when it grows past
        ``_MAX_LOOKUPS`` words, so memory stays bounded."""
        memo = self._lookups.get(max_distance)
        if memo is None or len(memo) > _MAX_LOOKUPS:
            memo = self._lookups[max_distance] = {}
        return memo

    def accented_spelling(self, word: str) -> str | None:
        """The gazetteer's spelling of ``word`` when it writes the word with
        diacritics and never without (``Jägermeister``), else None.

        >>> _Index([Entity("Zürich", "city", ("Zurich",)), Entity("Mérida", "city")]).accented_spelling("merida")
        'Mérida'
        """
        spelled = self.accented.get(fold(word))
        if not spelled or spelled[-1].isascii():
            return None
        return spelled[0]

    @property
    def slots(self) -> dict[str, list[tuple[tuple[str, ...], int]]]:
        """Folded word -> the multi-word names (as folded word tuples) that
        have it, with its position (built on first use)."""
        if self._slots is None:
            slots: dict[str, list[tuple[tuple[str, ...], int]]] = {}
            for surface in self.surfaces_folded:
                words = tuple(surface.split(" "))
                if len(words) > 1:
                    for p, w in enumerate(words):
                        slots.setdefault(w, []).append((words, p))
            self._slots = slots
        return self._slots

    @property
    def pairs(self) -> dict[tuple[str, str], list[tuple[tuple[str, ...], int]]]:
        """Two neighbouring folded words -> the multi-word names that have
        them, with the position of the first (built on first use)."""
        if self._pairs is None:
            pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
            for surface in self.surfaces_folded:
                words = tuple(surface.split(" "))
                for p in range(len(words) - 1):
                    pairs.setdefault((words[p], words[p + 1]), []).append((words, p))
            self._pairs = pairs
        return self._pairs

    @property
    def ends(self) -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
        """Multi-word names by their first and by their last folded word."""
        if self._ends is None:
            first: dict[str, list[tuple[str, ...]]] = {}
            last: dict[str, list[tuple[str, ...]]] = {}
            for words, p in ((w, p) for ws in self.slots.values() for w, p in ws):
                if p == 0:
                    first.setdefault(words[0], []).append(words)
                if p == len(words) - 1:
                    last.setdefault(words[-1], []).append(words)
            self._ends = first, last
        return self._ends

    def lookup(self, word: str, max_distance: float) -> list[Candidate]:
        f = fold(word)
        key = translit_key(f)
        if not 2 <= len(key) <= 64:
            return []
        found: set[int] = set()
        by_key, starts, bucket_words = self.by_key, self.bucket_starts, self.bucket_words
        # Symmetric delete: the query's keys meet the stored keys of every word
        # one edit away (two, when both lost a letter at the same place).
        for k in _index_keys(key):
            j = by_key.get(k)
            if j is None:
                continue
            start, end = starts[j], starts[j + 1]
            if end - start == 1:
                found.add(bucket_words[start])
            elif end - start <= _MAX_BUCKET:
                found.update(bucket_words[start:end])
        out: list[Candidate] = []
        # Keys more than max_distance apart cannot be close: a cheap C filter first.
        cutoff = int(max_distance) + 1
        keys, words = self.word_keys, self.words_folded
        for i in found:
            g = words[i]
            if g == f or OSA.distance(key, keys[i], score_cutoff=cutoff) > cutoff:
                continue
            dist = _distance(f, key, g, keys[i])
            if dist <= max_distance:
                out.append(Candidate(self.spellings[i], self.word_entities[i], dist,
                                     Levenshtein.distance(f, g)))
        out.sort(key=lambda c: (c.distance, c.edits, c.spelling))
        return out


def _flatten(groups: Sequence[Sequence[int]]) -> tuple[bytes, bytes]:
    flat, starts = array("i"), array("i", [0])
    for g in groups:
        flat.extend(g)
        starts.append(len(flat))
    return flat.tobytes(), starts.tobytes()


def _unflatten(flat_bytes: bytes, starts_bytes: bytes) -> list[tuple[int, ...]]:
    flat, starts = array("i"), array("i")
    flat.frombytes(flat_bytes)
    starts.frombytes(starts_bytes)
    items = flat.tolist()
    bounds = starts.tolist()
    return [tuple(items[a:b]) for a, b in zip(bounds, bounds[1:])]


# Words whose look-ups an index remembers (see _Index.lookups).
_MAX_LOOKUPS = 1 << 14  # about 0.7 kB a word: at most ~12 MB

# A key shared by more words than this says nothing (e.g. a two-letter skeleton).
_MAX_BUCKET = 100


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


def _index_keys(key: str) -> set[str]:
    keys = {key, "#" + skeleton(key)}
    if len(key) >= 3:
        keys |= _deletes(key)
    return keys


def word_distance(folded: str, key: str, other_folded: str) -> float:
    """Edit distance between two folded words that counts a transliteration
    difference (same key, different spelling) as half an edit and a swap of
    neighbouring letters (``Kakfa``) as one.

    >>> word_distance("iphtikhar", translit_key("iphtikhar"), "iftikhar")
    0.5
    >>> word_distance("dan", "dan", "dar")
    1.0
    >>> word_distance("kakfa", "kakfa", "kafka")
    1.0
    """
    return _distance(folded, key, other_folded, translit_key(other_folded))


def _distance(folded: str, key: str, other_folded: str, other_key: str) -> float:
    plain = OSA.distance(folded, other_folded)
    keyed = OSA.distance(key, other_key)
    if keyed == 0:
        return min(float(plain), 0.5)
    # A difference in the key that is also a difference in the spelling counts once.
    return float(min(plain, keyed + 0.5))
