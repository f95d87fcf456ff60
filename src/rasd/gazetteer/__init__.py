"""Places with Arabic names: the gazetteer, and choosing among namesakes.

    from rasd.gazetteer import Gazetteer, PlaceContext, rank
    gazetteer = Gazetteer.load()                     # once per process, cached
    ranked = rank(gazetteer.candidates("الصالحيه"), PlaceContext(country_hint="Syria"))
"""
from rasd.gazetteer.index import Entry, Gazetteer, Place
from rasd.gazetteer.resolve import PlaceContext, Scored, haversine_km, rank

__all__ = ["Entry", "Gazetteer", "Place", "PlaceContext", "Scored", "haversine_km", "rank"]
